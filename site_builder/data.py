"""Open data: `data/corpus.json`, what the site knows, for researchers to reuse."""

from __future__ import annotations

import json

from site_builder.config import SiteConfig
from site_builder.corpus import Corpus, Person
from site_builder.render import Renderer


def _date(doc):
    return doc.date.iso() if doc.date else None


def _person(person: Person, url) -> dict:
    return {
        "slug": person.slug,
        "name": person.name,
        "role": person.role,
        "aliases": person.aliases,
        "affiliations": person.affiliations,
        "bio": person.bio,
        "path": url(person.path),
        "articles": [a.slug for a in person.articles],
        "issues": sorted(person.issues, key=lambda s: (-person.issues[s], s)),
        "contributions": len(person.contributions),
        "quotes": len(person.quotes),
    }


def _articles(corpus: Corpus, url):
    for a in corpus.articles:
        yield {
            "slug": a.slug,
            "title": a.doc.title,
            "publication": a.doc.publication,
            "series": a.doc.series,
            "url": a.doc.url,
            "date": _date(a.doc),
            "authors": a.doc.authors,
            "kind": a.doc.kind,
            "source": a.doc.source,
            "path": url(a.path),
            "experts": [p.slug for p in a.experts],
            "people": [p.slug for p in a.people if not p.is_expert],
            "issues": a.issues,
        }


def _issues(corpus: Corpus, url):
    for e in corpus.issues:
        yield {
            "slug": e.slug,
            "name": e.issue.name,
            "description": e.issue.description,
            "keywords": e.issue.keywords,
            "path": url(e.path),
            "articles": list(e.by_article),
            "experts": [p.slug for p, _ in sorted(e.experts.items(), key=lambda kv: (-kv[1], kv[0].name))],
            "passages": e.passage_count,
        }


def _passages(corpus: Corpus):
    for a in corpus.articles:
        people = corpus_people(a)
        for ref in a.passages:
            yield {
                "id": ref.id,
                "article": a.slug,
                "anchor": ref.passage.anchor,
                "line": ref.passage.line,
                "speaker": ref.speaker.slug if ref.speaker else None,
                "kind": ref.passage.kind,
                "issues": ref.issues,
                "text": ref.passage.text,
                "quotes": [{"speaker": _slug_of(people, q.name), "text": q.text, "affiliation": q.affiliation}
                           for q in ref.quotes],
            }


def _sections(corpus: Corpus, config: SiteConfig, url) -> dict:
    return {
        "site": iter([{"title": config.title, "description": config.description, "url": config.url,
                       "base_url": config.base_url}]),
        "articles": _articles(corpus, url),
        "experts": (_person(p, url) for p in corpus.experts),
        "people": (_person(p, url) for p in corpus.others),
        "issues": _issues(corpus, url),
        "passages": _passages(corpus),
    }


def corpus_json(corpus: Corpus, config: SiteConfig, url) -> dict:
    """What data/corpus.json holds, as one value (for tests and small sites)."""
    sections = _sections(corpus, config, url)
    data = {name: list(items) for name, items in sections.items()}
    data["site"] = data["site"][0]
    return data


def corpus_json_chunks(corpus: Corpus, config: SiteConfig, url):
    """data/corpus.json piece by piece, one record to a line: a corpus of any size is written without
    holding its whole text (every passage) in memory twice over."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=False)

    yield "{\n"
    for n, (name, items) in enumerate(_sections(corpus, config, url).items()):
        if name == "site":
            yield f'"site": {dump(next(items))},\n'
            continue
        yield f'"{name}": [\n'
        first = True
        for item in items:
            yield ("" if first else ",\n") + dump(item)
            first = False
        yield ("\n" if not first else "") + ("]\n" if name == "passages" else "],\n")
    yield "}\n"


def corpus_people(article) -> dict:
    return {alias: p for p in article.people for alias in [p.name, *p.aliases]}


def _slug_of(people: dict, name: str):
    person = people.get(name)
    return person.slug if person else None


def write_all(writer, corpus: Corpus, config: SiteConfig, site_pages, renderer: Renderer) -> None:
    writer.write_chunks("data/corpus.json", corpus_json_chunks(corpus, config, renderer.url))
