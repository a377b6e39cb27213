"""The client-side search files: two lunr indexes and one result store.

`index-main.json` (articles, people, issues) is small and loads first, so a
large corpus shows those results before `index-passages.json` arrives.
Articles carry their metadata, lede and issues, not their full text: full-text
hits come from passages, and `static/search.js` lists an article when one of
its passages matches. `store.json` holds what a result shows, so neither index
needs stored fields.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable

from lunr import lunr

# Title/name outranks heading/speaker, which outranks running text.
FIELDS = [
    {"field_name": "title", "boost": 10},
    {"field_name": "heading", "boost": 4},
    {"field_name": "speaker", "boost": 4},
    {"field_name": "body", "boost": 1},
]
EXCERPT = 200
FILES = ("search/index-main.json", "search/index-passages.json", "search/store.json")

# lunr's tokenizer keeps inner punctuation ("biden's", "u.s."), so a query for
# "Biden" would miss "Biden's". static/search.js cleans plain queries the same way.
_POSSESSIVE = re.compile(r"['\u2019]s\b", re.IGNORECASE)
_ACRONYM = re.compile(r"\b(?:\w\.){2,}")
_PUNCT = re.compile(r"[^\w\s-]+")
_SPACE = re.compile(r"\s+")


def _clean(*parts: str | None) -> str:
    text = " ".join(p for p in parts if p)
    text = _POSSESSIVE.sub("", text)
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    return _PUNCT.sub(" ", text)


def _excerpt(text: str | None, limit: int = EXCERPT) -> str:
    text = _SPACE.sub(" ", (text or "").replace("\u00a0", " ")).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "\u2026"


def _doc(ref: str, title="", heading="", speaker="", body="") -> dict:
    return {"ref": ref, "title": _clean(title), "heading": _clean(heading),
            "speaker": _clean(speaker), "body": _clean(body)}


def _entry(title: str, url: str, kind: str, excerpt: str | None, **extra: str | None) -> dict:
    # Empty keys are left out: the store is the largest search file.
    entry = {"t": title, "u": url, "k": kind, "x": _excerpt(excerpt)}
    entry.update((k, v) for k, v in extra.items() if v)
    return {k: v for k, v in entry.items() if v}


def _documents(corpus, url: Callable[[str], str]):
    main, passages, store = [], [], {}
    issue_names = {entry.slug: entry.issue.name for entry in corpus.issues}

    for article in corpus.articles:
        doc = article.doc
        ref = f"a:{article.slug}"
        lede = article.passages[0].passage.text if article.passages else ""
        main.append(_doc(ref, doc.title,
                         " ".join([doc.publication or "", doc.series or "", *doc.authors]),
                         " ".join(p.name for p in article.people),
                         " ".join([doc.summary or "", lede, *(issue_names.get(s, "") for s in article.issues)])))
        store[ref] = _entry(doc.title, url(article.path), "article", doc.summary or lede,
                            d=doc.date.iso() if doc.date else None, m=doc.publication)
        for pref in article.passages:
            section, passage = pref.section, pref.passage
            speaker = pref.speaker.name if pref.speaker else section.speaker
            ref = f"p:{pref.id}"
            passages.append(_doc(ref, "", section.heading or "", speaker or "", passage.text))
            store[ref] = _entry(section.heading or doc.title, f"{url(article.path)}#{passage.anchor}", "passage",
                                passage.text, s=speaker, a=doc.title)

    for person in corpus.people:
        ref = f"{'e' if person.is_expert else 'o'}:{person.slug}"
        affiliations = "; ".join(person.affiliations)
        main.append(_doc(ref, " ".join([person.name, *person.aliases]), affiliations, "", person.bio or ""))
        store[ref] = _entry(person.name, url(person.path), "expert" if person.is_expert else "person",
                            person.bio or affiliations)

    for entry in corpus.issues:
        issue, ref = entry.issue, f"i:{entry.slug}"
        main.append(_doc(ref, issue.name, " ".join(getattr(issue, "keywords", None) or []), "",
                         issue.description or ""))
        store[ref] = _entry(issue.name, url(entry.path), "issue", issue.description)

    return main, passages, store


def _index(documents: list[dict]) -> bytes:
    # Sorted by ref so that term numbers, and so the bytes, never depend on corpus order.
    documents = sorted(documents, key=lambda d: d["ref"])
    index = lunr(ref="ref", fields=FIELDS, documents=documents)
    return _json(index.serialize())


def _json(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8")


def build_files(corpus, url: Callable[[str], str]) -> dict[str, bytes]:
    """Output path -> bytes of every search file; the same corpus gives the same bytes."""
    main, passages, store = _documents(corpus, url)
    refs = [d["ref"] for d in main + passages]
    if len(refs) != len(set(refs)):
        dupes = sorted({r for r in refs if refs.count(r) > 1})
        raise ValueError(f"duplicate search refs: {', '.join(dupes[:5])}")
    return dict(zip(FILES, (_index(main), _index(passages), _json(store))))


def size_report(files: dict[str, bytes]) -> str:
    """One line: each search file's size, raw and gzipped (what a reader downloads)."""
    parts = []
    for rel, payload in sorted(files.items()):
        zipped = len(gzip.compress(payload, mtime=0))
        parts.append(f"{rel.rsplit('/', 1)[-1]} {len(payload) / 1024:.1f} kB ({zipped / 1024:.1f} kB gzip)")
    return "search: " + ", ".join(parts)
