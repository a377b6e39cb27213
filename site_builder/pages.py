"""Which pages the site has, each with its template, context and the sources it depends on."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.corpus import Corpus

ALL = frozenset({"*"})  # a page every change affects (lists, home)


@dataclass(slots=True)
class Page:
    path: str  # URL path under the base URL: "", "articles/x/", "404.html"
    template: str
    context: dict = field(default_factory=dict)
    sources: frozenset[str] = ALL  # content files this page is built from
    title: str = ""
    in_sitemap: bool = True

    @property
    def output(self) -> str:
        return self.path if self.path.endswith((".html", ".xml", ".txt", ".json")) else self.path + "index.html"


def site_pages(corpus: Corpus) -> list[Page]:
    pages = [
        Page("", "index.html", {"corpus": corpus}, title="Home"),
        Page("articles/", "articles.html", {"articles": corpus.articles}, title="Articles"),
        Page("experts/", "experts.html", {"experts": corpus.experts, "others": corpus.others}, title="Experts"),
        Page("issues/", "issues.html", {"issues": corpus.issues}, title="Issues"),
        Page("search/", "search.html", {}, title="Search", in_sitemap=False),
        Page("404.html", "404.html", {}, title="Page not found", in_sitemap=False),
    ]
    for article in corpus.articles:
        pages.append(Page(article.path, "article.html", {"article": article},
                          frozenset({article.doc.source}), title=article.doc.title))
    for person in corpus.people:
        sources = frozenset(a.doc.source for a in person.articles)
        pages.append(Page(person.path, "person.html", {"person": person}, sources, title=person.name))
    for entry in corpus.issues:
        sources = frozenset(ref.article.doc.source for refs in entry.by_article.values() for ref in refs[:1])
        pages.append(Page(entry.path, "issue.html", {"entry": entry, "articles": {a.slug: a for a in (refs[0].article for refs in entry.by_article.values())}},
                          sources, title=entry.issue.name))
    return pages
