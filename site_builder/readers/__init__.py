"""The reader registry: the format of a file is chosen by what it contains."""

from __future__ import annotations

from site_builder.errors import Reporter, SourceError
from site_builder.models import Document
from site_builder.readers import frontmatter, metadata, shared
from site_builder.readers.base import Reader
from site_builder.sanitize import text_html
from site_builder.sources import SIDECAR_SUFFIX, SourceFile
from site_builder.urls import publication_from_url


# What one document may put on its article page and into the passage search index. A real
# article has tens of paragraphs, a long report a few hundred; 100,000 one-line paragraphs
# (well under the 8 MB file limit) made an 18 MB page and a 26 MB search index. Passages past
# the limit are dropped, not merged, so that the kept ones keep their anchors (p-1, p-2, ...)
# and no passage grows into one the page and the search cannot show.
MAX_PASSAGES = 2000
MAX_PASSAGE_HTML = 1_000_000  # characters of passage HTML, summed over the document


def table() -> tuple[Reader, ...]:
    """Every format, in order of precedence: the first reader that detects its format in a
    text reads it. Specific structures come before general ones; the plain-text article,
    which accepts anything, comes last."""
    from site_builder.readers import article, conversation, markdown, qa, roundup, transcript, webpage

    return (
        webpage.WebpageReader(),                       # a whole saved web page (<html>, <head>)
        conversation.ConversationReader(),             # HTML body with one block per contributor
        roundup.RoundupReader(jump_list=True),         # "Name: headline" list, then bios
        qa.QAReader(),                                 # unlabelled questions, then "Surname: answer"
        transcript.TranscriptReader(),                 # speaker turns: "NAME:", "**Name:**", "Q:", "Name (00:01):"
        markdown.MarkdownReader(front_matter=True),    # front matter and a Markdown body
        roundup.RoundupReader(jump_list=False),        # bio paragraphs each after a short headline
        conversation.ConversationReader(contributors=False),  # any other HTML body
        markdown.MarkdownReader(front_matter=False),   # Markdown headings, no front matter
        article.ArticleReader(),                       # anything else: plain text
    )


_TABLE: tuple[Reader, ...] = ()


def choose(source: SourceFile, body: str, front: frontmatter.FrontMatter | None) -> tuple[Reader, object]:
    """The first reader of the table that detects its format, and what it found."""
    global _TABLE
    if not _TABLE:
        _TABLE = table()
    for reader in _TABLE:
        found = reader.detect(source, body, front)
        if found is not None:
            return reader, found
    raise SourceError(source.rel, "no reader recognises this document")


def read_document(source: SourceFile, sidecar: dict | None, reporter: Reporter,
                  sidecar_lines: dict[str, int] | None = None) -> Document:
    """Parse one source file into a Document with its metadata merged: sidecar over front
    matter over what the reader found."""
    front = frontmatter.split(source.text, source.rel)
    body, first_line = (front.body, front.body_line) if front else (source.text, 1)
    try:
        reader, found = choose(source, body, front)
        doc = reader.read(source, body, first_line, front, found)
    except RecursionError:
        # The readers walk trees without recursion; this guards the libraries under them
        # (older BeautifulSoup releases serialise recursively) against a page nested thousands deep.
        raise SourceError(source.rel, "markup is nested too deeply to read; skipped "
                                      "(flatten the nested elements)") from None
    finally:
        shared.forget()  # the detectors' parse and layout of this body, shared with its reader
    bound_passages(doc)
    if front:
        metadata.merge(doc, front.data, source.rel, reporter, front.lines)
    sidecar_rel = source.rel.rsplit(".", 1)[0] + SIDECAR_SUFFIX
    metadata.merge(doc, sidecar or {}, sidecar_rel, reporter, sidecar_lines)
    if not doc.publication and doc.url:
        doc.publication = publication_from_url(doc.url, body[:20000])
    for message in doc.warnings:
        reporter.warn(message, source.rel)
    return doc


def bound_passages(doc: Document) -> Document:
    """Keep the first MAX_PASSAGES passages and MAX_PASSAGE_HTML characters, warning when that cuts.

    The passage that crosses the character limit is kept as plain text cut to fit, so a
    document that is one enormous paragraph still shows its start.
    """
    total = sum(len(s.passages) for s in doc.sections)
    size = sum(len(p.html) for p in doc.passages())
    if total <= MAX_PASSAGES and size <= MAX_PASSAGE_HTML:
        return doc
    kept, used, cut = 0, 0, False
    sections = []
    for section in doc.sections:
        keep = []
        for p in section.passages:
            if kept == MAX_PASSAGES:
                cut = True
                break
            if used + len(p.html) > MAX_PASSAGE_HTML:
                short = _shorten(p.text, MAX_PASSAGE_HTML - used)
                if short:
                    p.text, p.html = short, text_html(short)
                    keep.append(p)
                    kept += 1
                cut = True
                break
            keep.append(p)
            kept += 1
            used += len(p.html)
        section.passages = keep
        # A heading whose passages all fell past the limit would head nothing.
        if keep or not cut:
            sections.append(section)
        if cut:
            break
    doc.sections = sections
    if total > MAX_PASSAGES and kept == MAX_PASSAGES:
        what = f"document has {total} paragraphs; only the first {kept} are kept as passages"
    else:
        what = (f"document has {size / 1e6:.1f} MB of paragraph text; only the first "
                f"{MAX_PASSAGE_HTML / 1e6:.1f} MB ({kept} of {total} paragraphs) is kept as passages")
    doc.warnings.append(what + ": the rest is left off the article page and out of search (split the document)")
    return doc


def _shorten(text: str, room: int) -> str:
    # Escaping can lengthen the text (& -> &amp;): cut the plain text well inside the room left.
    if room < 200:
        return ""
    cut = text[: room // 5].rsplit(" ", 1)[0]
    return cut + " …"
