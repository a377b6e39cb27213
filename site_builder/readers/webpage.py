"""Raw saved web pages: a whole HTML page as a browser or a crawler saved it, with its
<head> metadata, navigation, share bars, ads, related stories, comments and footer.

trafilatura finds the article among that furniture and htmldate its publication date;
title, byline, address and site name come from the page's own metadata. Only whole pages
are claimed: an HTML fragment (a Jekyll post's body) is the conversation reader's.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from copy import deepcopy
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura
from lxml import etree

from site_builder.models import MAX_YEAR, Document, PartialDate, Passage, Section
from site_builder.readers.article import byline, set_title
from site_builder.readers.base import Reader
from site_builder.readers.furniture import MAX_CAPTIONS, assign_anchors, classify
from site_builder.sanitize import inline_html, text_html
from site_builder.text import squash
from site_builder.urls import WEB_SCHEMES, safe_url
from site_builder.vocabulary import MONTHS_DAYS, ORG_WORDS

# A page starts with its doctype or <html>, after at most an XML prolog and comments
# (browsers write "<!-- saved from url=... -->").
_PAGE_START = re.compile(r"(?:\s|<\?xml[^>]*>|<!--.*?-->)*(?:<!doctype\s+html\b|<html[\s>])", re.I | re.S)
_HTML_TAG, _HEAD_TAG = re.compile(r"^[ \t]*<html[\s>]", re.I | re.M), re.compile(r"<head[\s>]", re.I)
_SNIFF = 4096  # characters

# htmldate bounds dates by today unless told otherwise: a fixed bound keeps a page's date the
# same on every build (and the page cache, keyed by the file's bytes, right).
_DATES = {"original_date": True, "extensive_search": True, "max_date": f"{MAX_YEAR}-12-31"}
_OPINION = re.compile(r"\b(?:opinion|analysis|commentary|editorial|op-ed|column)s?\b", re.I)
# Between a headline and the site's name in a <title>: "Headline | Site", "Headline - Site".
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")
_DOMAIN_NAME = re.compile(r"([A-Z][\w-]*)\.(?:com|org|net|in|co\.uk)")

# Box titles the furniture patterns do not know: what follows them is other stories, not this one.
_BOX = re.compile(
    r"^(?:more related to this story|most (?:popular|read|viewed|shared|emailed)(?: stories| articles)?"
    r"|read more (?:from|by|about|on) .{1,60}|you (?:may|might) also (?:like|be interested in)"
    r"|(?:trending|top|latest|more) (?:stories|news|headlines)(?: from .{1,40})?|stories from .{1,40})[:.]?$",
    re.I,
)
# Buttons and summary boxes: dropped alone; a summary box's list repeats the article.
_BUTTON = re.compile(r"^add to (?:\w+\s?){1,3}$|^(?:save|bookmark|gift) (?:this )?(?:article|story)$", re.I)
_SUMMARY = re.compile(r"^(?:key )?(?:highlights|takeaways|points)$", re.I)
_SPACE = re.compile(r"\s+")
_WINDOW = 200_000  # characters of page text searched for one paragraph
_PROSE = 12  # words: a table cell this long is a layout table's text, not data
_FINISHED = tuple('.!?…"”’)')  # how a sentence ends; a headline or a figure does not
# trafilatura keeps the class of the paragraphs it copies: a caption's says what it is ("img_cptn").
_CAPTION_CLASS = re.compile(r"caption|cptn|credit", re.I)
# A dateline printed as its own paragraph ("Washington/ New Delhi:") opens the next one.
_DATELINE = re.compile(r"^[A-Z][\w.’'/ -]{0,40}:$")

# Inline markup trafilatura keeps, as HTML.
_HI = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}
_INLINE = {"hi", "ref", "lb", "code", "del", "graphic"}


def is_full_page(text: str) -> bool:
    """A whole saved page (doctype or <html> first, or <html> and <head> near the top), not a
    fragment of one."""
    start = text.lstrip("\ufeff")[:_SNIFF]
    if _PAGE_START.match(start):
        return True
    # Else an <html> line after a preamble (a crawler's HTTP headers), unless in a Markdown code sample.
    html_tag = _HTML_TAG.search(start)
    return bool(html_tag and _HEAD_TAG.search(start, html_tag.end())
                and not re.search(r"```|~~~", start[:html_tag.start()]))


class _Page:
    """What the page says about itself: <meta> values, canonical link, <title> and <h1>s."""

    def __init__(self, tree):
        self.meta: dict[str, str] = {}
        for m in tree.iter("meta"):
            key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
            # Some savers (Postlight's fixtures among them) keep `content` as `value`.
            value = m.get("content") if m.get("content") is not None else m.get("value")
            if value is not None and m.get("content") is None:
                m.set("content", value)  # where trafilatura and htmldate look for it
            if key and value and value.strip():
                self.meta.setdefault(key, squash(html.unescape(value)))
        canonical = next((link.get("href") for link in tree.iter("link")
                          if "canonical" in (link.get("rel") or "").lower().split()), None)
        self.url = safe_url(canonical, WEB_SCHEMES) or safe_url(self.meta.get("og:url"), WEB_SCHEMES)
        title = tree.find(".//title")
        self.title = squash(title.text_content()) if title is not None else ""
        self.h1s = [t for t in (squash(h.text_content()) for h in tree.iter("h1")) if t]


def _site_name(page: _Page) -> str | None:
    """og:site_name, or the name the <title> puts after the headline ("Headline - The Site")."""
    site = page.meta.get("og:site_name")
    tail = None
    for sep in _SEPARATORS:
        head, _, rest = page.title.rpartition(sep)
        if head and _same(head, [*page.h1s, page.meta.get("og:title", "")]):
            tail = rest.strip()
            break
    # The <title> tends to spell the name in full where og:site_name shortens it.
    if tail and (not site or tail.lower() == f"the {site.lower()}"):
        site = tail
    if site and (m := _DOMAIN_NAME.fullmatch(site)):
        site = m.group(1)  # "NDTV.com": the brand, not its address
    return site or None


def _same(text: str, others: list[str]) -> bool:
    return bool(text) and text.casefold() in {o.casefold() for o in others if o}


def _without_site(title: str, site: str | None) -> str:
    if site:
        bare = site.removeprefix("The ").casefold()
        for sep in _SEPARATORS:
            head, _, tail = title.rpartition(sep)
            if head and tail.strip().removeprefix("The ").casefold() == bare:
                return head.strip()
    return title


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _title(page: _Page, found: str | None, site: str | None) -> str:
    """The headline as the page prints it: the <h1> its metadata titles are about.

    og:title and <title> are often an editor's variant ("Opinion | ...", "... (Published 2018)",
    a longer search-engine title); an <h1> that shares most of its words with them is the headline
    and other <h1>s (the site's logo, a box title) are not.
    """
    found, og, full = (_without_site(t or "", site) for t in (found, page.meta.get("og:title"), page.title))
    titles = [t for t in (found, og, full) if t]

    def overlap(h1: str) -> float:
        words = _words(h1)
        return max((len(words & _words(t)) / len(words) for t in titles), default=0) if words else 0

    best = max(page.h1s, key=overlap, default=None)
    if best and overlap(best) >= 0.6:
        return best
    return found or og or (page.h1s[0] if page.h1s else "") or full


def _authors(found: str | None, tree, site: str | None) -> list[str]:
    """trafilatura's byline ("A; B"), one name per person, without agencies and publications."""
    known: set[str] | None = None
    names: list[str] = []
    for piece in (found or "").split(";"):
        piece = squash(piece)
        if len(piece.split()) >= 4:
            known = known if known is not None else _short_texts(tree)
            parts = _unmerge(piece, known)
        else:
            parts = [piece]
        for part in parts:
            part = part.title() if part.isupper() else part
            for name in byline("By " + part) or []:
                words = {w.strip(".,").lower() for w in name.split()}
                if words & (ORG_WORDS | MONTHS_DAYS) or (site and name.casefold() == site.casefold()):
                    continue
                if name not in names:
                    names.append(name)
    return names


def _short_texts(tree) -> set[str]:
    """Each short text the page prints in an element of its own, split at name separators."""
    texts = set()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.text and len(el.text) <= 80:
            texts.update(squash(t) for t in re.split(r"[,;/|&]|\band\b", el.text) if squash(t))
    return texts


def _unmerge(piece: str, known: set[str]) -> list[str]:
    # trafilatura joins a byline's elements with spaces: "By <a>A B</a> <a>C D</a>" reads
    # "A B C D". Split it back where each part is printed on its own in the page.
    if piece in known:
        return [piece]
    words = piece.split()
    for i in range(2, len(words) - 1):
        head, rest = " ".join(words[:i]), _unmerge(" ".join(words[i:]), known)
        if head in known and all(r in known for r in rest):
            return [head, *rest]
    return [piece]


def _kind(page: _Page) -> str:
    sections = [page.meta.get(k, "") for k in ("article:section", "section", "articlesection", "og:type")]
    # Labels: "Opinion | Headline" in the titles, /opinions/ in the address.
    labels = [t.split("|")[0].strip() for t in (page.meta.get("og:title", ""), page.title) if "|" in t]
    labels += urlsplit(page.url or "").path.split("/")
    says = any(_OPINION.search(s) for s in sections) or any(_OPINION.fullmatch(s) for s in labels)
    return "opinion" if says else "news"


class _Lines:
    """The file line where a paragraph starts: its first words looked up, in document order, in
    the page's text with white space collapsed (scripts and styles left out, so that a copy of
    the article in a JSON blob is not what is found)."""

    def __init__(self, tree, first_line: int):
        self.offset = first_line - 1
        self.starts: list[int] = []  # where in self.text each run of one file line starts
        self.numbers: list[int] = []  # and that line
        self.parts: list[str] = []
        body = tree.find(".//body")
        self.line = (body.sourceline if body is not None and body.sourceline else 1) + self.offset
        self.size, line = 0, 1
        for event, el in etree.iterwalk(body if body is not None else tree, events=("start", "end")):
            if event == "start":
                line = el.sourceline or line
                piece = el.text if isinstance(el.tag, str) and el.tag not in ("script", "style") else None
            else:
                piece = el.tail
            for k, run in enumerate((piece or "").split("\n")):
                self._add((" " if k else "") + run, line + k)
            line += (piece or "").count("\n")
        self.text = "".join(self.parts)
        self.pos = 0

    def _add(self, run: str, line: int) -> None:
        run = _SPACE.sub(" ", run)
        if run.startswith(" ") and self.parts and self.parts[-1].endswith(" "):
            run = run[1:]
        if run:
            self.starts.append(self.size)
            self.numbers.append(line + self.offset)
            self.parts.append(run)
            self.size += len(run)

    def find(self, text: str) -> int:
        """The line of `text`, or of the paragraph before it when the page prints it differently."""
        words = text.split()
        for probe in (" ".join(words[:8]), " ".join(words[:3])):
            # The next paragraph is close by: a bounded search keeps a page of thousands of
            # paragraphs that cannot be found linear, not quadratic.
            at = self.text.find(probe, self.pos, self.pos + _WINDOW + len(probe))
            if at >= 0:
                self.pos = at + len(probe)
                self.line = self.numbers[bisect_right(self.starts, at) - 1]
                break
        return self.line


def _blocks(body):
    """(kind, node) for the article's blocks in order: kind is "heading", "item", "cell" (in a
    table) or "paragraph"; node an element, or loose text. trafilatura nests paragraphs in lists,
    quotes, divisions and tables."""
    todo = [(body, False)]
    while todo:
        node, in_table = todo.pop()
        if isinstance(node, str):
            yield ("cell" if in_table else "paragraph"), node
        elif node is not body and not any(d.tag not in _INLINE for d in node.iterdescendants()):
            kind = {"head": "heading", "item": "item"}.get(node.tag, "paragraph")
            yield ("cell" if in_table and kind != "heading" else kind), node
        else:
            in_table = in_table or node.tag == "table"
            # Pushed last to first, so that children come out in order, each before its tail.
            rest = [(node.text, in_table)] if node.text and node.text.strip() else []
            for child in node:
                rest.append((child, in_table))
                if child.tail and child.tail.strip():
                    rest.append((child.tail, in_table))
            todo.extend(reversed(rest))


def _html(el, base: str | None):
    """A copy of trafilatura's inline markup as HTML (left for `inline_html` to sanitize)."""
    el = deepcopy(el)
    for e in el.iter():
        if e.tag == "hi":
            e.tag = _HI.get(e.get("rend", ""), "span")
            e.attrib.clear()
        elif e.tag == "ref":
            href = safe_url(urljoin(base or "", e.get("target", "")))
            e.attrib.clear()
            e.tag = "a" if href else "span"
            if href:
                e.set("href", href)
        elif e.tag == "lb":
            e.tag = "br"
    return el


def _pieces(node, base: str | None) -> list[tuple[str, str]]:
    """(html, text) of the paragraphs in one block: pages that separate paragraphs with <br>
    come out of trafilatura as one block with line breaks. A paragraph that is all link points
    at another page ("Read this story in ...", a related headline) and is left out."""
    if isinstance(node, str):
        return [(text_html(squash(node)), squash(node))] if squash(node) else []
    pieces, markup, text, linked = [], [html.escape(node.text or "", quote=False)], [node.text or ""], []
    for child in node:
        if child.tag == "lb":
            pieces.append((markup, text, linked))
            markup, text, linked = [], [], []
        else:
            markup.append(etree.tostring(_html(child, base), encoding="unicode", method="html", with_tail=False))
            text.append("".join(child.itertext()))
            if child.tag == "ref":
                linked.append(text[-1])
        markup.append(html.escape(child.tail or "", quote=False))
        text.append(child.tail or "")
    pieces.append((markup, text, linked))
    return [(inline_html("".join(m)), squash("".join(t))) for m, t, a in pieces
            if squash("".join(t)) and squash("".join(t)) != squash(" ".join(a))]


class WebpageReader(Reader):
    name = "webpage"

    def detect(self, source, body, front) -> object | None:
        """The parsed page, when the body is a whole page."""
        return trafilatura.load_html(body) if is_full_page(body) else None

    def read(self, source, body, first_line, front, found) -> Document:
        doc = Document(source=source.rel, title="", kind="news", reader=self.name)
        tree = found  # the page `detect` parsed
        page = _Page(tree)  # first: it also moves `value` to `content` for the libraries
        lines = _Lines(tree, first_line)
        info = trafilatura.extract_metadata(tree, default_url=page.url, date_config=dict(_DATES))
        date = info.date
        if info.url != page.url:
            # trafilatura dated the page by its og:url, which can be a shortlink without the
            # date in its path ("https://politi.co/3CO4xiD"): date it by the canonical address.
            date = htmldate.find_date(tree, url=page.url, **_DATES)
        article = trafilatura.bare_extraction(
            tree, url=page.url, with_metadata=False, include_comments=False, include_tables=True,
            include_images=False, include_formatting=True, include_links=True, favor_precision=True,
        )
        doc.publication = _site_name(page)
        doc.title = _title(page, info.title, doc.publication)
        doc.authors = _authors(info.author, tree, doc.publication)
        doc.date = PartialDate.parse(date) if date else None
        doc.url, doc.kind = page.url, _kind(page)
        if article is not None and article.body is not None:
            _drop_boxes(doc, self._sections(doc, article.body, lines, page.url))
        if not any(doc.passages()):
            doc.warnings.append("no article text found in this page")
        if not doc.title:
            set_title(doc, None, list(doc.passages()))
        return assign_anchors(doc)

    def _sections(self, doc: Document, body, lines: _Lines, base: str | None) -> set[int]:
        """Fill `doc` with the article's sections and passages; the ids of passages that are list items."""
        section = Section(anchor="", line=lines.line, kind="body")
        doc.sections.append(section)
        in_summary, dateline, items = False, None, set()
        for kind, node in _blocks(body):
            in_summary = in_summary and kind == "item"
            if in_summary:
                continue
            if not isinstance(node, str) and _CAPTION_CLASS.search(node.get("class", "")):
                _caption(doc, squash("".join(node.itertext())))
                continue
            for markup, text in _pieces(node, base):
                verdict = classify(text)
                if verdict == "stop" or _BOX.match(text):
                    return items
                if verdict == "caption":
                    _caption(doc, text)
                if verdict or _BUTTON.match(text) or (kind == "cell" and len(text.split()) < _PROSE):
                    continue
                if _SUMMARY.match(text):
                    in_summary = True
                elif kind == "heading":
                    if text.casefold() != doc.title.casefold():
                        section = Section(anchor="", line=lines.find(text), kind="body", heading=text)
                        doc.sections.append(section)
                elif _DATELINE.match(text) and len(text.split()) <= 4:
                    dateline = dateline or (markup, text)
                else:
                    line = lines.find(text)
                    if dateline:
                        # Joined as the page prints it ("WASHINGTON: The ..."): a passage of its
                        # own would read as a speaker's label.
                        markup, text = inline_html(f"{dateline[0]} {markup}"), f"{dateline[1]} {text}"
                        dateline = None
                    section.passages.append(Passage(anchor="", text=text, html=markup, line=line))
                    if kind == "item":
                        items.add(id(section.passages[-1]))
        return items


def _drop_boxes(doc: Document, items: set[int]) -> None:
    """Drop headed sections that are boxes: headlines or figures under a heading ("World /
    28,25,140 Cases ..."), not sentences. List items are exempt: bullets often go unpunctuated."""
    first = doc.sections[0]
    first.line = first.passages[0].line if first.passages else first.line
    doc.sections = [first] + [s for s in doc.sections[1:] if not (
        s.passages and not any(id(p) in items for p in s.passages)
        and sum(not p.text.endswith(_FINISHED) for p in s.passages) * 2 > len(s.passages))]
    while len(doc.sections) > 1 and not doc.sections[-1].passages:
        doc.sections.pop()  # a heading that headed only a box or a table


def _caption(doc: Document, text: str) -> None:
    if text and text not in doc.captions and len(doc.captions) < MAX_CAPTIONS:
        doc.captions.append(text)
