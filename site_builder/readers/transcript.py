"""Transcripts: interviews, Q&As, podcasts, panels and briefings written as text or Markdown.

A transcript is an intro followed by turns, each opened by a speaker label in any of the
conventions `labels.speaker_label` knows. Labels are looked for line by line, not paragraph
by paragraph: pages copied from the web often lose their blank lines, so a label can sit in
the middle of a run of hard-wrapped lines, or be wrapped itself over several lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from bs4 import BeautifulSoup

from site_builder.models import Document, Passage, Section
from site_builder.readers.article import Header, better_title, read_header, set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import Block, assign_anchors, classify, looks_like_html, paragraphs, title_like
from site_builder.readers.labels import Label, speaker_label
from site_builder.readers.shared import MD as _MD, markdown_tokens
from site_builder.sanitize import inline_html, text_html
from site_builder.text import squash

_MARKDOWN = re.compile(r"^(?:#{1,6}\s|\*\*|__|!\[)|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)", re.M)
_NESTING = {"bullet_list_open": 1, "ordered_list_open": 1, "blockquote_open": 1,
            "bullet_list_close": -1, "ordered_list_close": -1, "blockquote_close": -1}
# A line ending like this ends a sentence, so a label may start the next line of the same run.
_ENDS = tuple('.!?…:;"”’)]—–-')
_MAX_WRAP = 3  # lines a label may be wrapped over ("Board Chairman of the Foundation for / ... / Roe:")
MIN_SHARE = 0.25  # labelled turns per paragraph, from the first turn on
MANY_TURNS = 8  # this many alternating turns are a transcript even when the speeches are long


@dataclass(slots=True)
class _Run:
    """Consecutive lines of one paragraph (text), a heading, or a block that holds no labels."""

    line: int
    lines: list[str]
    kind: str = "text"  # text | heading | other (list item, quotation) | code | html


@dataclass(slots=True)
class Part:
    """The intro (no label), one turn, or a section under a heading that names no speaker."""

    label: Label | None
    line: int
    heading: str | None = None  # the heading's text, also when it names the speaker
    level: int = 0  # of that heading
    markup: str | None = None  # the heading's Markdown, until `heading` is rendered from it
    pieces: list[_Run] = field(default_factory=list)
    blocks: list[tuple[Block, str]] = field(default_factory=list)  # paragraphs and their run kind


@dataclass(slots=True)
class Transcript:
    parts: list[Part]  # parts[0] is the intro
    markdown: bool
    title: str | None = None  # a leading "# Heading"
    title_line: int = 0

    @property
    def turns(self) -> list[Part]:
        return [p for p in self.parts if p.label and p.blocks]


def parse(body: str, first_line: int, markdown: bool) -> Transcript:
    t = _outline(body, first_line, markdown)
    _fill(t)
    return t


def _outline(body: str, first_line: int, markdown: bool,
             label_of: Callable[[str], Label | None] = speaker_label) -> Transcript:
    """The parts and their labels, without the paragraphs of each part: enough to see that a
    document cannot be a transcript (`_may_be_transcript`), which most documents are not."""
    runs = _markdown_runs(body, first_line) if markdown else _plain_runs(body, first_line)
    t = Transcript(parts=[], markdown=markdown)
    if runs and runs[0].kind == "heading" and runs[0].lines[0].startswith("# "):
        head = runs.pop(0)
        t.title, t.title_line = head.lines[0][2:].strip(), head.line
        # Headlines copied from web pages wrap: a one-line paragraph right under the heading continues it.
        if runs and runs[0].kind == "text" and runs[0].line == head.line + 1 and len(runs[0].lines) == 1:
            t.title += " " + runs.pop(0).lines[0]
    t.parts = _scan(runs, label_of)
    _demote_single_headings(t.parts)
    return t


def _fill(t: Transcript) -> None:
    """Headings rendered and each part's paragraphs, after `_outline`."""
    for part in t.parts:
        _render_heading(part)
    for part in t.parts:
        for piece in part.pieces:
            if piece.kind == "text":
                part.blocks += [(b, "text") for b in paragraphs("\n".join(piece.lines), piece.line)]
            else:
                part.blocks.append((Block(piece.line, piece.lines), piece.kind))
    return t


