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


def corpus_json(corpus: Corpus, config: SiteConfig, url) -> dict:
    articles = [{
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
    } for a in corpus.articles]
    issues = [{
        "slug": e.slug,
        "name": e.issue.name,
        "description": e.issue.description,
        "keywords": e.issue.keywords,
        "path": url(e.path),
        "articles": list(e.by_article),
        "experts": [p.slug for p, _ in sorted(e.experts.items(), key=lambda kv: (-kv[1], kv[0].name))],
        "passages": e.passage_count,
    } for e in corpus.issues]
    passages = []
    for a in corpus.articles:
        people = corpus_people(a)
        for ref in a.passages:
            passages.append({
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
            })
    return {
        "site": {"title": config.title, "description": config.description, "url": config.url, "base_url": config.base_url},
        "articles": articles,
        "experts": [_person(p, url) for p in corpus.experts],
        "people": [_person(p, url) for p in corpus.others],
        "issues": issues,
        "passages": passages,
    }


def corpus_people(article) -> dict:
    return {alias: p for p in article.people for alias in [p.name, *p.aliases]}


def _slug_of(people: dict, name: str):
    person = people.get(name)
    return person.slug if person else None


def write_all(writer, corpus: Corpus, config: SiteConfig, site_pages, renderer: Renderer) -> None:
    payload = corpus_json(corpus, config, renderer.url)
    writer.write("data/corpus.json", json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
