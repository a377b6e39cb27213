"""Plain-text layout shared by the readers: paragraphs ("blocks"), the page
furniture around them, and the stable anchors every Document gets.

Web pages saved as text keep their furniture: breadcrumbs, photo captions and
credits, share/comment prompts, disclaimers, "further reading" tails. The
patterns below describe those kinds of furniture, not one publisher's wording,
so the next document of a known kind is cleaned the same way. Captions are not
thrown away: they go to `Document.captions`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from site_builder.models import Document, Passage
from site_builder.readers.shared import for_last_body
from site_builder.sanitize import text_html
from site_builder.text import slugify, squash

MINOR_WORDS = {
    "a", "an", "the", "and", "or", "but", "nor", "for", "of", "to", "in", "on", "at", "by",
    "with", "from", "as", "vs", "via", "into", "over", "per", "up", "than", "is", "are", "be",
}
_TERMINAL = tuple('.!?:"”’)]…')

# Everything after one of these lines is page furniture (author boxes, comment forms, link lists).
_STOP = re.compile(
    r"^(?:about the authors?|(?:further|related|recommended|suggested|more) "
    r"(?:reading|articles|stories|content|coverage|posts|links)|(?:leave|post|add|write) a "
    r"(?:comment|reply)|\d*\s*comments?|(?:share|follow us)(?: (?:this|on)\b.*)?)$",
    re.I,
)
# Single lines of furniture: in-page navigation, labels, disclaimers, notices.
_LINE = re.compile(
    r"""^(?:
        (?:click|tap|scroll|jump)\b.{0,60}\b(?:jump|skip|go|read|below)\b.{0,60}
      | (?:table\ of\ )?contents:?
      | related\ [\w ]{1,30}:.*
      | (?:tags|topics|keywords|categories|filed\ under|share|subscribe)\s*:.*
      | (?:publication|content|article|document|page|post|story|resource)\ type\s*:.*
      | (?:the\ )?(?:views|opinions)\ expressed\b.*
      | (?:©|copyright\b).*
      | advertisement|sponsored(?:\ content)?|print|email|read\ more|sign\ up\b.*
      | (?:\S+\ ){0,4}(?:contact\ us|about\ us|log\ ?in|sign\ in|subscribe|menu|sitemap)(?:\ \S+){0,3}
      | available\ downloads|listen\ to\ (?:this|the)\ (?:article|episode|podcast)\b.*
    )$""",
    re.I | re.X,
)
_CAPTION_LABEL = re.compile(
    r"^(?:photo|image|picture|photograph|caption|pictured|(?:top|featured|header) image)s?"
    r"(?: credit)?\s*:\s*(.+)$",
    re.I,
)
# "(Name/Outlet)" or "(Photo: ...)" at the end of a line.
_PAREN_CREDIT = re.compile(
    r"\((?:[A-Z][^()/]{0,60}/\s?[A-Z][^()]{0,80}|(?i:photo|image|credit|courtesy)\b[^()]{0,80})\)\s*\.?$"
)
# "JANE DOE/POOL/AFP VIA GETTY IMAGES" at the end of a line: agency credits are set in capitals.
_CAPS_CREDIT = re.compile(r"(?:^|\s)((?:[A-Z][A-Z.'’&\-]*[ /]+){2,}[A-Z][A-Z.'’&\-]*)\s*$")
_CREDIT_TAIL = 300  # characters
# Photo captions kept per document: each new one is compared with every kept one.
MAX_CAPTIONS = 100
_CRUMB_SEPARATORS = {"&", "|", ">", "›", "»", "/", "•", "·"}


@dataclass(slots=True)
class Block:
    """One paragraph of a plain-text body: its lines and the file line it starts on.

    A block is built (its lines added) before anything reads its text, which is then kept:
    the readers ask each block for it many times over."""

    line: int
    lines: list[str]
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = squash(" ".join(self.lines))
        return self._text


@dataclass(slots=True)
class Layout:
    blocks: list[Block] = field(default_factory=list)  # content, furniture removed
    captions: list[str] = field(default_factory=list)
    trailer: list[Block] = field(default_factory=list)  # furniture after a stop line (author boxes...)


def title_like(text: str) -> bool:
    """True for Title Case text: every word that is not a minor word starts with a capital or digit."""
    words = [w for w in re.findall(r"[\w’'\-]+", text) if w.lower() not in MINOR_WORDS]
    return len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in words)


def credit(text: str) -> str | None:
    """The photo credit that ends `text`, if any."""
    m = _PAREN_CREDIT.search(text)
    if m:
        return m.group(0)
    # Searched in the tail only: from each space of a long run of capitals the pattern scans to
    # the end of the line, which is quadratic in the line's length. A run that fills the whole
    # tail is longer than any credit.
    tail = text[-_CREDIT_TAIL:]
    m = _CAPS_CREDIT.search(tail)
    if m and m.start() == 0 and len(tail) < len(text):
        return None
    if m and "/" in m.group(1) and len(re.split(r"[ /]+", m.group(1))) >= 3:
        return m.group(1)
    return None


def is_breadcrumb(text: str) -> bool:
    """A topic trail such as 'Economy & Business Politics & Diplomacy': Title Case, joined by separators."""
    if re.search(r"[.,;:!?“”\"]", text):
        return False
    tokens = text.split()
    separators = sum(t in _CRUMB_SEPARATORS for t in tokens)
    words = " ".join(t for t in tokens if t not in _CRUMB_SEPARATORS)
    return title_like(words) and (separators >= 2 or (separators == 1 and len(tokens) >= 8))


def classify(text: str, *, first: bool = False, repeated: bool = False) -> str | None:
    """'stop', 'caption', 'furniture' or None (content) for one line or paragraph of text."""
    if _STOP.match(text):
        return "stop"
    if _CAPTION_LABEL.match(text) or credit(text):
        return "caption"
    # A caption-sized sentence printed twice is a photo caption repeated by the page layout.
    if repeated and 40 <= len(text) <= 400 and re.search(r"[.,;]", text):
        return "caption"
    if _LINE.match(text) or (first and is_breadcrumb(text)):
        return "furniture"
    return None


def _continues(line: str, following: str) -> bool:
    # Hard-wrapped lines run on; short Title Case lines (titles, datelines) stand alone, and so
    # does a short line before a much longer one in text that puts a paragraph on each line.
    if line.endswith(_TERMINAL):
        return False
    if is_breadcrumb(line) or is_breadcrumb(following) or " > " in line or " > " in following:
        return False
    if len(line.split()) <= 16 and len(following) > 2 * len(line) + 60 and following[:1].isupper():
        return False
    return following[:1].islower() or not title_like(line)


def _hard_wrapped(lines: list[str]) -> bool:
    # Text wrapped at a fixed width: lines of moderate length that mostly run on mid-sentence
    # (a list of one-line entries starts every line with a capital and is not wrapped).
    return (
        len(lines) >= 2 and all(30 <= len(line) <= 100 for line in lines[:-1])
        and sum(line[:1].islower() for line in lines[1:]) * 2 >= len(lines) - 1
    )


def paragraphs(body: str, first_line: int) -> list[Block]:
    """Blocks of the body: wrapped lines joined; a blank line, or a finished line in
    text that puts one paragraph per line, ends a block."""
    blocks: list[Block] = []
    runs: list[tuple[int, list[str]]] = []  # consecutive non-blank lines: (offset, lines)
    start, lines = 0, []
    for offset, raw in enumerate(body.split("\n") + [""]):
        line = raw.strip()
        if line:
            start = offset if not lines else start
            lines.append(line)
        elif lines:
            runs.append((start, lines))
            lines = []
    for offset, lines in runs:
        if _hard_wrapped(lines):
            blocks.append(Block(first_line + offset, lines))
            continue
        current = None
        for k, line in enumerate(lines):
            if current is not None and _continues(current.lines[-1], line):
                current.lines.append(line)
            else:
                current = Block(first_line + offset + k, [line])
                blocks.append(current)
    return blocks


def _add_caption(captions: list[str], text: str) -> None:
    m = _CAPTION_LABEL.match(text)
    caption = squash(m.group(1)) if m else text
    # "PHOTO: <caption>" at the foot repeats the caption at the head: keep the fuller one once.
    if len(captions) < MAX_CAPTIONS and not any(caption in c for c in captions):
        captions[:] = [c for c in captions if c not in caption] + [caption]


def layout(body: str, first_line: int) -> Layout:
    """The body's content blocks with furniture removed and captions collected (once each)."""
    found = _layout(body, first_line)
    # The roundup and Q&A readers both lay out the body to detect their format, and the reader
    # chosen lays it out again: the blocks are shared (readers only read them), the lists are
    # the caller's own (a reader hands `captions` to its Document).
    return Layout(list(found.blocks), list(found.captions), list(found.trailer))


