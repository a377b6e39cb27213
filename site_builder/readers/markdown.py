"""Hand-written Markdown with YAML front matter: the format users write themselves.

`#` gives the title, each `##`-or-deeper heading starts a section. A section headed
with a person's name that holds a biography paragraph ("Ann Lee is ...") is that
person's contribution, as in an "experts react" roundup. Raw HTML is allowed by
CommonMark; it only reaches the page through `sanitize.inline_html`.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from site_builder.models import Document, Passage, Section
from site_builder.readers.article import header_facts, set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import assign_anchors, looks_like_html
from site_builder.readers.metadata import slug_kind
from site_builder.readers.roundup import bio_subject, same_person
from site_builder.readers.shared import MD as _MD, markdown_tokens
from site_builder.sanitize import inline_html, text_html
from site_builder.text import squash

_ATX = re.compile(r"^#{1,6}\s+\S", re.M)


def _plain(html: str) -> str:
    if "<" not in html and "&" not in html:  # no markup, no entities: parsing would give it back
        return squash(html)
    return squash(BeautifulSoup(html, "html.parser").get_text())


def _image_alts(inline) -> list[str]:
    return [squash(c.content) for c in inline.children or [] if c.type == "image" and squash(c.content)]


class MarkdownReader(Reader):
    name = "markdown"

    def __init__(self, front_matter: bool = True) -> None:
        # With front matter, Markdown is what the user wrote; without, headings must say so.
        self.front_matter = front_matter

    def detect(self, source, body, front) -> object | None:
        if looks_like_html(body):
            return None
        if self.front_matter:
            return True if front is not None else None
        return True if _ATX.search(body) else None

    def read(self, source, body, first_line, front, found) -> Document:
        kind = slug_kind(str(front.data["kind"])) if front and front.data.get("kind") else "article"
        doc = Document(source=source.rel, title="", kind=kind, reader=self.name)
        title_end = None
        section = Section(anchor="", line=first_line, kind="body")
        doc.sections.append(section)
        tokens = markdown_tokens(body)  # usually already parsed by the transcript reader's detect
        for i, token in enumerate(tokens):
            line = first_line + (token.map[0] if token.map else 0)
            if token.type == "heading_open":
                text = _plain(inline_html(_MD.renderer.renderInline(tokens[i + 1].children or [], _MD.options, {})))
                if token.tag == "h1" and not doc.title and not any(s.passages for s in doc.sections):
                    doc.title = text
                    title_end = token.map[1] if token.map else None
                elif text:
                    section = Section(anchor="", line=line, kind="body", heading=text)
                    doc.sections.append(section)
            elif token.type == "paragraph_open":
                inline = tokens[i + 1]
                html = inline_html(_MD.renderer.renderInline(inline.children or [], _MD.options, {}))
                text = _plain(html)
                if _continues_title(doc.title, title_end, token, text):
                    # A long "# Title" wrapped onto the next line, with no blank line between.
                    doc.title, title_end = f"{doc.title} {text}", None
                    continue
                if text:
                    section.passages.append(Passage(anchor="", text=text, html=html, line=line))
                else:
                    # A paragraph that is only an image: its alt text is a caption.
                    doc.captions.extend(a for a in _image_alts(inline) if a not in doc.captions)
            elif token.type == "html_block":
                html = inline_html(token.content)
                if text := _plain(html):
                    section.passages.append(Passage(anchor="", text=text, html=html, line=line))
            elif token.type in ("fence", "code_block") and token.content.strip():
                content = token.content.rstrip("\n")
                section.passages.append(Passage(anchor="", text=squash(content), html=text_html(content), line=line))
        for section in doc.sections:
            _mark_contribution(section)
        if not doc.title:
            set_title(doc, None, list(doc.passages()))
        doc.date, authors = header_facts(body)
        doc.authors = authors or []
        return assign_anchors(doc)


def _continues_title(title: str, title_end: int | None, token, text: str) -> bool:
    return bool(
        title and title_end is not None and token.map and token.map[0] == title_end
        and token.map[1] - token.map[0] == 1 and 0 < len(text.split()) <= 15
        and not title.rstrip().endswith((".", "!", "?", ":")) and not text.endswith(".")
    )


def _mark_contribution(section: Section) -> None:
    if not section.heading:
        return
    for i, passage in enumerate(section.passages):
        subject = bio_subject(passage.text)
        if subject and len(section.heading.split()) <= 5 and same_person(subject, section.heading):
            section.kind, section.speaker, section.bio = "contribution", section.heading, passage.text
            section.heading = None
            del section.passages[i]
            for other in section.passages:
                other.kind = "contribution"
            return
