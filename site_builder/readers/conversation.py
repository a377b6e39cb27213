"""HTML conversations: an editors' intro, then one block per contributor.

Contributor blocks are elements classed as comments/contributions/responses
(or repeated <article>s) that carry a heading naming the contributor. HTML
without such blocks is read as a plain page, split at its h2-h4 headings.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from site_builder.models import Document, PartialDate, Passage, Section
from site_builder.readers.article import set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import assign_anchors, looks_like_html
from site_builder.sanitize import inline_html, text_html
from site_builder.text import squash

_BLOCK_CLASSES = {"comment", "contribution", "response", "answer", "contributor-response"}
_HEADINGS = ["h2", "h3", "h4", "h5"]
_DROP = ["script", "style", "noscript", "template", "nav", "form", "footer", "aside", "iframe"]
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# Start tags that close an open <p>, as browsers parse them (HTML "in body" rules). html.parser
# nests instead, so sloppy pages of unclosed <p>s became one chain of paragraphs, each holding all
# the ones after it: text repeated on the page and work quadratic in their number.
_CLOSES_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
    "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form",
    "li", "dd", "dt", "table", "hr", "xmp", "plaintext",
}
_BUTTON_SCOPE = {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button"}
_H = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose text becomes a passage or a heading; text nested in one of them belongs to the innermost.
_TEXT_BLOCKS = {"p", *_H}
# How far down the open elements an enclosing <p> is looked for: enough for any real page's inline
# markup, and a bound on the work per tag when a page nests thousands of elements.
_SCOPE_DEPTH = 100


class _Soup(BeautifulSoup):
    """html.parser's tree with browsers' implicit end of <p> and of a heading opened in a heading."""

    def __init__(self, markup: str):
        super().__init__(markup, "html.parser")

    def handle_starttag(self, name, *args, **kwargs):
        self.endData()  # text read so far belongs to the element about to be closed
        if name in _CLOSES_P and self.open_tag_counter.get("p"):
            for tag in self.tagStack[:-_SCOPE_DEPTH - 1:-1]:
                if tag.name == "p":
                    self._popToTag("p")
                    break
                if tag.name in _BUTTON_SCOPE:
                    break
        if name in _H and self.currentTag is not None and self.currentTag.name in _H:
            self.popTag()
        return super().handle_starttag(name, *args, **kwargs)


def _classes(tag: Tag) -> set[str]:
    return set(tag.get("class") or [])


def _heading(block: Tag) -> Tag | None:
    return block.find(_HEADINGS)


def _outermost(soup: BeautifulSoup, chosen) -> list[Tag]:
    """The tags `chosen(tag)` picks that are not inside another picked tag, in document order.

    One pass in document order, where a parent always comes before its children: asking each
    tag for its ancestors (or skipping decomposed ones, which bs4 checks with a search of the
    whole subtree) costs the depth per tag, quadratic on deeply nested pages.
    """
    inside: set[int] = set()
    found = []
    for tag in soup.find_all(True):
        if id(tag.parent) in inside:
            inside.add(id(tag))
        elif chosen(tag):
            inside.add(id(tag))
            found.append(tag)
    return found


def contributor_blocks(soup: BeautifulSoup) -> list[Tag]:
    outermost = _outermost(soup, lambda t: t.name in ("article", "section", "div", "li")
                           and bool(_classes(t) & _BLOCK_CLASSES))
    if not outermost:
        articles = soup.find_all("article")
        outermost = _outermost(soup, lambda t: t.name == "article") if len(articles) >= 2 else []
    return [t for t in outermost if _heading(t) and t.find("p")]


def _speaker(block: Tag) -> str:
    heading = _heading(block)
    link = heading.find("a", title=True)
    # The link title carries the full name when the visible text is shortened or styled.
    return squash(link["title"]) if link and squash(link["title"]) else squash(heading.get_text())


def _is_bio(tag: Tag) -> bool:
    return any("bio" in c or "byline" in c for c in _classes(tag))


def _captions(soup: BeautifulSoup) -> list[str]:
    """Photo captions with their credits, removed from the tree so they never become passages."""
    captions, credits = [], []
    # A caption inside a caption (or a credit inside one) is read with the outer one.
    found = _outermost(soup, lambda t: t.name == "figcaption" or "caption" in " ".join(_classes(t))
                       or "credit" in " ".join(_classes(t)))
    for tag in found:
        is_caption = tag.name == "figcaption" or "caption" in " ".join(_classes(tag))
        (captions if is_caption else credits).append(squash(tag.get_text(" ")))
    for tag in found:
        tag.decompose()
    pairs = [f"{c} ({credits[i]})" if i < len(credits) and credits[i] else c for i, c in enumerate(captions)]
    return [c for c in pairs + credits[len(captions):] if c]


def _preamble_title(body: str) -> str | None:
    # Exports put the title above the HTML as a Markdown heading, often a link to the original.
    lines = [line.strip() for line in body.split("\n")]
    for i, line in enumerate(lines):
        if line.startswith("<") and not line.startswith("<!--"):
            return None
        heading = line.lstrip("#").strip() if line.startswith("#") else None
        if line and i + 1 < len(lines) and re.fullmatch(r"[=-]{3,}", lines[i + 1]):
            heading = line
        if heading:
            return squash(_MD_LINK.sub(r"\1", heading))
    return None


def _nesting(soup: BeautifulSoup) -> set[int]:
    """ids of the paragraphs and headings that hold another one (what the parser could not unnest)."""
    owner: dict[int, Tag] = {}  # tag -> the innermost paragraph or heading around it (or itself)
    holders: set[int] = set()
    for tag in soup.find_all(True):
        above = owner.get(id(tag.parent))
        if tag.name in _TEXT_BLOCKS:
            if above is not None:
                holders.add(id(above))
            above = tag
        if above is not None:
            owner[id(tag)] = above
    return holders


def _own_text(block: Tag) -> str:
    """The text of `block` less that of the paragraphs and headings inside it, which are read on
    their own: reading each one whole would repeat the inner text once per level of nesting."""
    parts, stack = [], list(reversed(block.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name not in _TEXT_BLOCKS:
                stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:  # what get_text() reads: no comments, scripts or styles
            parts.append(node)
    return "".join(parts)


class _Builder:
    def __init__(self, first_line: int, soup: BeautifulSoup):
        self.first_line = first_line
        self.holders = _nesting(soup)

    def text(self, tag: Tag) -> str:
        return squash(_own_text(tag) if id(tag) in self.holders else tag.get_text())

    def passage(self, p: Tag, kind: str) -> Passage | None:
        text = self.text(p)
        if not text:
            return None
        line = (p.sourceline or 1) + self.first_line - 1
        # Inline markup is kept only where the paragraph's markup is its own (the usual case).
        html = text_html(text) if id(p) in self.holders else inline_html(p.decode_contents())
        return Passage(anchor="", text=text, html=html, line=line, kind=kind)

    def section(self, tags: list[Tag], line_of: Tag, kind: str, passage_kind: str = "paragraph", **fields) -> Section:
        section = Section(anchor="", line=(line_of.sourceline or 1) + self.first_line - 1, kind=kind, **fields)
        section.passages = [p for p in (self.passage(t, passage_kind) for t in tags) if p]
        return section


class ConversationReader(Reader):
    name = "conversation"

    def __init__(self, contributors: bool = True) -> None:
        # With contributors: a post with one block per contributor. Without: any HTML body.
        self.contributors = contributors

    def detect(self, source, body, front) -> object | None:
        if "<" not in body:
            return None
        if self.contributors:
            return True if contributor_blocks(_Soup(body)) else None
        return True if looks_like_html(body) else None

    def read(self, source, body, first_line, front, found) -> Document:
        soup = _Soup(body)
        for tag in soup.find_all(_DROP):
            tag.decompose()
        doc = Document(source=source.rel, title="", kind="conversation", reader=self.name, captions=_captions(soup))
        h1, title = soup.find("h1"), soup.find("title")
        doc.title = squash((h1 or title).get_text()) if (h1 or title) else (_preamble_title(body) or "")
        time = soup.find("time", datetime=True)
        doc.date = PartialDate.parse(time["datetime"]) if time else None
        build = _Builder(first_line, soup)
        blocks = contributor_blocks(soup)
        if not blocks:
            doc.kind = "page"
            self._page(soup, doc, build)
        else:
            order = {id(t): i for i, t in enumerate(soup.find_all(True))}
            inside = {id(p) for b in blocks for p in b.find_all("p")}
            intro = [p for p in soup.find_all("p") if id(p) not in inside and order[id(p)] < order[id(blocks[0])]]
            if intro:
                doc.sections.append(build.section(intro, intro[0], "intro"))
            for block in blocks:
                bio = next((t for t in block.find_all(True) if _is_bio(t)), None)
                in_bio = {id(bio), *(id(p) for p in bio.find_all("p"))} if bio else set()
                paragraphs = [p for p in block.find_all("p") if id(p) not in in_bio]
                doc.sections.append(build.section(
                    paragraphs, block, "contribution", "contribution", speaker=_speaker(block),
                    bio=squash(bio.get_text(" ")) if bio else None,
                ))
            doc.authors = list(dict.fromkeys(s.speaker for s in doc.sections if s.speaker))
        if not doc.title:
            set_title(doc, None, list(doc.passages()))
        return assign_anchors(doc)

    def _page(self, soup: BeautifulSoup, doc: Document, build: _Builder) -> None:
        section = Section(anchor="", line=build.first_line, kind="body")
        doc.sections.append(section)
        for tag in soup.find_all(["p", *_HEADINGS[:3]]):
            if tag.name == "p":
                if (p := build.passage(tag, "paragraph")) is not None:
                    section.passages.append(p)
            elif heading := build.text(tag):
                section = build.section([], tag, "body", heading=heading)
                doc.sections.append(section)
