"""A sorted walk of the content folder: which files are documents, and their text.

Decoding happens here once, so every reader sees clean `\n`-separated Unicode.
"""

from __future__ import annotations

import hashlib
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


def decode(raw: bytes, rel: str, reporter: Reporter) -> tuple[str, str] | None:
    """Text and encoding name, or None (with a warning) for files that are not text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
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
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_EXTENSIONS and not path.name.endswith(SIDECAR_SUFFIX)


def walk(content_dir: Path, reporter: Reporter) -> list[SourceFile]:
    """Every document under `content_dir`, sorted by relative path."""
    found: list[SourceFile] = []
    ignored: list[str] = []
    for path in sorted(content_dir.rglob("*"), key=lambda p: p.relative_to(content_dir).as_posix()):
        rel = path.relative_to(content_dir).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in Path(rel).parts):
            continue
        if rel in CONFIG_FILES or rel.endswith(SIDECAR_SUFFIX):
            continue
        if not is_document(path):
            ignored.append(rel)
            continue
        source = read_source(path, rel, reporter)
        if source is not None:
            found.append(source)
    if ignored:
        reporter.warn("ignored files with unknown extensions: " + ", ".join(ignored))
    return found


def read_source(path: Path, rel: str, reporter: Reporter) -> SourceFile | None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        reporter.warn(f"file is {size / (1024 * 1024):.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit "
                      "for one document; skipped (split it into smaller documents)", rel)
        return None
    raw = path.read_bytes()
    decoded = decode(raw, rel, reporter)
    if decoded is None:
        return None
    if not decoded[0].strip():
        reporter.warn("empty file, skipped", rel)
        return None
    return SourceFile(rel, path, decoded[0], hashlib.sha256(raw).hexdigest(), decoded[1])