def _plain_runs(body: str, first_line: int) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    for offset, raw in enumerate(body.split("\n")):
        line = raw.strip()
        if not line:
            current = None
        elif current is None:
            current = _Run(first_line + offset, [line])
            runs.append(current)
        else:
            current.lines.append(line)
    return runs


def _markdown_runs(body: str, first_line: int) -> list[_Run]:
    tokens = markdown_tokens(body)  # the Markdown reader reads the same tokens
    runs: list[_Run] = []
    nested = 0
    for i, token in enumerate(tokens):
        nested += _NESTING.get(token.type, 0)
        line = first_line + (token.map[0] if token.map else 0)
        content = tokens[i + 1].content if i + 1 < len(tokens) else ""
        if token.type == "heading_open" and token.markup in ("-", "=") and "\n" in content:
            # Hard-wrapped text over a line of "-" (a list dash that lost its item) is no heading.
            runs.append(_Run(line, [squash(x) for x in content.split("\n")], "other" if nested else "text"))
        elif token.type == "heading_open":
            text = "#" * int(token.tag[1]) + " " + content
            runs.append(_Run(line, [content], "other") if nested else _Run(line, [text], "heading"))
        elif token.type == "paragraph_open":
            lines = [squash(x) for x in content.split("\n")]
            runs.append(_Run(line, lines, "other" if nested else "text"))
        elif token.type in ("fence", "code_block") and token.content.strip():
            runs.append(_Run(line, [token.content.rstrip("\n")], "code"))
        elif token.type == "html_block":
            runs.append(_Run(line, [token.content], "html"))
    return runs


def _scan(runs: list[_Run], label_of: Callable[[str], Label | None] = speaker_label) -> list[Part]:
    parts = [Part(None, runs[0].line if runs else 1)]
    for run in runs:
        if run.kind == "heading":
            level = len(run.lines[0]) - len(run.lines[0].lstrip("#"))
            # Rendered later (`_render_heading`): only a transcript's headings are shown.
            parts.append(Part(label_of(run.lines[0]), run.line, None, level, run.lines[0][level:].strip()))
            continue
        if run.kind != "text":
            parts[-1].pieces.append(run)
            continue
        piece: _Run | None = None
        for k, line in enumerate(run.lines):
            label, back = _label_at(run.lines, k, label_of)
            if label and label.heading:
                label = None  # a "#" line inside a paragraph of plain text is no heading
            if label and not label.strong and not parts[0].pieces and len(parts) == 1 and len(run.lines) == 1 \
                    and _headline(label.rest):
                label = None  # "Press Briefing: Latest Insights on ..." opening the document is its title
            if label is None:
                if piece is None:
                    piece = _Run(run.line + k, [])
                    parts[-1].pieces.append(piece)
                piece.lines.append(line)
                continue
            if back and piece:
                del piece.lines[-back:]
                if not piece.lines:
                    parts[-1].pieces.remove(piece)
            parts.append(Part(label, run.line + k - back))
            piece = _Run(run.line + k, [label.rest]) if label.rest else None
            if piece:
                parts[-1].pieces.append(piece)
    return parts


def _label_at(lines: list[str], k: int,
              label_of: Callable[[str], Label | None] = speaker_label) -> tuple[Label | None, int]:
    """The label on line k, and how many lines above it belong to it (a wrapped label).

    Inside a run of lines a label must start where a sentence starts: after a line that ends
    one. Otherwise a wrapped line such as "summit: the two sides" would open a turn."""
    line = lines[k]
    if k == 0 or lines[k - 1].endswith(_ENDS):
        return label_of(line), 0
    if ":" not in line and "：" not in line:
        return None, 0
    for back in range(1, min(_MAX_WRAP, k) + 1):
        start = k - back
        if start == 0 or lines[start - 1].endswith(_ENDS):
            if label_of(lines[start]) is not None:
                return None, 0  # the colon belongs to a label further up, already read
            label = label_of(" ".join(lines[start:k + 1]))
            # The colon must be on line k itself: the rest is what follows it there.
            if label and len(label.rest) < len(line) and line.endswith(label.rest):
                return label, back
            return None, 0
    return None, 0


def _headline(text: str) -> bool:
    return bool(text) and title_like(text) and not text.endswith(_ENDS)


def _render_heading(part: Part) -> str | None:
    if part.markup is not None:
        part.heading, part.markup = _plain(inline_html(_MD.renderInline(part.markup))), None
    return part.heading


