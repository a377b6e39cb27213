"""Which pages the site has, each with its template, context and the sources it depends on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from site_builder.corpus import Corpus, Person, sort_key

ALL = frozenset({"*"})  # a page every change affects (lists, home)

# Lists grow with the corpus and pages must not (the target is under 300 kB of HTML each at
# any size), so every list that grows is split into pages. The counts keep a page of typical
# items far below that; the character budgets cap a page whose items are unusually long
# (a transcript's worth of quotes from one person, a paragraph pasted without breaks).
ARTICLES_PER_PAGE = 50
PEOPLE_PER_PAGE = 100
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


def _card_weight(entry) -> int:
    _, mentions = entry
    return 500 + sum(len(m.text or "") + 300 for m in mentions if m.kind != "turn")


def _beside(person: Person) -> tuple[list[Person], int]:
    """The experts shown beside `person`, in order of first appearance, and how many were left out:
    past the limit, those sharing the most articles with `person` are kept."""
    beside = list(person.beside)
    if len(beside) <= SIDE_LIST_LIMIT:
        return beside, 0
    shared = Counter(other for article in person.by_article for other in article.experts if other is not person)
    kept = set(sorted(beside, key=lambda p: -shared[p])[:SIDE_LIST_LIMIT])  # stable: ties by first appearance
    return [p for p in beside if p in kept], len(beside) - SIDE_LIST_LIMIT


# --- What the pages show beyond one document ---------------------------------------------------

RELATED = 3  # "more from this expert" / "also on this issue": articles per expert or issue
RELATED_GROUPS = 3  # experts or issues with such a list under one article
CONTENTS_LIMIT = 80  # entries of an article's contents list
CARDS_PER_PAGE = 24  # an issue page's cards (one per expert, or per official, or an article's narration)
MAP_ROWS_PER_PAGE = 60
CARD_PASSAGES = 8  # an issue card shows a voice's newest passages; the rest are on the person's page


def card_anchor(person: Person) -> str:
    """The id of a person's card on an issue page: what the map and the person's profile link to."""
    return f"{'expert' if person.is_expert else 'person'}-{person.slug}"


@dataclass(slots=True)
class Card:
    """Who said what on one issue: one expert's passages (or an official's, or an article's narration),
    newest first."""

    person: Person | None  # None: the reporter's narration in `article`
    refs: list  # PassageRefs
    article: object = None

    @property
    def shown(self) -> list:
        return self.refs[:CARD_PASSAGES]

    @property
    def more(self) -> int:
        return len(self.refs) - len(self.shown)

    @property
    def anchor(self) -> str:
        if self.person is not None:
            return card_anchor(self.person)
        return f"narration-{self.article.slug}"


def _newest_first(refs: list) -> list:
    return sorted(refs, key=lambda ref: sort_key(ref.article))


def _issue_cards(entry) -> tuple[list[Card], list[Card]]:
    """An issue's expert cards, the newest voice first, and the rest: officials and others by
    person, the reporters' narration by article."""
    by_person: dict[Person, list] = {}
    narration: dict[object, list] = {}
    for refs in entry.by_article.values():
        for ref in refs:
            if ref.speaker is None:
                narration.setdefault(ref.article, []).append(ref)
            else:
                by_person.setdefault(ref.speaker, []).append(ref)
    cards = [Card(person, _newest_first(refs)) for person, refs in by_person.items()]
    cards.sort(key=lambda c: (sort_key(c.refs[0].article), c.person.name.lower(), c.person.key))
    experts = [c for c in cards if c.person.is_expert]
    others = [c for c in cards if not c.person.is_expert]
    others += [Card(None, refs, article) for article, refs in sorted(narration.items(), key=lambda kv: sort_key(kv[0]))]
    return experts, others


def _card_cost(card: Card) -> int:
    return 400 + sum(min(len(ref.passage.html), 1200) + 250 for ref in card.shown)


def _contents(article) -> tuple[str, list[tuple[str, str, str]]]:
    """What the list holds ("contributors", "questions", ...) and its entries, (anchor, label, detail),
    to jump through a roundup, Q&A or transcript: its contributors, its questions, or each speaker's
    first turn. No entries for a plain article."""
    doc = article.doc
    sections = doc.sections
    contributions = [s for s in sections if s.kind == "contribution" and (s.speaker or article.speakers.get(s.anchor))]
    if contributions:
        out = []
        for s in contributions:
            person = article.speakers.get(s.anchor)
            out.append((s.anchor, person.name if person else s.speaker, s.heading or ""))
        return "contributors", out[:CONTENTS_LIMIT]
    answers = [s for s in sections if s.kind == "answer" and s.heading]
    if answers:
        return "questions", [(s.anchor, s.heading, "") for s in answers][:CONTENTS_LIMIT]
    turns = [s for s in sections if s.kind == "turn"]
    if turns:
        first: dict[str, list] = {}
        for s in turns:
            person = article.speakers.get(s.anchor)
            name = person.name if person else (s.speaker or s.label or "")
            if name:
                first.setdefault(name, [s.anchor, 0])[1] += 1
        return "speakers", [(anchor, name, f"{count} turn{'s' if count != 1 else ''}")
                            for name, (anchor, count) in first.items()][:CONTENTS_LIMIT]
    headed = [s for s in sections if s.heading]
    return "sections", [(s.anchor, s.heading, "") for s in headed][:CONTENTS_LIMIT] if len(headed) >= 3 else []


