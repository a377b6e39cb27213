"""The client-side search files: two lunr indexes cut into shards by term, and a store in chunks.

Two whole lunr indexes, `main` (articles, people, issues) and `passages`, are made in
lunr.py's serialized form by `lunr_index`, our own index writer (lunr.py itself was most
of the build's time; tests hold the writer's bytes to lunr.py's). They stay the
reference (`reference_indexes`) but are not written. Articles carry their
metadata, lede and issues, not their full text: full-text hits come from passages, and
`static/search.js` lists an article when one of its passages matches. `build_files`
splits both indexes into shards by the first characters of each term
(`search/shards/*.json`, listed in `search/manifest.json`), so that a query downloads
only the shards its terms can reach. What a result shows is in the store, split into
chunks by a hash of the result's article (`search/store/<n>.json`), so that neither
index needs stored fields: ref -> {t: title, u: URL, k: kind, x: excerpt (a passage's
whole text, up to PASSAGE_TEXT), s: speaker, a: article title, m: publication, d: date},
empty keys left out.

Refs: `a:<key>` (article), `p:<key>#<anchor>` (passage), `e:<slug>` (expert),
`o:<slug>` (other person), `i:<slug>` (issue); `<key>` is a short hash of the
article slug, so a passage names its article and both stay stable across builds.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import math
import re
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
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
# trim, drop stop words, stem) are applied here once per distinct word, and the index
# writer is given the finished terms as lists, as lunr's tokenizer would take them. The
# bytes of the index are unchanged (a test compares them with lunr's own pipeline).
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
    """The lunr.py Builder whose index `lunr_index` writes (tests build with it as the reference)."""
    builder = Builder()  # an empty indexing pipeline: the fields arrive as finished terms
    builder.search_pipeline.add(_stemmer)
    return builder


def _serialized(documents: list[dict], fields: tuple[str, ...]) -> dict:
    return lunr_index(_prepared(documents, fields), fields)


# --- The index writer -------------------------------------------------------------------
#
# lunr.py's Builder makes a Token with deep-copied metadata for every word occurrence and
# inserts every weight into its Vector by binary search, and its index then went through a
# JSON round trip before it could be split: that was most of the build's time. lunr_index
# computes the same serialized index with a few dict and list operations per posting.
# lunr.py stays the reference: tests compare the bytes of both, on the seed corpus and on
# synthetic ones.

_K1, _B = 1.2, 0.75  # lunr.py's Builder defaults, as lunr.js's


class _NoMetadata(dict):
    """The metadata of a posting: always empty, as lunr keeps none without a metadata whitelist.

    One instance serves every posting, which saves making a dict per posting; it refuses
    writes, so that sharing it can never leak one posting's metadata into another's."""

    def _read_only(self, *args, **kwargs):
        raise TypeError("posting metadata is shared and read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only


_NO_METADATA = _NoMetadata()


def lunr_index(documents: list[dict], fields: tuple[str, ...]) -> dict:
    """lunr.py's serialized index of `documents` (equal to what `json.loads` makes of it):
    the documents added in the order given, each field a list of lowercase terms (what
    `terms()` gives), to the Builder of `_builder()` with BOOSTS."""
    if not documents:  # lunr.py divides by the document count; an empty index is still valid to load
        return {"version": LUNR_JS_VERSION, "fields": list(fields), "fieldVectors": [], "invertedIndex": [],
                "pipeline": [_stemmer.label]}
    numbers: dict[str, int] = {}  # term -> number (`_index`), in order of first appearance, as lunr counts
    refs_with: dict[str, dict[str, list[str]]] = {field: {} for field in fields}  # field -> term -> refs
    # Keyed by field ref like lunr's own dicts, so that a repeated ref overwrites as it does in lunr.
    frequencies: dict[str, tuple[str, dict[str, int]]] = {}  # field ref -> (field, term -> count)
    lengths: dict[str, int] = {}  # field ref -> number of terms
    for doc in documents:
        ref = str(doc["ref"])
        for field in fields:
            words = doc[field]
            if words is None:
                words = ()
            elif not isinstance(words, (list, tuple)):
                raise TypeError(f"{field!r} of {ref!r} is not a list of terms")  # lunr would tokenize a string
            counts = dict.fromkeys(words, 0)  # first appearance first: the order lunr numbers new terms in
            for word in words:
                counts[word] += 1
            field_ref = f"{field}/{ref}"
            frequencies[field_ref] = (field, counts)
            lengths[field_ref] = len(words)
            with_term = refs_with[field]
            for term in counts:
                try:
                    with_term[term].append(ref)
                except KeyError:
                    if term != term.lower():
                        raise ValueError(f"term {term!r} is not lowercase: lunr would lowercase it") from None
                    numbers[term] = len(numbers)
                    for other in refs_with.values():
                        other[term] = []
                    with_term[term].append(ref)
    inverted = {}
    for term, number in numbers.items():
        # fromkeys keeps a repeated ref once, where it first came, as lunr's posting does
        posting = inverted[term] = {field: dict.fromkeys(refs_with[field][term], _NO_METADATA) for field in fields}
        posting["_index"] = number
    return {"version": LUNR_JS_VERSION, "fields": list(fields),
            "fieldVectors": _field_vectors(inverted, frequencies, lengths, len(documents), fields),
            "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
            "pipeline": [_stemmer.label]}


def _field_vectors(inverted: dict[str, dict], frequencies: dict[str, tuple[str, dict[str, int]]],
                   lengths: dict[str, int], document_count: int, fields: tuple[str, ...]) -> list[list]:
    """lunr.py's Builder._create_field_vectors, as Index.serialize writes them: BM25 weights,
    each float operation in lunr's order, so that every weight is the same float."""
    totals, counts = dict.fromkeys(fields, 0), dict.fromkeys(fields, 0)
    for field_ref, length in lengths.items():
        field = field_ref.split("/", 1)[0]
        totals[field] += length
        counts[field] += 1
    average = {field: totals[field] / counts[field] for field in fields}
    number_of, idf_of = {}, {}
    for term, posting in inverted.items():  # lunr.py's idf.py
        with_term = sum(len(posting[field]) for field in fields)  # a document counts once per field holding the term
        x = (document_count - with_term + 0.5) / (with_term + 0.5)
        number_of[term] = posting["_index"]
        idf_of[term] = math.log(1 + abs(x))
    k1, b, k1_plus_1 = _K1, _B, _K1 + 1
    by_number = number_of.__getitem__
    # A weight depends only on the term's idf, its count, the field and the field's length, and
    # most postings are of terms that occur once in fields of a common length: their weights
    # are looked up, not computed and rounded again. lunr rounds on insertion and again on
    # serializing; rounding twice to 3 places changes nothing, so here it is done once.
    once: dict[tuple[str, int], dict[float, float]] = {}  # (field, length) -> idf -> weight of a term seen once
    vectors = []
    for field_ref, (field, counts_of) in frequencies.items():
        if not counts_of:  # lunr computes no weight there: the field may be empty in every document, its average 0
            vectors.append([field_ref, []])
            continue
        length = lengths[field_ref]
        norm = k1 * (1 - b + b * (length / average[field]))
        boost = BOOSTS[field]
        known = once.get((field, length))
        if known is None:
            known = once[(field, length)] = {}
        elements = []
        for term in sorted(counts_of, key=by_number):  # a vector is kept in term number order
            tf, idf = counts_of[term], idf_of[term]
            if tf == 1:
                weight = known.get(idf)
                if weight is None:  # (k1 + 1) * 1 is exactly k1 + 1: the same float as below
                    weight = known[idf] = round(idf * k1_plus_1 / (norm + 1) * boost, 3)
            else:
                weight = round(idf * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
            elements += (number_of[term], weight)
        vectors.append([field_ref, elements])
    return vectors


def index_entries(documents, fields: tuple[str, ...]) -> tuple[dict[str, list], list[str]]:
    """What the shards and refs.json hold, made straight from the documents: term ->
    [term, number, {field: {ref: weight}}] (equal to `_entries(lunr_index(...))`), and every ref
    in index order. The build never holds the whole serialized index (its field vectors and
    inverted index, two more copies of every posting), which at 10,000 articles took a gigabyte.

    `documents` (any iterable, read once) as for `lunr_index`, with unique refs
    (`_checked_documents` sees to it)."""
    numbers: dict[str, int] = {}
    fields_of: list[tuple[str, str, dict[str, int], int]] = []  # (field, ref, term -> count, length)
    with_term: dict[str, int] = {}  # term -> field refs holding it: lunr's idf counts a document once per field
    totals = dict.fromkeys(fields, 0)
    refs = []
    for doc in documents:
        ref = str(doc["ref"])
        refs.append(ref)
        for field in fields:
            words = doc[field] or ()
            counts = dict.fromkeys(words, 0)
            for word in words:
                counts[word] += 1
            for term in counts:
                if term not in numbers:
                    numbers[term] = len(numbers)
                with_term[term] = with_term.get(term, 0) + 1
            fields_of.append((field, ref, counts, len(words)))
            totals[field] += len(words)
    if len(set(refs)) != len(refs):
        raise ValueError("index_entries needs unique refs")
    if not refs:
        return {}, []
    average = {field: totals[field] / len(refs) for field in fields}
    idf_of = {term: math.log(1 + abs((len(refs) - n + 0.5) / (n + 0.5))) for term, n in with_term.items()}
    entries: dict[str, list] = {term: [term, number, {}] for term, number in numbers.items()}
    k1, b, k1_plus_1 = _K1, _B, _K1 + 1
    once: dict[tuple[str, int], dict[float, float]] = {}  # as in _field_vectors
    while fields_of:  # popped: each field's counts are freed once its weights are in the entries
        field, ref, counts, length = fields_of.pop()
        if not counts:
            continue
        norm = k1 * (1 - b + b * (length / average[field]))
        boost = BOOSTS[field]
        known = once.get((field, length))
        if known is None:
            known = once[(field, length)] = {}
        for term, tf in counts.items():
            idf = idf_of[term]
            if tf == 1:
                weight = known.get(idf)
                if weight is None:
                    weight = known[idf] = round(idf * k1_plus_1 / (norm + 1) * boost, 3)
            else:
                weight = round(idf * (k1_plus_1 * tf) / (norm + tf) * boost, 3)
            by_field = entries[term][2]
            postings = by_field.get(field)
            if postings is None:
                postings = by_field[field] = {}
            postings[ref] = weight
    return entries, refs


def _index(documents: list[dict], fields: tuple[str, ...]) -> bytes:
    return _json(_serialized(documents, fields))


# What json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True) uses, made
# once: dumps would make one per call, and the shards encode every entry on its own.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _json(value) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def _checked_documents(corpus, url: Callable[[str], str]):
    main, passages, store = _documents(corpus, url)
    refs = [d["ref"] for d in main + passages]
    if len(refs) != len(set(refs)):
        dupes = sorted({r for r in refs if refs.count(r) > 1})
        raise ValueError(f"duplicate search refs: {', '.join(dupes[:5])}")
    return main, passages, store


def reference_indexes(corpus, url: Callable[[str], str]) -> tuple[dict[str, dict], dict]:
    """The whole lunr indexes ({name: serialized index}) and the whole store, as one file each would hold.

    Not written to the site: the shards are cut from these, and tests compare what the
    assembled shards find with what these find."""
    main, passages, store = _checked_documents(corpus, url)
    return {"main": _serialized(main, MAIN_FIELDS), "passages": _serialized(passages, PASSAGE_FIELDS)}, store


# --- Shards -----------------------------------------------------------------------------
#
# A shard holds every inverted-index entry whose term starts with its key, for both
# indexes, each entry carrying the term's number (`_index`, the same as in the whole
# index) and, per field and document, the weight that the document's field vector holds
# for that term. The browser rebuilds a lunr index from the shards a query can reach:
# lunr 2.3.9 scores a hit as queryVector.dot(fieldVector) / |queryVector|
# (Vector.prototype.similarity is called on the query vector), so a field vector
# restricted to the fetched terms gives the same dot product and the field vectors'
# own magnitudes are never read: no norms need shipping.
#
# A term belongs to the longest key that is a prefix of it. Keys start as one character
# and grow by one character wherever a shard would exceed SHARD_BYTES; a single term
# larger than that (a very common word) stays one shard of its own size.

SHARD_BYTES = 256_000  # raw JSON: about 40-70 kB gzipped
STORE_CHUNK_BYTES = 16_000  # raw JSON of one store chunk (~5 kB gzip); an article and its passages never split
_PLAIN_KEY = re.compile(r"[a-z0-9]+")


def shard_name(key: str) -> str:
    """File name of a shard: the key itself when it is plain ASCII, else `_` and its UTF-8 in hex."""
    return key if _PLAIN_KEY.fullmatch(key) else "_" + key.encode("utf-8").hex()


def _entries(serialized: dict) -> dict[str, list]:
    """term -> [term, number, {field: {ref: weight}}] (fields with no posting left out)."""
    fields = serialized["fields"]
    # field -> term number -> ref -> weight
    weights: dict[str, dict[int, dict[str, float]]] = {field: {} for field in fields}
    for field_ref, elements in serialized["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        by_number = weights.setdefault(field, {})
        for number, weight in zip(elements[::2], elements[1::2]):
            by_ref = by_number.get(number)
            if by_ref is None:
                by_ref = by_number[number] = {}
            by_ref[ref] = weight
    entries = {}
    for term, posting in serialized["invertedIndex"]:
        number, found = posting["_index"], {}
        for field in fields:
            docs = posting.get(field)
            if docs:
                if any(docs.values()):
                    # The shards carry no posting metadata; lunr only has some with a metadata whitelist.
                    raise ValueError(f"posting metadata for {term!r} in {field!r}: the shards cannot carry it")
                by_ref = weights[field][number]
                # A posting and the field vectors name the same documents, in the same order:
                # then the weights gathered above are the entry's as they are.
                found[field] = by_ref if by_ref.keys() == docs.keys() else {ref: by_ref[ref] for ref in docs}
        entries[term] = [term, number, found]
    return entries


def _doc_refs(serialized: dict) -> list[str]:
    """Every document ref in the order of the index's field vectors (the order of a negated query's hits)."""
    refs = list(dict.fromkeys(field_ref.split("/", 1)[1] for field_ref, _ in serialized["fieldVectors"]))
    expected = [f"{field}/{ref}" for ref in refs for field in serialized["fields"]]
    if [field_ref for field_ref, _ in serialized["fieldVectors"]] != expected:
        # search.js rebuilds the field vector list from refs x fields; it must be lunr's own order.
        raise ValueError("lunr's field vectors are not in document-major order")
    return refs


def _split(terms: list[str], key: str, cost: dict[str, int], out: dict[str, list[str]]) -> None:
    if sum(cost[t] for t in terms) <= SHARD_BYTES or all(len(t) <= len(key) for t in terms):
        out[key] = terms
        return
    depth = len(key)
    own = [t for t in terms if len(t) == depth]
    if own:
        out[key] = own
    children: dict[str, list[str]] = {}
    for term in terms:
        if len(term) > depth:
            children.setdefault(term[: depth + 1], []).append(term)
    for child, child_terms in sorted(children.items()):
        _split(child_terms, child, cost, out)


def _shards(indexes: dict[str, dict]) -> dict[str, dict[str, list[bytes]]]:
    """Shard key -> shard: per index, the `_json` of its entries, in term order."""
    return _shards_of({name: _entries(serialized) for name, serialized in indexes.items()})


def _shards_of(entries: dict[str, dict[str, list]]) -> dict[str, dict[str, list[bytes]]]:
    """The shards of {index name: term -> entry}. Each entry is encoded once, and dropped from
    `entries` as it is: its size decides the cut, and `_shard_json` writes the shard from the same bytes."""
    encoded = {}
    for name, by_term in entries.items():
        encoded[name] = {term: _json(by_term.pop(term)) for term in list(by_term)}
    all_terms = sorted({term for by_term in encoded.values() for term in by_term})
    cost = {t: sum(len(by_term[t]) + 1 for by_term in encoded.values() if t in by_term) for t in all_terms}
    keys: dict[str, list[str]] = {}
    if all_terms:
        _split(all_terms, "", cost, keys)
    return {key: {name: [by_term[t] for t in terms if t in by_term] for name, by_term in encoded.items()}
            for key, terms in keys.items()}


def _shard_json(shard: dict[str, list[bytes]]) -> bytes:
    """The `_json` of {index name: [entry, ...]}, put together from the encoded entries."""
    return b"{" + b",".join(_json(name) + b":[" + b",".join(entries) + b"]"
                            for name, entries in sorted(shard.items())) + b"}"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: search.js computes the same number without a library."""
    value = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value


def owner(ref: str) -> str:
    """The ref whose store chunk holds `ref`: a passage lives with its article, whose result may show it."""
    return "a:" + ref[2:].split("#", 1)[0] if ref.startswith("p:") else ref


def _store_chunks(store: dict) -> tuple[int, dict[int, list[tuple[str, bytes]]]]:
    """The number of chunks, and each chunk's entries as (ref, the `_json` of `"ref":entry`):
    encoded once, and taken out of `store` as they are, so the store is never held twice."""
    encoded = {}
    for ref in list(store):
        encoded[ref] = _json({ref: store.pop(ref)})[1:-1]
    size = sum(len(fragment) + 2 for fragment in encoded.values())  # each as a file of its own: {...}
    count = max(1, -(-size // STORE_CHUNK_BYTES)) if encoded else 0
    chunks: dict[int, list[tuple[str, bytes]]] = {}
    for ref, fragment in encoded.items():
        chunks.setdefault(fnv1a(owner(ref)) % count, []).append((ref, fragment))
    return count, chunks


def _chunk_json(chunk: list[tuple[str, bytes]]) -> bytes:
    """The `_json` of a chunk's {ref: entry}, put together from its encoded entries (keys sorted)."""
    return b"{" + b",".join(fragment for _, fragment in sorted(chunk)) + b"}"


def build_files(corpus, url: Callable[[str], str]) -> dict[str, bytes]:
    """Output path -> bytes of every search file; the same corpus gives the same bytes.

    search/manifest.json   what search.js needs before any shard: lunr version, pipeline,
                           each index's fields, shard key -> file, store chunk count
    search/shards/*.json   {index name: [[term, number, {field: {ref: weight}}], ...]}
    search/store/<n>.json  {ref: entry} for the refs whose owner() hashes to n
    search/refs.json       {index name: [ref, ...]}: only a query of nothing but -terms needs it
    """
    return dict(iter_files(corpus, url))


def iter_files(corpus, url: Callable[[str], str]):
    """(output path, bytes) of every search file, in path order, each made when asked for and
    not kept: a large site's search files are written without being held all at once."""
    with _collector_paused():
        yield from _iter_files(corpus, url)


@contextmanager
def _collector_paused():
    # The search files are made from about a million lists, dicts and numbers, none of
    # them in a reference cycle and nearly all freed by refcount once the bytes are made.
    # Left on, the cyclic collector made full passes over them and the whole corpus while
    # they grew (two or three at 1,000 articles, costing about as much as the index writer)
    # and freed nothing.
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _prepared(documents: list[dict], fields: tuple[str, ...]) -> list[dict]:
    return list(_preparing(documents, fields))


def _preparing(documents: list[dict], fields: tuple[str, ...]):
    # Sorted by ref so that term numbers, and so the bytes, never depend on corpus order; one at
    # a time, so that index_entries never holds every document's terms.
    for d in sorted(documents, key=lambda d: d["ref"]):
        yield {"ref": d["ref"], **{f: terms(d[f]) for f in fields}}


def _iter_files(corpus, url: Callable[[str], str]):
    main, passages, store = _checked_documents(corpus, url)
    count, chunks = _store_chunks(store)
    del store
    entries, refs = {}, {}
    for name, documents, fields in (("main", main, MAIN_FIELDS), ("passages", passages, PASSAGE_FIELDS)):
        entries[name], refs[name] = index_entries(_preparing(documents, fields), fields)
    del main, passages
    shards = _shards_of(entries)
    del entries
    names = {key: shard_name(key) for key in shards}
    if len(set(names.values())) != len(names):
        raise ValueError("two shard keys share a file name")
    manifest = {
        "version": LUNR_JS_VERSION,
        "pipeline": [_stemmer.label],
        "indexes": {"main": {"fields": list(MAIN_FIELDS)}, "passages": {"fields": list(PASSAGE_FIELDS)}},
        "shards": {key: f"shards/{name}.json" for key, name in names.items()},
        "store": count,
        "refs": "refs.json",
    }
    yield "search/manifest.json", _json(manifest)
    yield "search/refs.json", _json(refs)
    for key in sorted(shards, key=lambda k: f"search/shards/{names[k]}.json"):
        yield f"search/shards/{names[key]}.json", _shard_json(shards.pop(key))  # popped: freed once written
    for number in sorted(chunks, key=lambda n: f"search/store/{n}.json"):
        yield f"search/store/{number}.json", _chunk_json(chunks.pop(number))


class SizeReport:
    """The search files' sizes, raw and gzipped (about what a reader downloads), by kind, added one by one."""

    def __init__(self) -> None:
        self.groups: dict[str, list[tuple[int, int]]] = {}

    def add(self, rel: str, payload: bytes) -> None:
        parts = rel.split("/")
        kind = parts[1] if len(parts) > 2 else parts[-1]
        # Level 1, not a server's 6: a few per cent larger, and four times cheaper on a large site's
        # hundreds of megabytes. `make bench` reports the exact level-6 figures.
        zipped = len(gzip.compress(payload, compresslevel=1, mtime=0))
        self.groups.setdefault(kind, []).append((len(payload), zipped))

    def line(self) -> str:
        out = []
        for kind, sizes in self.groups.items():
            raw, zipped = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            text = f"{kind} {raw / 1024:.1f} kB ({zipped / 1024:.1f} kB gzip)"
            if len(sizes) > 1:
                text += f" in {len(sizes)} files, largest {max(s[1] for s in sizes) / 1024:.1f} kB gzip"
            out.append(text)
        return "search: " + ", ".join(out)


def size_report(files: dict[str, bytes]) -> str:
    """One line: the search files' sizes, raw and gzipped, by kind."""
    report = SizeReport()
    for rel, payload in sorted(files.items()):
        report.add(rel, payload)
    return report.line()
