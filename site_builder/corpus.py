"""The cross-referenced model: articles, people (experts and others), issues, passages.

Built once from all Documents; every page then reads from it without
searching (each cross-reference is computed here in one linear pass).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from site_builder.extract import IssueTagger, Mention, extract_mentions, person_key
from site_builder.extract.tagging import main_issues
from site_builder.extract.taxonomy import Issue
from site_builder.models import Document, Passage, Section
from site_builder.people import Curation, choose_name, choose_role
from site_builder.text import slugify, unique_slug


@dataclass(slots=True, eq=False)
class PassageRef:
    """One passage of one article, with who says it and what it is about."""

    article: Article = field(repr=False)
    section: Section
    passage: Passage
    speaker: Person | None = field(repr=False)
    issues: list[str]
    quotes: list[Mention] = field(default_factory=list, repr=False)

    @property
    def id(self) -> str:
        return f"{self.article.slug}#{self.passage.anchor}"


@dataclass(slots=True, eq=False)
class Article:
    doc: Document
    slug: str
    passages: list[PassageRef] = field(default_factory=list, repr=False)
    mentions: list[Mention] = field(default_factory=list, repr=False)
    people: list[Person] = field(default_factory=list, repr=False)  # everyone named, in order of first mention
    issues: list[str] = field(default_factory=list)
    by_anchor: dict[str, PassageRef] = field(default_factory=dict, repr=False)
    speakers: dict[str, Person] = field(default_factory=dict, repr=False)  # section anchor -> its contributor

    @property
    def path(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def experts(self) -> list[Person]:
        return [p for p in self.people if p.is_expert]


@dataclass(slots=True, eq=False)
class Person:
    key: str
    slug: str = ""
    name: str = ""
    role: str = "other"
    aliases: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    bio: str | None = None
    mentions: list[tuple[Article, Mention]] = field(default_factory=list, repr=False)
    by_article: dict[Article, list[Mention]] = field(default_factory=dict, repr=False)
    issues: Counter = field(default_factory=Counter, repr=False)
    beside: dict[Person, None] = field(default_factory=dict, repr=False)  # ordered set of co-appearing experts

    @property
    def is_expert(self) -> bool:
        return self.role == "expert"

    @property
    def path(self) -> str:
        return f"{'experts' if self.is_expert else 'people'}/{self.slug}/"

    @property
    def articles(self) -> list[Article]:
        return list(self.by_article)

    @property
    def contributions(self) -> list[tuple[Article, Mention]]:
        return [(a, m) for a, m in self.mentions if m.kind in ("contribution", "turn")]

    @property
    def paraphrases(self) -> list[tuple[Article, Mention]]:
        return [(a, m) for a, m in self.mentions if m.kind == "paraphrase"]

    @property
    def quotes(self) -> list[tuple[Article, Mention]]:
        return [(a, m) for a, m in self.mentions if m.kind == "quote"]


@dataclass(slots=True, eq=False)
class IssueEntry:
    issue: Issue
    by_article: dict[str, list[PassageRef]] = field(default_factory=dict, repr=False)
    experts: Counter = field(default_factory=Counter, repr=False)  # Person -> passages

    @property
    def slug(self) -> str:
        return self.issue.slug

    @property
    def path(self) -> str:
        return f"issues/{self.issue.slug}/"

    @property
    def passage_count(self) -> int:
        return sum(len(refs) for refs in self.by_article.values())


@dataclass(slots=True, repr=False)
class Corpus:
    articles: list[Article]
    people: list[Person]  # experts first, each group by name
    issues: list[IssueEntry]

    def __repr__(self) -> str:  # the full graph is cyclic and large: a failing test must not print it
        return f"Corpus({len(self.articles)} articles, {len(self.people)} people, {len(self.issues)} issues)"

    @property
    def experts(self) -> list[Person]:
        return [p for p in self.people if p.is_expert]

    @property
    def others(self) -> list[Person]:
        return [p for p in self.people if not p.is_expert]


def sort_key(article: Article):
    # Newest first; undated articles last; ties by title so the order is stable.
    date = article.doc.date
    return (date is None, tuple(-(v or 0) for v in (date.year, date.month, date.day)) if date else (), article.doc.title.lower(), article.slug)


def build(docs: list[Document], taxonomy: list[Issue], curation: Curation) -> Corpus:
    tagger = IssueTagger(taxonomy)
    taken: set[str] = {"page"}  # lists continue at articles/page/2/: no article may be called "page"
    articles = [Article(doc, unique_slug(slugify(doc.slug or doc.title) or slugify(doc.source), taken)) for doc in docs]
    people: dict[str, Person] = {}
    entries = {issue.slug: IssueEntry(issue) for issue in taxonomy}

    for article in articles:
        found = article.doc.mentions if article.doc.mentions is not None else extract_mentions(article.doc)
        article.mentions = [m for m in found
                            if not curation.not_a_person(curation.canonical(person_key(m.name)))]
        by_passage: dict[str, list[Mention]] = {}
        for mention in article.mentions:
            key = curation.canonical(person_key(mention.name))
            person = people.setdefault(key, Person(key))
            person.mentions.append((article, mention))
            person.by_article.setdefault(article, []).append(mention)
            if person not in article.people:
                article.people.append(person)
            by_passage.setdefault(mention.passage, []).append(mention)
        # Sections are matched to their speakers by the mention that names the section, through
        # person keys: never by comparing display strings.
        for mention in article.mentions:
            if mention.kind in ("contribution", "turn") and mention.section is not None:
                article.speakers[mention.section] = people[curation.canonical(person_key(mention.name))]
        for section in article.doc.sections:
            for passage in section.passages:
                quotes = [m for m in by_passage.get(passage.anchor, []) if m.kind == "quote"]
                contributor = article.speakers.get(section.anchor)
                speaker = contributor or (people[curation.canonical(person_key(quotes[0].name))] if quotes else None)
                ref = PassageRef(article, section, passage, speaker, tagger.tags(passage.text), quotes)
                article.passages.append(ref)
                article.by_anchor[passage.anchor] = ref

    for person in people.values():
        forms = [m.name for _, m in person.mentions]
        person.name = curation.name(person.key) or choose_name(forms)
        person.aliases = sorted(set(forms + curation.aliases(person.key)) - {person.name})
        person.role = curation.role(person.key) or choose_role(person.mentions)
        curated = [curation.affiliation(person.key)] if curation.affiliation(person.key) else []
        person.affiliations = list(dict.fromkeys(curated + [m.affiliation for _, m in person.mentions if m.affiliation]))
        person.bio = curation.bio(person.key) or next((m.bio for _, m in person.mentions if m.bio), None)

    ordered = sorted(people.values(), key=lambda p: (not p.is_expert, p.name.lower(), p.key))
    taken = {"page"}  # experts/page/2/ continues the list of experts
    for person in ordered:
        person.slug = unique_slug(slugify(person.name) or "person", taken)

    for article in articles:
        article.people.sort(key=lambda p: not p.is_expert)  # experts first, each group in order of appearance
        for ref in article.passages:
            for slug in ref.issues:
                entry = entries[slug]
                entry.by_article.setdefault(article.slug, []).append(ref)
                if ref.speaker is not None:
                    ref.speaker.issues[slug] += 1
                    if ref.speaker.is_expert:
                        entry.experts[ref.speaker] += 1
        # The article's own list is its main issues, most covered first; every passage keeps its tags.
        article.issues = main_issues([ref.issues for ref in article.passages],
                                     [len(ref.passage.text) for ref in article.passages])
        experts = article.experts
        for person in experts:
            person.beside.update(dict.fromkeys(other for other in experts if other is not person))

    articles.sort(key=sort_key)
    for person in people.values():  # a person's articles newest first, as their page lists them
        person.by_article = dict(sorted(person.by_article.items(), key=lambda kv: sort_key(kv[0])))
    return Corpus(articles, ordered, list(entries.values()))
