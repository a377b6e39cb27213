"""schema.org JSON-LD for article, person and issue pages."""

from __future__ import annotations

import json

from markupsafe import Markup

from site_builder.render import Renderer


def script_json(data: dict) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' can close the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _person(person, renderer: Renderer) -> dict:
    return {"@type": "Person", "name": person.name, "url": renderer.absolute(person.path)}


def article(article, renderer: Renderer) -> Markup:
    doc = article.doc
    data = {"@context": "https://schema.org", "@type": "Article", "headline": doc.title,
            "url": renderer.absolute(article.path), "mainEntityOfPage": renderer.absolute(article.path)}
    if doc.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in doc.authors]
    if doc.publication:
        data["publisher"] = {"@type": "Organization", "name": doc.publication}
    if doc.date:
        data["datePublished"] = doc.date.iso()
    if doc.url:
        data["isBasedOn"] = doc.url
    if article.experts:
        data["mentions"] = [_person(p, renderer) for p in article.experts]
    return script_json(data)


def person(person, renderer: Renderer) -> Markup:
    data = {"@context": "https://schema.org", **_person(person, renderer)}
    if person.affiliations:
        data["affiliation"] = [{"@type": "Organization", "name": a} for a in person.affiliations]
    if person.bio:
        data["description"] = person.bio
    if person.aliases:
        data["alternateName"] = person.aliases
    return script_json(data)


def issue(entry, renderer: Renderer) -> Markup:
    return script_json({"@context": "https://schema.org", "@type": "DefinedTerm", "name": entry.issue.name,
                        "description": entry.issue.description, "termCode": entry.slug,
                        "url": renderer.absolute(entry.path)})


def register(renderer: Renderer) -> None:
    renderer.env.globals.update(
        article_ld=lambda a: article(a, renderer),
        person_ld=lambda p: person(p, renderer),
        issue_ld=lambda e: issue(e, renderer),
    )
