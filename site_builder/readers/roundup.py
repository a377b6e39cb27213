"""'Experts react' roundups: an intro, then one short analysis per expert.

Recognised by structure: a list of "Name: headline" lines whose names come back
in "Name is ..." biography lines that close each expert's part. Without such a
list, two or more biography lines each followed by a short headline also do.
"""

from __future__ import annotations

import re

from site_builder.models import Document, Section
from site_builder.readers.article import read_header, set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import Block, assign_anchors, layout, looks_like_html, passage
from site_builder.text import UP

_PERSON = rf"{UP}[\w'’\-]*\.?(?:\s+{UP}[\w'’\-]*\.?){{1,3}}"
_ENTRY = re.compile(r"^(" + _PERSON + r"):\s+(\S.{5,})$")
_BIO = re.compile(r"^(" + _PERSON + r")(?:,\s[^,]{1,80},)?\s+(?:is|was|serves|has been|leads|directs|heads|teaches)\b")


def _entries(blocks: list[Block]) -> tuple[int, int, list[tuple[str, str]]]:
    """The first run of two or more "Name: headline" blocks: (start, end, [(name, headline)])."""
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and _ENTRY.match(blocks[j].text):
            j += 1
        if j - i >= 2:
            return i, j, [_ENTRY.match(b.text).groups() for b in blocks[i:j]]
        i = j + 1
    return 0, 0, []


def same_person(a: str, b: str) -> bool:
    # "Ann Lee" in the list, "Ann B. Lee" in the bio: same first and last name.
    pa, pb = a.split(), b.split()
    return pa[0] == pb[0] and pa[-1] == pb[-1]


def bio_subject(text: str) -> str | None:
    """The person a biography line is about ("Ann Lee is a senior fellow at ..."), else None."""
    m = _BIO.match(text)
    return m.group(1) if m and len(text.split()) <= 80 else None


def _person_key(name: str) -> tuple[str, str]:
    # What `same_person` compares, as a key: listed names are looked up, not each compared with
    # each biography, which is quadratic for a list of thousands.
    parts = name.split()
    return parts[0], parts[-1]


def _bios(blocks: list[Block], names: list[str]) -> list[tuple[int, str]]:
    keys = {_person_key(n) for n in names}
    found = []
    for i, block in enumerate(blocks):
        subject = bio_subject(block.text)
        if subject and (not names or _person_key(subject) in keys):
            found.append((i, subject))
    return found


def _short(block: Block) -> bool:
    return len(block.lines) == 1 and len(block.text.split()) <= 25 and not block.text.endswith(".")


def _structure(blocks: list[Block]):
    start, end, entries = _entries(blocks)
    bios = _bios(blocks[end:], [n for n, _ in entries])
    bios = [(i + end, name) for i, name in bios]
    if entries and len(bios) >= 2:
        return start, end, entries, bios
    if not entries and len(bios) >= 2 and all(
        i + 1 < len(blocks) and _short(blocks[i + 1]) for i, _ in bios[:-1]
    ):
        return None, None, [], bios
    return None


class RoundupReader(Reader):
    name = "roundup"

    def __init__(self, jump_list: bool = True) -> None:
        # A jump list of "Name: headline" lines is the strongest sign of a roundup; bios alone
        # are weaker than front matter saying the file is Markdown.
        self.jump_list = jump_list

    def detect(self, source, body, front) -> object | None:
        if looks_like_html(body):
            return None
        found = _structure(layout(body, 1).blocks)
        if not found or bool(found[2]) != self.jump_list:
            return None
        return found

    def read(self, source, body, first_line, front, found) -> Document:
        lay = layout(body, first_line)
        blocks = lay.blocks
        header = read_header(blocks)
        doc = Document(source=source.rel, title="", kind="roundup", reader=self.name, captions=lay.captions)
        doc.date, doc.series, doc.authors = header.date, header.series, header.authors or []
        if found is None or found is True:
            found = _structure(blocks)
        if not found:
            doc.warnings.append("no expert contributions found")
            start, end, entries, bios = len(blocks), len(blocks), [], []
        else:
            start, end, entries, bios = found
        if start is None:
            # No jump list: the first part starts at its headline, the last short line before the first bio.
            first_bio = bios[0][0]
            heads = [i for i in range(header.end, first_bio) if _short(blocks[i])]
            start = end = heads[-1] if heads else header.end
        set_title(doc, header, blocks[header.end:])
        intro = Section(anchor="", line=blocks[header.end].line if header.end < len(blocks) else first_line, kind="intro")
        intro.passages = [passage(b.text, b.line) for b in blocks[header.end:start]]
        doc.sections.append(intro)
        by_headline = {h.strip(): n for n, h in entries}
        listed: dict[tuple[str, str], str] = {}
        for n, _ in entries:
            listed.setdefault(_person_key(n), n)
        begin = end
        for bio_index, bio_name in bios:
            part = blocks[begin:bio_index]
            heading = part[0].text if part and _short(part[0]) else None
            speaker = listed.get(_person_key(bio_name))
            speaker = speaker or by_headline.get(heading or "") or bio_name
            section = Section(anchor="", line=(part or [blocks[bio_index]])[0].line, kind="contribution",
                              heading=heading, speaker=speaker, bio=blocks[bio_index].text)
            section.passages = [passage(b.text, b.line, "contribution") for b in part[1 if heading else 0:]]
            doc.sections.append(section)
            begin = bio_index + 1
        if begin < len(blocks):
            # Text after the last biography is kept rather than silently lost.
            tail = Section(anchor="", line=blocks[begin].line, kind="body")
            tail.passages = [passage(b.text, b.line) for b in blocks[begin:]]
            doc.sections.append(tail)
        speakers = {s.speaker for s in doc.sections}
        missing = [n for n, _ in entries if n not in speakers]
        if missing:
            doc.warnings.append("experts listed without a contribution: " + ", ".join(missing))
        return assign_anchors(doc)
