"""The one way YAML is read: bounded, dates kept as text, every error a SourceError.

PyYAML's safe loader still expands aliases and builds nested structures without
limit: 485 bytes of nested `&a [*b, *b, ...]` aliases blow up to gigabytes once
anything walks the result. No file this project reads needs aliases, so they are
refused outright rather than budgeted. Timestamps are left as text so that one
place (`models.PartialDate.parse`) decides what a valid date is; PyYAML would
raise a bare ValueError for `2024-02-30`.
"""

from __future__ import annotations

import yaml

from site_builder.errors import SourceError, yaml_error

# Metadata, sidecars and curation files are small; anything bigger is a mistake
# (or an attack), refused before the parser sees it.
MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 50


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases, without implicit timestamps and with a nesting limit."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed", event.start_mark)
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str, path: str, what: str = "YAML", first_line: int = 1):
    """Parse `text` (from `path`, whose line `first_line` is the text's first line)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise SourceError(path, f"{what} is over {MAX_YAML_BYTES // 1024} kB; refusing to parse it", first_line)
    try:
        return yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - BoundedLoader is a SafeLoader
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, what, first_line) from None
    except RecursionError:
        raise SourceError(path, f"malformed {what}: nested too deeply", first_line) from None


def compose(text: str, path: str, what: str = "YAML"):
    """The node tree (with line marks) of `text`, under the same bounds as `load`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise SourceError(path, f"{what} is over {MAX_YAML_BYTES // 1024} kB; refusing to parse it")
    try:
        return yaml.compose(text, Loader=BoundedLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc, what) from None
    except RecursionError:
        raise SourceError(path, f"malformed {what}: nested too deeply") from None


def read_text(path, rel: str) -> str:
    """A YAML file's text, with unreadable and non-UTF-8 files as SourceErrors naming `rel`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(rel, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_YAML_BYTES:
        raise SourceError(rel, f"file is over {MAX_YAML_BYTES // 1024} kB; refusing to parse it")
    try:
        return raw.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SourceError(rel, "not UTF-8 text (save it as UTF-8)", line) from None
