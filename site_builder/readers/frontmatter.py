"""YAML front matter: split it from the body and parse it, with the file's line numbers in errors."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from site_builder import yamlload
from site_builder.errors import SourceError

_FENCE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(slots=True)
class FrontMatter:
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    lines: dict[str, int] = field(default_factory=dict)  # line of each top-level key, for messages


def _unescape(value):
    # Exporters write entities such as `&#38;` into YAML values; the site wants the characters.
    if isinstance(value, str):
        return html.unescape(value).strip()
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _unescape(v) for k, v in value.items()}
    return value


def split(text: str, rel: str) -> FrontMatter | None:
    """Front matter and body, None when the file has no front matter.

    Raises SourceError naming the line when the YAML is malformed.
    """
    m = _FENCE.match(text)
    if not m:
        return None
    data = yamlload.load(m.group(1), rel, "YAML front matter", first_line=2)  # line 1 is the fence
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(rel, "front matter must be a mapping of keys to values", 2)
    body_line = text.count("\n", 0, m.end()) + 1
    from site_builder.readers.metadata import key_lines

    return FrontMatter(_unescape(data), text[m.end():], body_line, key_lines(m.group(1), 2))
