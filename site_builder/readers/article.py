"""Plain-text articles, and the header parsing (title, dateline, byline) the
other plain-text readers share.

This is the fallback reader: any text that no specialised reader claims is
read as an article, so it must never fail on odd input, only read less of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePosixPath

from site_builder.models import Document, PartialDate, Section
from site_builder.readers.base import Reader
from site_builder.readers.furniture import (
    Block, assign_anchors, classify, is_breadcrumb, layout, passage, title_like,
)
from site_builder.text import UP
from site_builder.vocabulary import HONORIFICS, HOUSE_BYLINE_WORDS, MONTH_NAMES, PARTICLES

_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATES = [
    (re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b"), ("m", "d", "y")),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
]
# Words that introduce a date without naming a series ("Published June 19, 2023").
_DATE_WORDS = {"published", "updated", "posted", "on", "date", "dated", "last", "modified", "first"}
_BYLINE = re.compile(rf"^(?i:(?:written|words|story|reporting|text|interview|compiled|edited)\s+)?(?i:by)\s+(?={UP})(.+)$")
_HONORIFIC = r"(?:(?:" + "|".join(sorted((h.capitalize() for h in HONORIFICS), key=len, reverse=True)) + r")\.?\s+)"
_PARTICLE = r"(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")"
_NAME_WORD = rf"(?:{UP}[\w'’\-]*\.?|" + _PARTICLE + r")"
NAME = re.compile(r"^" + _HONORIFIC + r"?(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4})$")
# Capitalised words that make a "name" a job title or a house byline instead.
_NOT_NAMES = HOUSE_BYLINE_WORDS
_MAX_BYLINE = 300  # characters
# "1:18 p.m. EDT", "10:30": a time stamp above a transcript, not its title.
_TIME_ONLY = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,5})?|\d{1,2}\s*[ap]\.?\s?m\.?(?:\s*[A-Z]{2,5})?",
                        re.I)
_QUOTE_MARK = re.compile(r"^>\s*")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "gen", "rep", "sen", "gov", "no", "vs", "etc"}


def find_date(text: str) -> tuple[PartialDate, int, int] | None:
    """The first date written out in `text`, with its span."""
    for pattern, order in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        parts = dict(zip(order, m.groups()))
        month = parts["m"]
        month_no = int(month) if month.isdigit() else next(
            i for i, name in enumerate(MONTH_NAMES, 1) if name.startswith(month.lower().rstrip(".")[:3])
        )
        date = PartialDate.parse(f"{parts['y']}-{month_no:02d}-{int(parts['d']):02d}")
        if date:
            return date, m.start(), m.end()
    return None


def date_line(text: str) -> tuple[PartialDate, str | None] | None:
    """A dateline: a date, optionally with a short label such as a series name ('Analysis June 1, 2023')."""
    if len(text.split()) > 12:
        return None
    found = find_date(text)
    if not found:
        return None
    date, start, end = found
    rest = (text[:start] + " " + text[end:]).strip(" |•·—–-,")
    words = [w for w in rest.split() if w.lower().strip(":") not in _DATE_WORDS]
    label = " ".join(words).strip(" |•·—–-,:")
    if len(words) > 6 or re.search(r"[.;!?]", label):
        return None
    return date, (label if label and title_like(label + " X") else None)


def byline(text: str) -> list[str] | None:
    """Names from 'By A, <description>, and B' / 'Written by Dr. C'; [] for a house byline; None if not a byline."""
    m = _BYLINE.match(text)
    if not m or len(text) > _MAX_BYLINE:
        return None
    names = []
    for piece in re.split(r"\s*(?:,|;|&|\band\b)\s*", m.group(1).rstrip(".")):
        n = NAME.match(piece.strip())
        if n and not any(w.lower().strip(".") in _NOT_NAMES for w in n.group(1).split()):
            names.append(n.group(1))
    return names


@dataclass(slots=True)
class Header:
    title: str | None = None
    date: PartialDate | None = None
    series: str | None = None
    authors: list[str] | None = None  # None: the text has no byline
    end: int = 0  # index of the first block after the header


def read_header(blocks: list[Block], limit: int = 6) -> Header:
    """Title, dateline and byline from the short blocks at the top, in any order."""
    h = Header()
    i = 0
    while i < min(len(blocks), limit):
        text = blocks[i].text
        names = byline(text) if h.authors is None else None
        if names is not None:
            # Bylines that list several authors with descriptions wrap onto the next paragraph.
            # (Joining stops once the text is past what `byline` accepts: a run of thousands of
            # paragraphs ending in commas would otherwise be joined, and re-read, in full.)
            while (i + 1 < len(blocks) and len(text) <= _MAX_BYLINE
                   and (text.endswith(",") or re.match(r"(?:and|&)\s", blocks[i + 1].text))):
                i += 1
                text += " " + blocks[i].text
            h.authors = byline(text) or []
        elif h.date is None and (found := date_line(text)):
            h.date, h.series = found
        elif h.title is None and text.startswith("#") and len(text) <= 300:
            h.title = text.lstrip("#").strip()  # a Markdown heading in a plain-text file, maybe wrapped
        elif h.title is None and len(blocks[i].lines) == 1 and _title_shaped(text):
            h.title = text
        elif classify(text, first=i == 0) == "furniture" or (len(text.split()) <= 6 and not text.endswith(".")):
            pass  # a page's furniture above the headline ("Contact Us", a star rating)
        else:
            break
        i += 1
    h.end = i
    if h.title is not None:
        h.title = better_title(blocks, h.title)
    return h


def _title_shaped(text: str) -> bool:
    """A line that can be a headline: short, not a sentence or a greeting that runs on, not a
    time, a rating or a breadcrumb ("Home > Remarks"), and made of words."""
    words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 2]
    return (len(text) <= 200 and not text.endswith((".", ",", ";")) and not _TIME_ONLY.fullmatch(text)
            and " > " not in text and not is_breadcrumb(text)
            and (len(words) >= 2 or sum(c.isalpha() and not c.isascii() for c in text) >= 2))


def better_title(blocks: list[Block], title: str) -> str:
    """A page's label above its headline ("Analysis", repeated later as "Analysis by ...")
    is not the title: the short line after it is. A line printed twice near the top (a page's
    heading and its repeat) is the title."""
    top = [b.text for b in blocks[:8] if len(b.lines) == 1]
    later = [b.text for b in blocks[2:]]
    if title in top:
        at = top.index(title)
        if any(text != title and text.startswith(title + " ") for text in later):
            following = top[at + 1] if at + 1 < len(top) else None
            if following and _title_shaped(following) and len(following.split()) <= 20:
                return following
    texts = [b.text for b in blocks[:8]]
    for text in top:
        # Repeated as it stands, or after a short label without a colon (a running time): not inside a
        # roundup's "Name: headline" list.
        repeats = sum(t == text or (t.endswith(" " + text) and ":" not in t[: -len(text)]
                                    and len(t[: -len(text)].split()) <= 3) for t in texts)
        if text != title and repeats >= 2 and _title_shaped(text) and len(text.split()) <= 20:
            return text
    return title


def header_facts(body: str, limit: int = 12) -> tuple[PartialDate | None, list[str] | None]:
    """A dateline and a byline among the first lines of a body, each on a line of its own
    ("by Jane Roe", "December 6, 2016"): what formats without a plain-text header (Markdown,
    transcripts) still print under their title."""
    date, authors = None, None
    # Only the first lines are read: the rest of a long body is not stripped.
    lines = islice((line.strip().strip("*_").strip() for line in body.split("\n") if line.strip()), limit)
    for line in lines:
        line = _QUOTE_MARK.sub("", line)
        if authors is None and (names := byline(_byline_part(line))):
            authors = names
            if found := find_date(line):
                date = date or found[0]
        elif date is None and (found := date_line(line)):
            date = found[0]
    return date, authors


def _byline_part(line: str) -> str:
    """"by Jane Roe March 18, 2016 from Example Website" -> "by Jane Roe": a byline printed on
    one line with its date and source."""
    if not re.match(r"(?i)by\s", line):
        return line
    found = find_date(line)
    core = line[: found[1]] if found else line
    return re.split(r"\s+(?:from|for|in)\s+", core)[0].strip(" ,|-–—")


def first_sentence(text: str, max_words: int = 12) -> str:
    """A title made from the opening words of the text, for documents that have none."""
    words = text.split()
    for i, word in enumerate(words):
        bare = word.rstrip(".!?").lower()
        # "U.S." and "Dr." end with a period without ending the sentence.
        if word.endswith((".", "!", "?")) and bare not in _ABBREVIATIONS and not re.search(r"[A-Z]\.$", word):
            words = words[: i + 1]
            break
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "…"
    return " ".join(words)


def is_subheading(block: Block) -> bool:
    """A short Title Case line between paragraphs: an inline subheading."""
    text = block.text
    words = text.split()
    return (
        len(block.lines) == 1 and 3 <= len(words) <= 14 and title_like(text)
        and not text.endswith(("?", ":", ",")) and not re.search(r"[“”\"]", text)
        and text.count(". ") == 0
    )


def set_title(doc: Document, header: Header | None, blocks: list) -> None:
    """The header's title, else one made from the first paragraph (or the file name), marked derived."""
    if header and header.title:
        doc.title = header.title
        return
    first = blocks[0].text if blocks else ""
    doc.title = first_sentence(first) if first else PurePosixPath(doc.source).stem.replace("-", " ")
    doc.title_derived = True


class ArticleReader(Reader):
    name = "article"

    def detect(self, source, body, front) -> object | None:
        return True  # the fallback: any text is an article

    def read(self, source, body, first_line, front, found) -> Document:
        lay = layout(body, first_line)
        header = read_header(lay.blocks)
        doc = Document(source=source.rel, title="", kind="news", reader=self.name, captions=lay.captions)
        doc.date, doc.series, doc.authors = header.date, header.series, header.authors or []
        rest = lay.blocks[header.end:]
        set_title(doc, header, rest)
        section = Section(anchor="", line=rest[0].line if rest else first_line, kind="body")
        doc.sections.append(section)
        for i, block in enumerate(rest):
            if 0 < i < len(rest) - 1 and is_subheading(block):
                section = Section(anchor="", line=block.line, kind="body", heading=block.text.rstrip("."))
                doc.sections.append(section)
            else:
                section.passages.append(passage(block.text, block.line))
        if not rest:
            doc.warnings.append("no paragraphs found")
        return assign_anchors(doc)
