"""The reader registry: the format of a file is chosen by what it contains."""

from __future__ import annotations

from site_builder.errors import Reporter, SourceError
from site_builder.models import Document
from site_builder.readers import frontmatter, metadata
from site_builder.readers.base import Reader
from site_builder.sources import SourceFile

READERS: list[Reader] = []


def register(reader_cls: type[Reader]) -> type[Reader]:
    READERS.append(reader_cls())
    return reader_cls


def choose(source: SourceFile, front: frontmatter.FrontMatter | None) -> Reader:
    best, best_score = None, 0
    for reader in READERS:
        score = reader.score(source, front)
        if score > best_score:
            best, best_score = reader, score
    if best is None:
        raise SourceError(source.rel, "no reader recognises this document")
    return best


def read_document(source: SourceFile, sidecar: dict | None, reporter: Reporter) -> Document:
    """Parse one source file into a Document with its metadata merged."""
    front = frontmatter.split(source.text, source.rel)
    reader = choose(source, front)
    body, first_line = (front.body, front.body_line) if front else (source.text, 1)
    doc = reader.read(source, body, first_line, front)
    metadata.merge(doc, front.data if front else {}, origin=source.rel, reporter=reporter)
    metadata.merge(doc, sidecar or {}, origin=source.rel + " (sidecar)", reporter=reporter)
    for message in doc.warnings:
        reporter.warn(message, source.rel)
    return doc


def _load() -> None:
    # Imported for their @register side effect; the order breaks ties between equal scores.
    from site_builder.readers import roundup, qa, conversation, markdown, article  # noqa: F401


_load()
