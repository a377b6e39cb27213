"""Which pages the site has, each with its template, context and the sources it depends on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from site_builder.corpus import Corpus, Person

ALL = frozenset({"*"})  # a page every change affects (lists, home)

# Lists grow with the corpus and pages must not (the target is under 300 kB of HTML each at
# any size), so every list that grows is split into pages. The counts keep a page of typical
# items far below that; the character budgets cap a page whose items are unusually long
# (a transcript's worth of quotes from one person, a paragraph pasted without breaks).
ARTICLES_PER_PAGE = 50
PEOPLE_PER_PAGE = 100
PASSAGES_PER_PAGE = 50
PERSON_ARTICLES_PER_PAGE = 25
PAGE_BUDGET = 120_000  # characters of item text per page; one item over it gets a page to itself
# Side lists that also grow (experts on an issue, experts beside an expert) show their top entries.
SIDE_LIST_LIMIT = 100


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


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a split list sits among its siblings: all the pagination nav reads."""

    number: int  # 1-based
    paths: tuple[str, ...]  # every page of the list, first page first
    start: int = 0  # index of the page's first item in the whole list
    stop: int = 0  # one past its last
    total: int = 0  # items in the whole list

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def prev(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, None where a run is left out: a list of 200 pages keeps a short nav
        (every page is still reachable through prev/next and the numbers near it)."""
        shown = sorted({1, self.count, *range(max(1, self.number - around), min(self.count, self.number + around) + 1)})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None if n - numbers[-1] > 2 else n - 1)
            numbers.append(n)
        return numbers


def page_path(first: str, number: int) -> str:
    # The first page keeps the list's address, so every existing link into it still lands.
    return first if number == 1 else f"{first}page/{number}/"


def paginate(first: str, items: Sequence, per_page: int, weight: Callable[[object], int] | None = None,
             budget: int = PAGE_BUDGET) -> list[tuple[Pager, list]]:
    """`items` split into pages of at most `per_page`, and (when `weight` is given) at most `budget`
    in weight unless one item alone exceeds it. An empty list still has its one page."""
    chunks: list[list] = [[]]
    used = 0
    for item in items:
        cost = weight(item) if weight else 0
        if chunks[-1] and (len(chunks[-1]) >= per_page or (weight and used + cost > budget)):
            chunks.append([])
            used = 0
        chunks[-1].append(item)
        used += cost
    paths = tuple(page_path(first, n) for n in range(1, len(chunks) + 1))
    result, start = [], 0
    for number, chunk in enumerate(chunks, 1):
        result.append((Pager(number, paths, start, start + len(chunk), len(items)), chunk))
        start += len(chunk)
    return result


def numbered(title: str, pager: Pager) -> str:
    # Each page of a list has a title of its own: tabs, history and search results tell them apart.
    return title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"


def _passage_weight(ref) -> int:
    return len(ref.passage.html) + 300  # the figure, caption and links around each excerpt


def _card_weight(entry) -> int:
    _, mentions = entry
    return 500 + sum(len(m.text or "") + 300 for m in mentions if m.kind != "turn")


def _grouped(refs) -> list[tuple]:
    """Consecutive passages of one article as (article, [refs]): an article split across two pages
    is headed on both."""
    groups: list[tuple] = []
    for ref in refs:
        if groups and groups[-1][0] is ref.article:
            groups[-1][1].append(ref)
        else:
            groups.append((ref.article, [ref]))
    return groups


def _beside(person: Person) -> tuple[list[Person], int]:
    """The experts shown beside `person`, in order of first appearance, and how many were left out:
    past the limit, those sharing the most articles with `person` are kept."""
    beside = list(person.beside)
    if len(beside) <= SIDE_LIST_LIMIT:
        return beside, 0
    shared = Counter(other for article in person.by_article for other in article.experts if other is not person)
    kept = set(sorted(beside, key=lambda p: -shared[p])[:SIDE_LIST_LIMIT])  # stable: ties by first appearance
    return [p for p in beside if p in kept], len(beside) - SIDE_LIST_LIMIT


def site_pages(corpus: Corpus) -> list[Page]:
    pages = [Page("", "index.html", {"corpus": corpus}, title="Home")]
    for pager, chunk in paginate("articles/", corpus.articles, ARTICLES_PER_PAGE):
        pages.append(Page(pager.path, "articles.html", {"articles": chunk, "pager": pager},
                          title=numbered("Articles", pager)))
    # One sequence, experts then everyone else, as the single page always listed them.
    experts = corpus.experts
    for pager, chunk in paginate("experts/", experts + corpus.others, PEOPLE_PER_PAGE):
        pages.append(Page(pager.path, "experts.html",
                          {"experts": [p for p in chunk if p.is_expert], "others": [p for p in chunk if not p.is_expert],
                           "expert_count": len(experts), "pager": pager},
                          title=numbered("Experts", pager)))
    pages += [
        # Issues come from the curated taxonomy, not the corpus: one page holds them all.
        Page("issues/", "issues.html", {"issues": corpus.issues}, title="Issues"),
        Page("search/", "search.html", {}, title="Search", in_sitemap=False),
        Page("404.html", "404.html", {}, title="Page not found", in_sitemap=False),
    ]
    for article in corpus.articles:
        pages.append(Page(article.path, "article.html", {"article": article},
                          frozenset({article.doc.source}), title=article.doc.title))
    for person in corpus.people:
        # Every page of a person depends on all their articles: a change in one moves the page breaks.
        sources = frozenset(a.doc.source for a in person.articles)
        beside, beside_more = _beside(person)
        for pager, chunk in paginate(person.path, list(person.by_article.items()), PERSON_ARTICLES_PER_PAGE,
                                     _card_weight):
            pages.append(Page(pager.path, "person.html",
                              {"person": person, "by_article": chunk, "pager": pager,
                               "beside": beside, "beside_more": beside_more},
                              sources, title=numbered(person.name, pager)))
    for entry in corpus.issues:
        sources = frozenset(ref.article.doc.source for refs in entry.by_article.values() for ref in refs[:1])
        refs = [ref for group in entry.by_article.values() for ref in group]
        experts = entry.experts.most_common(SIDE_LIST_LIMIT)
        for pager, chunk in paginate(entry.path, refs, PASSAGES_PER_PAGE, _passage_weight):
            pages.append(Page(pager.path, "issue.html",
                              {"entry": entry, "groups": _grouped(chunk), "pager": pager, "experts": experts,
                               "experts_more": len(entry.experts) - len(experts)},
                              sources, title=numbered(entry.issue.name, pager)))
    return pages
