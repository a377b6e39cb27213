"""A sorted walk of the content folder: which files are documents, and their text.

Decoding happens here once, so every reader sees clean `\n`-separated Unicode.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import Reporter

DOCUMENT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
SIDECAR_SUFFIX = ".meta.yaml"
# Files at the top of content/ that configure the site rather than being documents.
CONFIG_FILES = {"site.yaml", "issues.yaml", "experts.yaml", "sources.yaml"}
# One document past this is a dump, not an article: reading it would take minutes and its
# article and issue pages would be hundreds of megabytes.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(slots=True)
class SourceFile:
    rel: str  # forward-slash path relative to the content folder
    path: Path
    text: str
    digest: str  # sha256 of the raw bytes: the cache key for incremental rebuilds
    encoding: str
    root: Path | None = None  # the content folder, resolved: sidecars must stay inside it too


# Byte-order marks, longest first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
# C0 controls other than tab, newline, carriage return and form feed, and DEL: invalid in
# HTML, meaningless in text; NUL after the first 8 kB is not enough to call a file binary.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: bytes, rel: str, reporter: Reporter) -> tuple[str, str] | None:
    """Text and encoding name, or None (with a warning) for files that are not text."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return _clean(raw[len(bom):].decode(name), rel, reporter), name
            except UnicodeDecodeError as exc:
                line = raw[:len(bom) + exc.start].count("\n".encode(name)) + 1
                reporter.warn(f"starts with a {name.upper()} byte-order mark but is not {name.upper()} text; skipped", rel, line)
                return None
    if b"\x00" in raw[:8192]:
        reporter.warn("looks like a binary file, skipped", rel)
        return None
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 is a superset of latin-1's printable range and is what
        # Windows-exported text nearly always is; latin-1 never fails.
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "latin-1"
        reporter.warn(f"not valid UTF-8, decoded as {encoding}", rel)
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > 0.1 * min(len(text), 8192):
        reporter.warn("looks like a binary file, skipped", rel)
        return None
    return _clean(text, rel, reporter), encoding


def _clean(text: str, rel: str, reporter: Reporter) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROLS.findall(text))
    if controls:
        reporter.warn(f"removed {controls} control character(s) such as NUL", rel)
        text = _CONTROLS.sub("", text)
    return text


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_EXTENSIONS and not path.name.endswith(SIDECAR_SUFFIX)


def inside(path: Path, root: Path | None) -> bool:
    """Whether `path`, links resolved, is within `root` (already resolved)."""
    if root is None:
        return True
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return real == root or root in real.parents


def _files(content_dir: Path, reporter: Reporter) -> list[tuple[str, Path]]:
    """(relative path, path) of every file under `content_dir`, links followed only while they
    stay inside it: a link to /etc/passwd must not become a published page. Each real folder
    is walked once, so a link loop ends."""
    root = content_dir.resolve()
    found: list[tuple[str, Path]] = []
    walked: set[Path] = set()
    stack = [(content_dir, "")]
    while stack:
        folder, prefix = stack.pop()
        real = folder.resolve()
        if real in walked:
            continue
        walked.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            reporter.warn(f"cannot read this folder: {exc.strerror or exc}; skipped", prefix.rstrip("/") or ".")
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not inside(path, root):
                reporter.warn("is a link to something outside the content folder (or to nothing); skipped", rel)
                continue
            try:
                if entry.is_dir():
                    stack.append((path, rel + "/"))
                elif entry.is_file():
                    found.append((rel, path))
            except OSError:
                continue
    return sorted(found)


def walk(content_dir: Path, reporter: Reporter) -> list[SourceFile]:
    """Every document under `content_dir`, sorted by relative path."""
    found: list[SourceFile] = []
    ignored: list[str] = []
    root = content_dir.resolve()
    for rel, path in _files(content_dir, reporter):
        if rel in CONFIG_FILES or rel.endswith(SIDECAR_SUFFIX):
            continue
        if not is_document(path):
            ignored.append(rel)
            continue
        source = read_source(path, rel, reporter)
        if source is not None:
            source.root = root
            found.append(source)
    if ignored:
        reporter.warn("ignored files with unknown extensions: " + ", ".join(ignored))
    return found


def read_source(path: Path, rel: str, reporter: Reporter) -> SourceFile | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            reporter.warn(f"file is {size / (1024 * 1024):.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit "
                          "for one document; skipped (split it into smaller documents)", rel)
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the size may have changed since stat
    except OSError as exc:
        reporter.warn(f"cannot read this file: {exc.strerror or exc}; skipped", rel)
        return None
    if len(raw) > MAX_BYTES:
        reporter.warn(f"file is over the {MAX_BYTES // (1024 * 1024)} MB limit for one document; skipped", rel)
        return None
    decoded = decode(raw, rel, reporter)
    if decoded is None:
        return None
    if not decoded[0].strip():
        reporter.warn("empty file, skipped", rel)
        return None
    return SourceFile(rel, path, decoded[0], hashlib.sha256(raw).hexdigest(), decoded[1])
