"""What a published site needs besides its pages: sitemap, robots.txt, Atom feed, CNAME."""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from site_builder.corpus import Corpus
from site_builder.render import Renderer

FEED_SIZE = 50


def sitemap(pages, renderer: Renderer) -> str:
    urls = "".join(f"  <url><loc>{escape(renderer.absolute(p.path))}</loc></url>\n" for p in pages if p.in_sitemap)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")


def robots(renderer: Renderer) -> str:
    # A sitemap must be named by its absolute address: without the site's `url` there is none to name.
    sitemap_line = f"Sitemap: {renderer.absolute('sitemap.xml')}\n" if renderer.config.url else ""
    return "User-agent: *\nAllow: /\n" + sitemap_line


def _entry_id(renderer: Renderer, path: str) -> str:
    """An Atom id must be an absolute IRI that never changes: the page's address when the site has
    one, else a name-based UUID of the site's title and the page's path."""
    if renderer.config.url:
        return renderer.absolute(path)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{renderer.config.title}\0{path}"))


def _stamp(date) -> str:
    # Atom wants a full timestamp; a partial date stands for its first day.
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def feed(corpus: Corpus, renderer: Renderer) -> str:
    """Atom feed of the newest dated articles; undated ones have no place in a feed's order."""
    site = renderer.config
    dated = [a for a in corpus.articles if a.doc.date][:FEED_SIZE]
    updated = _stamp(dated[0].doc.date) if dated else "1970-01-01T00:00:00Z"
    entries = []
    for article in dated:
        doc = article.doc
        link = renderer.absolute(article.path)
        entry_id = _entry_id(renderer, article.path)
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in doc.authors)
        summary = doc.summary or (article.passages[0].passage.text[:300] if article.passages else "")
        entries.append(
            f"  <entry>\n    <title>{escape(doc.title)}</title>\n    <link href={quoteattr(link)}/>\n"
            f"    <id>{escape(entry_id)}</id>\n    <updated>{_stamp(doc.date)}</updated>\n"
            f"    {authors}<summary>{escape(summary)}</summary>\n  </entry>\n")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <title>{escape(site.title)}</title>\n  <subtitle>{escape(site.description)}</subtitle>\n"
            f"  <link href={quoteattr(renderer.absolute(''))}/>\n"
            f"  <link rel=\"self\" href={quoteattr(renderer.absolute('feed.xml'))}/>\n"
            f"  <id>{escape(_entry_id(renderer, ''))}</id>\n  <updated>{updated}</updated>\n"
            + "".join(entries) + "</feed>\n")


def write_all(writer, corpus: Corpus, pages, renderer: Renderer) -> None:
    if renderer.config.url:  # a sitemap lists absolute addresses only
        writer.write("sitemap.xml", sitemap(pages, renderer))
    writer.write("robots.txt", robots(renderer))
    writer.write("feed.xml", feed(corpus, renderer))
    writer.write(".nojekyll", "")
    if renderer.config.cname:
        writer.write("CNAME", renderer.config.cname + "\n")
