"""Question-and-answer pieces: questions on their own line, answers that open
with the speaker's surname ("Ruiz: ..."), full names given in the intro."""

from __future__ import annotations

import re

from site_builder.models import Document, Section
from site_builder.readers.article import read_header, set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import Block, assign_anchors, layout, looks_like_html, passage
from site_builder.text import UP
from site_builder.vocabulary import HONORIFICS

_LABEL = re.compile(rf"^({UP}[\w'’\-]*\.?(?:\s+{UP}[\w'’\-]*\.?){{0,3}}):\s+(\S.*)$")
# Interview labels that name a role, not a person.
_QUESTION_LABELS = {"q", "question", "interviewer"}
_ANSWER_LABELS = {"a", "answer"}
_MAX_LOOKUPS = 100  # speaker labels per document; an interview has a handful


def _label(text: str) -> tuple[str, str] | None:
    m = _LABEL.match(text)
    return (m.group(1), m.group(2)) if m else None


def _is_question(block: Block) -> bool:
    label = _label(block.text)
    if label and label[0].lower() in _QUESTION_LABELS:
        return True
    return block.text.endswith("?") and len(block.text.split()) <= 50 and not label


def _is_answer(block: Block) -> bool:
    label = _label(block.text)
    return bool(label) and label[0].lower() not in _QUESTION_LABELS


def _pairs(blocks: list[Block]) -> list[int]:
    """Indexes of questions that are directly followed by a labelled answer."""
    return [i for i in range(len(blocks) - 1) if _is_question(blocks[i]) and _is_answer(blocks[i + 1])]


def full_name(label: str, texts: list[str]) -> str | None:
    """The full name a surname label stands for, from the first text that writes it out.

    "The Institute’s Ana Ruiz" gives "Ana Ruiz": possessives and honorifics are not part of the name.
    """
    pattern = re.compile(rf"((?:{UP}[\w'’\-]*\.?\s+){{1,3}})" + re.escape(label) + r"\b")
    for text in texts:
        for m in pattern.finditer(text):
            given = m.group(1).split()
            while given and (given[0].endswith(("’s", "'s")) or given[0].lower().rstrip(".") in HONORIFICS):
                given = given[1:]
            keep = []
            for word in reversed(given):
                if word.endswith(("’s", "'s")):
                    break
                keep.insert(0, word)
            if keep and keep[0].lower().rstrip(".") not in HONORIFICS:
                return " ".join(keep + [label])
    return None


class QAReader(Reader):
    name = "qa"

    def detect(self, source, body, front) -> object | None:
        if looks_like_html(body):
            return None
        blocks = layout(body, 1).blocks
        # Questions written as the piece's own lines (not "Q:" or "QUESTION:" turns, which are a
        # transcript's) answered by named speakers: the interview format this reader knows.
        return True if sum(_label(blocks[i].text) is None for i in _pairs(blocks)) >= 2 else None

    def read(self, source, body, first_line, front, found) -> Document:
        lay = layout(body, first_line)
        blocks = lay.blocks
        header = read_header(blocks)
        doc = Document(source=source.rel, title="", kind="qa", reader=self.name, captions=lay.captions)
        doc.date, doc.series, doc.authors = header.date, header.series, header.authors or []
        set_title(doc, header, blocks[header.end:])
        pairs = set(_pairs(blocks))
        first = min(pairs) if pairs else len(blocks)
        intro_blocks = blocks[header.end:first]
        intro = Section(anchor="", line=intro_blocks[0].line if intro_blocks else first_line, kind="intro")
        intro.passages = [passage(b.text, b.line) for b in intro_blocks]
        doc.sections.append(intro)
        texts = [b.text for b in blocks]
        resolved: dict[str, str | None] = {}
        question, section, current = None, None, None
        for i in range(first, len(blocks)):
            block = blocks[i]
            label = _label(block.text)
            if i in pairs or (label and label[0].lower() in _QUESTION_LABELS):
                question, section, current = (label[1] if label else block.text), None, None
                continue
            who = label[0] if label else None
            # Mid-answer "Note: ..." is text; a label starts a new speaker only after a question
            # or when it names a person the document names elsewhere.
            if who and who not in resolved:
                # Each lookup reads the whole text: bounded, so that a file of thousands of
                # distinct "Label:" lines is not read once per label.
                lookup = len(resolved) < _MAX_LOOKUPS
                resolved[who] = who if " " in who else (full_name(who, texts) if lookup else None)
            if who and who != current and (i - 1 in pairs or resolved[who] or who.lower() in _ANSWER_LABELS):
                speaker = None if who.lower() in _ANSWER_LABELS else resolved[who]
                if speaker is None and who.lower() not in _ANSWER_LABELS:
                    speaker = who
                    doc.warnings.append(f"speaker '{who}' is not named in full in the text")
                # The label as written goes to extract/, which decides whom it names and their role;
                # the speaker is only what the page shows and what the section's anchor is made of.
                section = Section(anchor="", line=block.line, kind="answer", heading=question, speaker=speaker,
                                  label=None if who.lower() in _ANSWER_LABELS else who)
                doc.sections.append(section)
                current, text = who, label[1]
            elif who and who == current:
                text = label[1]
            else:
                text = block.text
            if section is None:
                section = Section(anchor="", line=block.line, kind="answer", heading=question)
                doc.sections.append(section)
            section.passages.append(passage(text, block.line, "answer"))
        return assign_anchors(doc)
