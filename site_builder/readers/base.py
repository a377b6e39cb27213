"""The reader interface. The table in `readers/__init__.py` is the extension point:
a new format is one module with a `Reader` subclass, placed in `table()` by precedence."""

from __future__ import annotations

from typing import ClassVar

from site_builder.models import Document
from site_builder.readers.frontmatter import FrontMatter
from site_builder.sources import SourceFile


class Reader:
    """Recognises a format by content and turns it into a `Document`.

    `detect` looks at the text (never the file name) and returns what it found that
    shows it can read it (a structure, a list of blocks, or simply True), or None. The
    registry asks the readers in the order of its table and hands the first finding to
    that reader's `read`, so detection and reading share one parse and precedence is
    written down in one place instead of emerging from scores.
    `read` gets the body (the text after any front matter) and the file line where the
    body starts, so line numbers in the Document are the file's. Metadata from front
    matter and sidecars is merged later, in one place (`readers.metadata`), so readers
    only report what the body itself says.
    """

    name: ClassVar[str] = "base"

    def detect(self, source: SourceFile, body: str, front: FrontMatter | None) -> object | None:
        raise NotImplementedError

    def read(self, source: SourceFile, body: str, first_line: int, front: FrontMatter | None,
             found: object) -> Document:
        raise NotImplementedError