@for_last_body
def _layout(body: str, first_line: int) -> Layout:
    blocks = paragraphs(body, first_line)
    counts = Counter(b.text for b in blocks)
    out = Layout()
    stopped = False
    for i, block in enumerate(blocks):
        text = block.text
        kind = classify(text, first=i == 0 and len(blocks) > 1, repeated=counts[text] > 1)
        stopped = stopped or kind == "stop"
        if kind == "caption":
            previous = out.blocks[-1] if out.blocks else None
            # A credit on a line of its own belongs to the caption line right above it.
            alone = (credit(text) or "").strip("() .") == text.strip("() .")
            if alone and previous and previous.line + len(previous.lines) == block.line:
                text = out.blocks.pop().text + " " + text
            _add_caption(out.captions, text)
        elif stopped:
            out.trailer.append(block)
        elif kind is None:
            out.blocks.append(block)
    return out


@for_last_body  # asked by most readers in turn, of the same body
def looks_like_html(body: str) -> bool:
    """True when the body is mostly markup: most non-blank lines start with a tag."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines or not re.search(r"<(?:p|div|article|section|figure|table|ul|ol|h[1-6])\b", body, re.I):
        return False
    return sum(line.startswith("<") for line in lines) * 2 >= len(lines)


def passage(text: str, line: int, kind: str = "paragraph") -> Passage:
    """A plain-text passage; its anchor is set by `assign_anchors`."""
    return Passage(anchor="", text=text, html=text_html(text), line=line, kind=kind)


def _unique(base: str, taken: set[str], tried: dict[str, int]) -> str:
    """`unique_slug`, resuming each base's count where it stopped: a document with thousands of
    sections of the same heading would otherwise try base-2, base-3, ... again for each one."""
    if base not in taken:
        taken.add(base)
        return base
    n = tried.get(base, 2)
    while f"{base}-{n}" in taken:
        n += 1
    tried[base] = n + 1
    slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def assign_anchors(doc: Document) -> Document:
    """Stable, unique anchors: `intro`, `s-<slug>` for sections, `p-<n>` for passages in order."""
    doc.sections = [s for s in doc.sections if s.passages or s.heading]
    taken: set[str] = set()
    tried: dict[str, int] = {}
    number = 0
    for section in doc.sections:
        if section.kind == "intro":
            base = "intro"
        else:
            base = "s-" + (slugify(section.speaker or section.heading or "") or section.kind)
        section.anchor = _unique(base, taken, tried)
        for p in section.passages:
            number += 1
            p.anchor = f"p-{number}"
    return doc
