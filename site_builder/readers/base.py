"""The reader interface. The registry in `readers/__init__.py` is the extension point:
a new format is one module with a `Reader` subclass added to `READERS`."""

from __future__ import annotations

from typing import ClassVar

from site_builder.models import Document
from site_builder.readers.frontmatter import FrontMatter
from site_builder.sources import SourceFile


class Reader:
    """Recognises a format by content and turns it into a `Document`.

    `score` looks at the text (never the file name) and answers how sure the
    reader is that it can read it: 0 means no; the highest score wins.
    `read` gets the body (the text after any front matter) and the file line
    where the body starts, so line numbers in the Document are the file's.
    Metadata from front matter and sidecars is merged later, in one place
    (`readers.metadata`), so readers only report what the body itself says.
    """

    name: ClassVar[str] = "base"

    def score(self, source: SourceFile, front: FrontMatter | None) -> int:
        raise NotImplementedError

    def read(self, source: SourceFile, body: str, first_line: int, front: FrontMatter | None) -> Document:
        raise NotImplementedError
