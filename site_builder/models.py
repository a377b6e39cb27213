"""The document model every reader returns, and the partial date it carries.

Readers produce `Document`s; `extract/` and `corpus` only ever read them.
Line numbers are 1-based lines of the source file, kept so that messages and
the open data can point back at the exact place a passage came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A time may follow, after "T", a space, or (as some exporters write it) a dash: 2020-09-18-17-11-21.
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.+\-Z ]*|(?:-\d{2}){2,3})?$")
# Publications this site cites: nothing before printing presses spread, nothing far in the future
# (a typo such as 20233 or 0000 is caught here rather than printed in a feed).
MIN_YEAR, MAX_YEAR = 1700, 2100


@dataclass(slots=True, frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, value: object) -> PartialDate | None:
        """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (and ISO datetimes); None if not a date."""
        import datetime as _dt

        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()
        if isinstance(value, bool) or value is None:
            return None
        m = _ISO.match(str(value).strip())
        if not m:
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            _dt.date(year, month or 1, day or 1)  # a real calendar date: no 2024-02-30
        except ValueError:
            return None
        return cls(year, month, day)


@dataclass(slots=True)
class Passage:
    """One paragraph-sized unit of text, the smallest thing the site links to.

    `html` is already sanitized inline HTML (see `sanitize.py`); `text` is the
    same content as plain text, used for extraction, search and open data.
    """

    anchor: str
    text: str
    html: str
    line: int
    kind: str = "paragraph"  # paragraph | question | answer | contribution


@dataclass(slots=True)
class Section:
    """An ordered part of a document: the intro, one expert's contribution,
    one Q&A exchange, one contributor block.

    `speaker` is the contributor's name as the document writes it, `bio` the
    sentence the document gives about them ("X is the director of ...").
    """

    anchor: str
    line: int
    kind: str = "body"  # body | contribution | answer | intro | turn
    heading: str | None = None
    speaker: str | None = None
    bio: str | None = None
    # A transcript turn's speaker label exactly as written ("MR. LEE", "AUDIENCE MEMBER", "Q"):
    # readers record it; `extract/` decides whom (or which role) it names.
    label: str | None = None
    passages: list[Passage] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """What a reader knows about one source file."""

    source: str  # path relative to the content folder, with forward slashes
    title: str
    kind: str  # roundup | qa | news | conversation | page
    reader: str  # name of the reader that produced it
    date: PartialDate | None = None
    date_unknown: bool = False  # a sidecar or front matter says `date: unknown`: no date, on purpose
    publication: str | None = None
    series: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    summary: str | None = None
    slug: str | None = None  # requested slug (front matter/sidecar); corpus makes it unique
    title_derived: bool = False  # True when no title was found and one was made up
    warnings: list[str] = field(default_factory=list)
    digest: str = ""  # hash of the source bytes and its sidecar: what the page cache compares
    # Who is named in it, found once in the reading stage (in a worker, cached with the document);
    # None when the document was read outside a build and extraction has not run yet.
    mentions: list | None = None

    def passages(self):
        for section in self.sections:
            yield from section.passages