def _ends_with_colon(part: Part) -> bool:
    # Rendering costs a parse and a sanitizer pass: a heading whose Markdown has no colon and no
    # entity (which could render as one) cannot end with one once rendered.
    if part.markup is not None and not any(c in part.markup for c in ":：&"):
        return False
    return (_render_heading(part) or "").endswith((":", "："))


def _demote_single_headings(parts: list[Part]) -> None:
    # "### Ann Lee" opens a turn when the document heads its turns with names: some name
    # heading at that level ends in a colon or comes back. A name-like heading used once, in a
    # document that does not ("## Trade Policy"), is a heading of the text.
    counts = Counter(p.label.label for p in parts if p.label)
    levels = {p.level for p in parts if p.label and p.label.heading
              and (counts[p.label.label] >= 2 or _ends_with_colon(p))}
    for part in parts:
        if part.label and part.label.heading and part.level not in levels:
            part.label = None


def _may_be_transcript(t: Transcript) -> bool:
    """False when `is_transcript` is sure to say no, judged from the outline alone.

    Turns are labelled parts with paragraphs, so they are among the labelled parts with
    pieces. Every way `is_transcript` accepts needs two speakers among the turns or a
    timestamped turn, so labelled parts that have neither cannot make a transcript."""
    labelled = [p.label for p in t.parts if p.label and p.pieces]
    return len({label.label for label in labelled}) >= 2 or any(label.timestamp for label in labelled)


def is_transcript(t: Transcript) -> bool:
    """Turns by at least two speakers that make up a real share of the text after the intro."""
    turns = t.turns
    if not turns:
        return False
    speakers = Counter(p.label.label for p in turns)
    start = t.parts.index(turns[0])
    share = len(turns) / sum(len(p.blocks) for p in t.parts[start:])
    if len(turns) >= 3 and len(speakers) >= 2:
        # Speakers take turns; three or more names that each appear once are a list of names
        # (a roundup's jump list of "Name: headline" lines), not a conversation.
        return len(turns) > len(speakers) and (share >= MIN_SHARE or len(turns) >= MANY_TURNS)
    if share < MIN_SHARE:
        return False
    # Excerpts and short exchanges: two speakers named in full, one of whom talks at length
    # (a first line that reads as a headline is a two-entry jump list), or a timestamped turn.
    if (len(turns) == 2 and len(speakers) == 2 and not _one_headline(turns[0])
            and any(len(p.blocks) >= 2 for p in turns)
            and all(p.label.strong or len(p.label.label.split()) >= 2 for p in turns)):
        return True
    return any(p.label.timestamp and (len(p.blocks) >= 2 or _words(p) >= 40) for p in turns)


def _one_headline(part: Part) -> bool:
    block = part.blocks[0][0]
    return len(part.blocks) == 1 and len(block.lines) == 1 and not block.text.endswith(_ENDS)


def _words(part: Part) -> int:
    return sum(len(b.text.split()) for b, _ in part.blocks)


def _is_markdown(body: str, front) -> bool:
    return front is not None or bool(_MARKDOWN.search(body))


class TranscriptReader(Reader):
    name = "transcript"

    def detect(self, source, body, front) -> object | None:
        if looks_like_html(body):
            return None
        # Most documents have no speaker label at all: one line that opens with one is needed
        # before the whole body is parsed (a Markdown parse costs more than this scan).
        # Most lines are looked at twice, here and in the outline: once is enough.
        seen: dict[str, Label | None] = {}

        def label_of(line: str) -> Label | None:
            if line not in seen:
                seen[line] = speaker_label(line)
            return seen[line]

        if not any(label_of(line) for line in body.splitlines()):
            return None
        # A document with "## Name" sections or a few "Name:" lines has labels without being a
        # transcript: the outline says so before any paragraph is laid out.
        t = _outline(body, front.body_line if front else 1, _is_markdown(body, front), label_of)
        if not _may_be_transcript(t):
            return None
        _fill(t)
        return t if is_transcript(t) else None

    def read(self, source, body, first_line, front, found) -> Document:
        t = found if isinstance(found, Transcript) else parse(body, first_line, _is_markdown(body, front))
        doc = Document(source=source.rel, title="", kind="transcript", reader=self.name)
        intro = _passages(t, t.parts[0], doc, "paragraph", intro=True, last=len(t.parts) == 1)
        header, kept = _header(t, intro)
        doc.date, doc.series, doc.authors = header.date, header.series, header.authors or []
        if t.title:
            doc.title = t.title
        else:
            set_title(doc, header, kept or _first_turn(t))
        doc.title = doc.title.lstrip("#").strip() or doc.title
        doc.sections.append(Section(anchor="", line=kept[0].line if kept else first_line, kind="intro", passages=kept))
        for i, part in enumerate(t.parts[1:], 1):
            last = i == len(t.parts) - 1
            if part.label:
                section = Section(anchor="", line=part.line, kind="turn", label=part.label.label,
                                  bio=part.label.description)
                kind = "turn"
            else:
                section = Section(anchor="", line=part.line, kind="body", heading=part.heading)
                kind = "paragraph"
            section.passages = [p for p, _ in _passages(t, part, doc, kind, last=last)]
            doc.sections.append(section)
        return assign_anchors(doc)


