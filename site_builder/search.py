"""The client-side search files: two lunr indexes and one result store.

`index-main.json` (articles, people, issues) is small and loads first, so a
large corpus shows those results before `index-passages.json` arrives.
Articles carry their metadata, lede and issues, not their full text: full-text
hits come from passages, and `static/search.js` lists an article when one of
its passages matches. `store.json` holds what a result shows, so neither index
needs stored fields: ref -> {t: title, u: URL, k: kind, x: excerpt (a passage's
whole text, up to PASSAGE_TEXT), s: speaker,
a: article title, m: publication, d: date}, empty keys left out.

Refs: `a:<key>` (article), `p:<key>#<anchor>` (passage), `e:<slug>` (expert),
`o:<slug>` (other person), `i:<slug>` (issue); `<key>` is a short hash of the
article slug, so a passage names its article and both stay stable across builds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr import lunr
from lunr.builder import Builder
from lunr.stemmer import porter_stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

# Title/name outranks heading/speaker, which outranks running text. Passages
# have no title field: lunr writes every field into every posting and vector.
BOOSTS = {"title": 10, "heading": 4, "speaker": 4, "body": 1}
MAIN_FIELDS = ("title", "heading", "speaker", "body")
PASSAGE_FIELDS = ("heading", "speaker", "body")
EXCERPT = 200
# Passages keep (nearly) their whole text, so that search.js can show the words
# around the match: a match past the first 200 characters would otherwise be invisible.
PASSAGE_TEXT = 1000
FILES = ("search/index-main.json", "search/index-passages.json", "search/store.json")

# lunr's tokenizer keeps inner punctuation ("smith's", "u.s."), so a query for
# "Smith" would miss "Smith's". static/search.js cleans plain queries the same way.
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


def _doc(ref: str, **fields: str | None) -> dict:
    return {"ref": ref, **{name: _clean(value) for name, value in fields.items()}}


def _entry(title: str, url: str, kind: str, excerpt: str, **extra: str | None) -> dict:
    entry = {"t": title, "u": url, "k": kind, "x": excerpt, **extra}
    return {k: v for k, v in entry.items() if v}


def _article_key(slug: str) -> str:
    # Article refs recur in every posting of every passage term; a slug can be 80
    # characters, this is 8 and depends on nothing but the slug.
    return hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]


def _documents(corpus, url: Callable[[str], str]):
    main, passages, store = [], [], {}
    issue_names = {entry.slug: entry.issue.name for entry in corpus.issues}

    for article in corpus.articles:
        doc = article.doc
        key = _article_key(article.slug)
        ref = f"a:{key}"
        lede = article.passages[0].passage.text if article.passages else ""
        main.append(_doc(ref, title=doc.title, heading=" ".join([doc.publication or "", doc.series or "", *doc.authors]),
                         speaker=" ".join(p.name for p in article.people),
                         body=" ".join([doc.summary or "", lede, *(issue_names.get(s, "") for s in article.issues)])))
        store[ref] = _entry(doc.title, url(article.path), "article", _excerpt(doc.summary or lede),
                            d=doc.date.iso() if doc.date else None, m=doc.publication)
        for pref in article.passages:
            section, passage = pref.section, pref.passage
            speaker = pref.speaker.name if pref.speaker else section.speaker
            ref = f"p:{key}#{passage.anchor}"
            passages.append(_doc(ref, heading=section.heading, speaker=speaker, body=passage.text))
            store[ref] = _entry(section.heading or doc.title, f"{url(article.path)}#{passage.anchor}", "passage",
                                _excerpt(passage.text, PASSAGE_TEXT), s=speaker, a=doc.title)

    for person in corpus.people:
        ref = f"{'e' if person.is_expert else 'o'}:{person.slug}"
        affiliations = "; ".join(person.affiliations)
        main.append(_doc(ref, title=" ".join([person.name, *person.aliases]), heading=affiliations, speaker="",
                         body=person.bio))
        store[ref] = _entry(person.name, url(person.path), "expert" if person.is_expert else "person",
                            _excerpt(person.bio or affiliations))

    for entry in corpus.issues:
        issue, ref = entry.issue, f"i:{entry.slug}"
        main.append(_doc(ref, title=issue.name, heading=" ".join(issue.keywords), speaker="", body=issue.description))
        store[ref] = _entry(issue.name, url(entry.path), "issue", _excerpt(issue.description))

    return main, passages, store


# lunr.py's tokenizer and pipeline run once per word occurrence, in pure Python, and were
# most of the build time. The same steps (lowercase, split on whitespace and hyphens,
# trim, drop stop words, stem) are applied here once per distinct word, and lunr is given
# the finished terms as lists, which its tokenizer takes as they are. The bytes of the
# index are unchanged (a test compares them with lunr's own pipeline).
_SEPARATORS = re.compile(r"[ \t\n\r\f\v\xa0-]+")


def _stemmer(token, i=None, tokens=None):
    return token.update(lambda word, metadata: porter_stemmer.stem(word))


# Under lunr's label, so the serialized index tells lunr.js to stem queries with its own stemmer.
_stemmer.label = "stemmer"


@lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    token = Token(word)
    for step in (trimmer, stop_word_filter, _stemmer):
        token = step(token)
        if not token:
            return None
    return str(token)


def terms(text: str | None) -> list[str]:
    """What lunr's default pipeline makes of a field's text."""
    if not text:
        return []
    return [term for word in _SEPARATORS.split(text.lower()) if word and (term := _term(word)) is not None]


def _builder() -> Builder:
    builder = Builder()  # an empty indexing pipeline: the fields arrive as finished terms
    builder.search_pipeline.add(_stemmer)
    return builder


def _index(documents: list[dict], fields: tuple[str, ...]) -> bytes:
    # Sorted by ref so that term numbers, and so the bytes, never depend on corpus order.
    documents = sorted(documents, key=lambda d: d["ref"])
    if not documents:  # lunr.py divides by the document count; an empty index is still valid to load
        return _json({"version": LUNR_JS_VERSION, "fields": list(fields), "fieldVectors": [], "invertedIndex": [],
                      "pipeline": ["stemmer"]})
    prepared = [{"ref": d["ref"], **{f: terms(d[f]) for f in fields}} for d in documents]
    index = lunr(ref="ref", fields=[{"field_name": f, "boost": BOOSTS[f]} for f in fields], documents=prepared,
                 builder=_builder())
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
    return dict(zip(FILES, (_index(main, MAIN_FIELDS), _index(passages, PASSAGE_FIELDS), _json(store))))


def size_report(files: dict[str, bytes]) -> str:
    """One line: each search file's size, raw and gzipped (what a reader downloads)."""
    parts = []
    for rel, payload in sorted(files.items()):
        zipped = len(gzip.compress(payload, compresslevel=6, mtime=0))  # what a web server sends
        parts.append(f"{rel.rsplit('/', 1)[-1]} {len(payload) / 1024:.1f} kB ({zipped / 1024:.1f} kB gzip)")
    return "search: " + ", ".join(parts)
