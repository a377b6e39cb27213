"""HTML conversations: an editors' intro, then one block per contributor.

Contributor blocks are elements classed as comments/contributions/responses
(or repeated <article>s) that carry a heading naming the contributor. HTML
without such blocks is read as a plain page, split at its h2-h4 headings.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from site_builder.models import Document, PartialDate, Passage, Section
from site_builder.readers import register
from site_builder.readers.article import set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import assign_anchors, looks_like_html
from site_builder.sanitize import inline_html
from site_builder.text import squash

_BLOCK_CLASSES = {"comment", "contribution", "response", "answer", "contributor-response"}
_HEADINGS = ["h2", "h3", "h4", "h5"]
_DROP = ["script", "style", "noscript", "template", "nav", "form", "footer", "aside", "iframe"]
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _classes(tag: Tag) -> set[str]:
    return set(tag.get("class") or [])


def _heading(block: Tag) -> Tag | None:
    return block.find(_HEADINGS)


def contributor_blocks(soup: BeautifulSoup) -> list[Tag]:
    found = [t for t in soup.find_all(["article", "section", "div", "li"]) if _classes(t) & _BLOCK_CLASSES]
    if not found:
        articles = soup.find_all("article")
        found = articles if len(articles) >= 2 else []
    ids = {id(t) for t in found}
    outermost = [t for t in found if not any(id(p) in ids for p in t.parents)]
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
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        classes = " ".join(_classes(tag))
        if tag.name == "figcaption" or "caption" in classes:
            captions.append(squash(tag.get_text(" ")))
            tag.decompose()
        elif "credit" in classes:
            credits.append(squash(tag.get_text(" ")))
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


class _Builder:
    def __init__(self, first_line: int):
        self.first_line = first_line

    def passage(self, p: Tag, kind: str) -> Passage | None:
        text = squash(p.get_text())
        if not text:
            return None
        line = (p.sourceline or 1) + self.first_line - 1
        return Passage(anchor="", text=text, html=inline_html(p.decode_contents()), line=line, kind=kind)

    def section(self, tags: list[Tag], line_of: Tag, kind: str, passage_kind: str = "paragraph", **fields) -> Section:
        section = Section(anchor="", line=(line_of.sourceline or 1) + self.first_line - 1, kind=kind, **fields)
        section.passages = [p for p in (self.passage(t, passage_kind) for t in tags) if p]
        return section


@register
class ConversationReader(Reader):
    name = "conversation"

    def score(self, source, front) -> int:
        body = front.body if front else source.text
        if "<" not in body:
            return 0
        if contributor_blocks(BeautifulSoup(body, "html.parser")):
            return 95
        return 40 if looks_like_html(body) else 0

    def read(self, source, body, first_line, front) -> Document:
        soup = BeautifulSoup(body, "html.parser")
        for tag in soup.find_all(_DROP):
            tag.decompose()
        doc = Document(source=source.rel, title="", kind="conversation", reader=self.name, captions=_captions(soup))
        h1, title = soup.find("h1"), soup.find("title")
        doc.title = squash((h1 or title).get_text()) if (h1 or title) else (_preamble_title(body) or "")
        time = soup.find("time", datetime=True)
        doc.date = PartialDate.parse(time["datetime"]) if time else None
        build = _Builder(first_line)
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
                paragraphs = [p for p in block.find_all("p") if not (bio and (p is bio or bio in p.parents))]
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
            elif squash(tag.get_text()):
                section = build.section([], tag, "body", heading=squash(tag.get_text()))
                doc.sections.append(section)
