"""Metadata merged in one place: sidecar over front matter over what the reader found."""

from __future__ import annotations

import re

from site_builder.errors import Reporter
from site_builder.models import MAX_YEAR, MIN_YEAR, Document, PartialDate
from site_builder.text import squash
from site_builder.urls import WEB_SCHEMES, safe_url

KNOWN_KEYS = {
    "title", "date", "publication", "publisher", "series", "url", "from", "source_url",
    "author", "authors", "kind", "slug", "summary", "description",
    "layout", "tags", "categories", "comments",  # Jekyll keys the site does not use
}


def _authors(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # "A, B & more" in exported front matter: names only, not the trailing "more"/"others".
        parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", value)
        return [squash(p) for p in parts if squash(p) and squash(p).lower() not in {"more", "others", "et al", "et al."}]
    if isinstance(value, list):
        return [squash(str(v)) for v in value if v and squash(str(v))]
    return [squash(str(value))]


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key in YAML `text`, so a message can point at it."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), first_line):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m:
            lines.setdefault(m.group(1), number)
    return lines


def merge(doc: Document, layer: dict, origin: str, reporter: Reporter, lines: dict[str, int] | None = None) -> Document:
    """Apply a metadata layer over what is already known. Unknown or invalid values are warned
    about, naming the file, the key and its line, and ignored."""
    lines = lines or {}
    for key, value in (layer or {}).items():
        key = str(key)
        line = lines.get(key)
        if key not in KNOWN_KEYS:
            reporter.warn(f"unknown metadata key '{key}' ignored", origin, line)
            continue
        if value is None or value == "" or value == []:
            continue
        if key == "title":
            doc.title, doc.title_derived = squash(str(value)), False
        elif key == "date" and str(value).strip().lower() == "unknown":
            doc.date, doc.date_unknown = None, True  # known to be unknown: not worth a warning
        elif key == "date":
            date = PartialDate.parse(value)
            if date is None:
                reporter.warn(f"'date: {value}' is not a real date as YYYY, YYYY-MM or YYYY-MM-DD "
                              f"(years {MIN_YEAR}-{MAX_YEAR}); ignored", origin, line)
            else:
                doc.date, doc.date_unknown = date, False
        elif key in ("publication", "publisher"):
            doc.publication = squash(str(value))
        elif key == "series":
            doc.series = squash(str(value))
        elif key in ("url", "from", "source_url"):
            url = safe_url(value, WEB_SCHEMES)
            if url is None:
                reporter.warn(f"'{key}' is not an http(s) address; ignored", origin, line)
            else:
                doc.url = url
        elif key in ("author", "authors"):
            names = _authors(value)
            truncated = isinstance(value, str) and re.search(r"\b(more|others|et al\.?)\s*$", value.strip(), re.I)
            # "A, B & more" names only the first few: the reader's full list wins when it agrees.
            if not (truncated and set(names) <= set(doc.authors)):
                doc.authors = names
        elif key == "kind":
            doc.kind = slug_kind(str(value))
        elif key == "slug":
            doc.slug = str(value).strip()
        elif key in ("summary", "description"):
            doc.summary = squash(str(value))
    return doc


def slug_kind(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "page"