def _related(article, issue_articles: dict[str, list]) -> tuple[list, list]:
    """(expert, [articles]) and (issue slug, [articles]): a few other articles of the piece's experts and main issues."""
    by_expert = []
    for person in article.experts[:RELATED_GROUPS]:
        # The newest few, without listing all of an expert's articles for each of their articles.
        others = [a for a in islice(person.by_article, RELATED + 1) if a is not article][:RELATED]
        if others:
            by_expert.append((person, others))
    by_issue = []
    for slug in article.issues[:RELATED_GROUPS]:
        others = [a for a in issue_articles.get(slug, [])[:RELATED + 1] if a is not article][:RELATED]
        if others:
            by_issue.append((slug, others))
    return by_expert, by_issue


def _map_rows(corpus: Corpus, issues: list) -> list[tuple[Person, list[int], int]]:
    rows = []
    for person in corpus.experts:
        counts = [person.issues.get(entry.slug, 0) for entry in issues]
        if any(counts):
            rows.append((person, counts, sum(counts)))
    rows.sort(key=lambda r: (-r[2], r[0].name.lower(), r[0].key))
    return rows


def _issue_pages(corpus: Corpus) -> tuple[list[Page], dict[tuple[str, str], str]]:
    """The issue pages, and which page shows each card: (issue slug, card anchor) -> page path."""
    pages, card_pages = [], {}
    for entry in corpus.issues:
        sources = frozenset(ref.article.doc.source for refs in entry.by_article.values() for ref in refs[:1])
        expert_cards, other_cards = _issue_cards(entry)
        for pager, chunk in paginate(entry.path, expert_cards + other_cards, CARDS_PER_PAGE, _card_cost):
            for card in chunk:
                card_pages[(entry.slug, card.anchor)] = pager.path
            pages.append(Page(pager.path, "issue.html",
                              {"entry": entry, "cards": [c for c in chunk if c.person is not None and c.person.is_expert],
                               "others": [c for c in chunk if c.person is None or not c.person.is_expert],
                               "expert_total": len(expert_cards), "pager": pager},
                              sources, title=numbered(entry.issue.name, pager)))
    return pages, card_pages


def site_pages(corpus: Corpus) -> list[Page]:
    issue_pages, card_pages = _issue_pages(corpus)
    by_slug = {a.slug: a for a in corpus.articles}
    issue_articles = {e.slug: sorted((by_slug[s] for s in e.by_article), key=sort_key) for e in corpus.issues}
    top = sorted(corpus.experts, key=lambda p: (-len(p.by_article), -len(p.mentions), p.name.lower(), p.key))[:10]
    pages = [Page("", "index.html", {"corpus": corpus, "top_experts": top}, title="Home")]
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
        Page("about/", "about.html", {"corpus": corpus}, title="About this site"),
        Page("404.html", "404.html", {}, title="Page not found", in_sitemap=False),
    ]
    dated = [a for a in corpus.articles if a.doc.date]
    for pager, chunk in paginate("timeline/", dated, ARTICLES_PER_PAGE * 2):
        pages.append(Page(pager.path, "timeline.html", {"articles": chunk, "pager": pager,
                                                        "undated": len(corpus.articles) - len(dated)},
                          title=numbered("Timeline", pager)))
    for article in corpus.articles:
        by_expert, by_issue = _related(article, issue_articles)
        sources = {article.doc.source} | {a.doc.source for _, group in by_expert + by_issue for a in group}
        noun, contents = _contents(article)
        pages.append(Page(article.path, "article.html",
                          {"article": article, "contents": contents, "contents_noun": noun,
                           "more_by_expert": by_expert, "more_on_issue": by_issue},
                          frozenset(sources), title=article.doc.title))
    for person in corpus.people:
        # Every page of a person depends on all their articles: a change in one moves the page breaks.
        sources = frozenset(a.doc.source for a in person.articles)
        beside, beside_more = _beside(person)
        anchor = card_anchor(person)
        profile = [(slug, count, card_pages.get((slug, anchor), f"issues/{slug}/"), anchor)
                   for slug, count in person.issues.most_common()]
        for pager, chunk in paginate(person.path, list(person.by_article.items()), PERSON_ARTICLES_PER_PAGE,
                                     _card_weight):
            pages.append(Page(pager.path, "person.html",
                              {"person": person, "by_article": chunk, "pager": pager, "profile": profile,
                               "beside": beside, "beside_more": beside_more},
                              sources, title=numbered(person.name, pager)))
    pages += issue_pages
    issues = [entry for entry in corpus.issues if entry.experts]
    rows = _map_rows(corpus, issues)
    for pager, chunk in paginate("map/", rows, MAP_ROWS_PER_PAGE):
        cells = [(person, [(count, f"{card_pages[(entry.slug, card_anchor(person))]}#{card_anchor(person)}"
                            if count else None) for count, entry in zip(counts, issues)], total)
                 for person, counts, total in chunk]
        pages.append(Page(pager.path, "map.html", {"issues": issues, "rows": cells, "pager": pager,
                                                   "peak": max((c for _, counts, _ in rows for c in counts), default=0)},
                          title=numbered("Who discusses what", pager)))
    return pages