def _header(t: Transcript, intro: list[tuple[Passage, int]]) -> tuple[Header, list[Passage]]:
    """Title, dateline and byline at the top of the intro, and the intro paragraphs after them.

    Markdown gives its title in a "# heading" (or front matter, merged later): without one, no
    paragraph is taken for a title, so an opening note is not lost to a title that is replaced."""
    passages = [p for p, _ in intro]
    if t.markdown and not t.title:
        return Header(), passages
    # read_header looks at each paragraph's plain text and at how many lines it had.
    blocks = [Block(p.line, [p.text] + [""] * (n - 1)) for p, n in intro]
    if not t.title:
        header = read_header(blocks)
        if header.title:
            # Judged on the intro as printed: a headline printed twice was dropped as a repeat above.
            header.title = better_title([b for b, _ in t.parts[0].blocks], header.title)
        return header, passages[header.end:]
    header = read_header([Block(t.title_line, [t.title])] + blocks)
    if header.title != t.title:
        return Header(), passages  # the heading is too long for read_header: a later line is no title
    return header, passages[header.end - 1:]


def _first_turn(t: Transcript) -> list[Block]:
    # A document that is all turns gets a title made from its first words, without markup.
    turns = t.turns
    return [Block(b.line, [_render(b, how, t.markdown)[0]]) for b, how in turns[0].blocks[:1]] if turns else []


def _passages(t: Transcript, part: Part, doc: Document, kind: str, intro: bool = False,
              last: bool = False) -> list[tuple[Passage, int]]:
    """The part's paragraphs as passages (with their number of source lines); page furniture
    dropped and photo captions moved to the document. After a stop line ("Share this", "Related
    articles") the intro or the last turn ends: what follows is the page around the transcript."""
    out = []
    counts = Counter(b.text for b, _ in part.blocks) if intro else Counter()
    for i, (block, how) in enumerate(part.blocks):
        text, html = _render(block, how, t.markdown)
        if not text:
            doc.captions.extend(a for a in _image_alts(block) if a not in doc.captions)
            continue
        verdict = classify(text, first=intro and i == 0 and len(part.blocks) > 1, repeated=counts[text] > 1)
        if verdict == "stop" and (intro or last):
            break
        if verdict == "caption":
            if text not in doc.captions:
                doc.captions.append(text)
            continue
        if verdict == "furniture":
            continue
        out.append((Passage(anchor="", text=text, html=html, line=block.line, kind=kind), len(block.lines)))
    return out


def _render(block: Block, how: str, markdown: bool) -> tuple[str, str]:
    """Plain text and sanitized HTML of one paragraph."""
    raw = "\n".join(block.lines)
    if how == "code":
        return squash(raw), text_html(raw.rstrip("\n"))
    if how == "html":
        html = inline_html(raw)
    elif markdown:
        html = inline_html(_MD.renderInline(raw))
    else:
        return block.text, text_html(block.text)
    return _plain(html), html


def _plain(html: str) -> str:
    if "<" not in html and "&" not in html:
        return squash(html)
    return squash(BeautifulSoup(html, "html.parser").get_text())


def _image_alts(block: Block) -> list[str]:
    return [squash(a) for a in re.findall(r"!\[([^\]]*)\]", "\n".join(block.lines)) if squash(a)]
