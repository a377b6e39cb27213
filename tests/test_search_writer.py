"""search.py's own index writer against lunr.py, which stays the reference: the same
serialized index, byte for byte, on the seed corpus, on synthetic corpora and at the edges."""

from __future__ import annotations

import json
import random

import pytest
from lunr import lunr
from lunr.index import Index
from lunr.token_set import TokenSet

from site_builder import search
from site_builder.build import Options, build
from tests.conftest import CONTENT


def lunr_reference(documents: list[dict], fields: tuple[str, ...]) -> dict:
    """The index as lunr.py builds it: what search.py did before it had its own writer."""
    ordered = sorted(documents, key=lambda d: d["ref"])
    prepared = [{"ref": d["ref"], **{f: search.terms(d[f]) for f in fields}} for d in ordered]
    index = lunr(ref="ref", fields=[{"field_name": f, "boost": search.BOOSTS[f]} for f in fields],
                 documents=prepared, builder=search._builder())
    return json.loads(search._json(index.serialize()))


def assert_as_lunr(documents: list[dict], fields: tuple[str, ...]) -> dict:
    ours = search._serialized(documents, fields)
    reference = lunr_reference(documents, fields)
    assert search._json(ours) == search._json(reference)
    assert ours == reference
    return ours


@pytest.fixture(scope="module")
def seed_documents(tmp_path_factory):
    corpus = build(Options(content=CONTENT, out=tmp_path_factory.mktemp("writer") / "_site")).corpus
    main, passages, _ = search._documents(corpus, lambda path: "/" + path.lstrip("/"))
    return main, passages


def test_the_seed_corpus_indexes_are_lunrs(seed_documents):
    main, passages = seed_documents
    assert len(assert_as_lunr(main, search.MAIN_FIELDS)["fieldVectors"]) == len(main) * len(search.MAIN_FIELDS)
    assert len(assert_as_lunr(passages, search.PASSAGE_FIELDS)["fieldVectors"]) == len(passages) * 3


# --- Synthetic corpora ----------------------------------------------------------------------

COMMON = ["china", "policy", "trade", "talks", "summit", "security", "minister", "report", "market", "energy"]
WORDS = COMMON + [
    "the", "and", "of", "is",  # stop words: dropped, and so not counted in a field's length
    "running", "runs", "ran", "connection", "connected", "generously", "happiness",  # stems
    "café", "naïve", "Straße", "Zürich", "São", "İstanbul", "Ελλάδα", "Москва", "日本語", "한국어", "🙂",
    "ﬁnance", "e\u0301t\u00e9",  # a ligature, a combining accent
    "u.s.", "smith's", "o'neill", "well-known", "2024", "3.5%", "a1b2",
    'say"what', "back\\slash", "ctl\x01char", "tab\tbed",  # JSON escapes in terms
] + [f"term{i}" for i in range(300)]  # a long tail: most terms occur in few documents


def _text(rng: random.Random, length: int) -> str:
    words = []
    for _ in range(length):
        roll = rng.random()
        # Common words come back within a field, so many terms count more than once.
        words.append(rng.choice(COMMON) if roll < 0.3 else rng.choice(WORDS))
    return " ".join(words)


def synthetic(count: int, fields: tuple[str, ...], seed: int, empty_field: str | None = None) -> list[dict]:
    rng = random.Random(seed)
    refs = [f"a:{i:05x}" for i in range(count)]
    refs[1::37] = [f"p:{i:05x}#p-{i % 7}" for i in range(len(refs[1::37]))]
    refs[2::53] = [f"e:ü{i}/\"q\\{i}" for i in range(len(refs[2::53]))]  # a slash and JSON escapes in refs
    rng.shuffle(refs)  # the writer sorts them
    documents = []
    for ref in refs:
        doc = {"ref": ref}
        for field in fields:
            shape = rng.random()
            if field == empty_field or shape < 0.1:
                doc[field] = rng.choice(["", None, "the and of"])  # empty, or nothing left after stop words
            elif shape < 0.5:
                doc[field] = _text(rng, rng.randint(1, 6))
            elif shape < 0.95:
                doc[field] = _text(rng, rng.randint(10, 120))
            else:
                doc[field] = _text(rng, rng.randint(300, 900))
        documents.append(doc)
    return documents


@pytest.mark.parametrize("fields,seed", [(search.MAIN_FIELDS, 1), (search.PASSAGE_FIELDS, 2)])
def test_a_synthetic_corpus_index_is_lunrs(fields, seed):
    ours = assert_as_lunr(synthetic(400, fields, seed), fields)
    postings = sum(len(elements) // 2 for _, elements in ours["fieldVectors"])
    assert len(ours["invertedIndex"]) > 300 and postings > 10 * len(ours["invertedIndex"])
    assert any(not elements for _, elements in ours["fieldVectors"])  # empty fields are there


def test_a_field_empty_in_every_document_is_lunrs():
    # Its average length is 0: lunr computes no weight for it, and must not divide by it.
    assert_as_lunr(synthetic(300, search.MAIN_FIELDS, 3, empty_field="speaker"), search.MAIN_FIELDS)


def test_an_empty_document_list_is_lunrs_empty_index():
    builder = search._builder()
    for field in search.PASSAGE_FIELDS:
        builder.field(field, boost=search.BOOSTS[field])
    with pytest.raises(ZeroDivisionError):  # why the writer has its own empty case
        builder.build()
    empty = Index(inverted_index={}, field_vectors={}, token_set=TokenSet.from_list([]),
                  fields=list(search.PASSAGE_FIELDS), pipeline=builder.search_pipeline)
    ours = search._serialized([], search.PASSAGE_FIELDS)
    assert search._json(ours) == search._json(empty.serialize())
    assert Index.load(search._json(ours).decode("utf-8")).search("anything") == []


@pytest.mark.parametrize("text,heading", [("Trade talks: trade, security and trade again.", "Summit"),
                                          ("", "Summit"), ("", None)])
def test_a_single_document_is_lunrs(text, heading):
    document = {"ref": "a:0001", "title": text, "heading": heading, "speaker": "", "body": text}
    assert_as_lunr([document], search.MAIN_FIELDS)


def test_repeated_refs_count_as_lunr_counts_them():
    # build_files refuses them; the writer still follows lunr, where a later document replaces
    # an earlier one's field vectors but both stay in the postings and the document count.
    fields = search.PASSAGE_FIELDS
    prepared = [{"ref": ref, **{f: search.terms(d[f]) for f in fields}}
                for ref, d in zip(["x", "y", "x", "z", "y"], synthetic(5, fields, 4))]
    reference = lunr(ref="ref", fields=[{"field_name": f, "boost": search.BOOSTS[f]} for f in fields],
                     documents=prepared, builder=search._builder())
    assert search._json(search.lunr_index(prepared, fields)) == search._json(reference.serialize())


def test_terms_must_be_finished():
    with pytest.raises(ValueError, match="lowercase"):  # lunr would lowercase them, the writer does not
        search.lunr_index([{"ref": "a", "body": ["Trade"]}], ("body",))
    with pytest.raises(TypeError):  # lunr would tokenize a string
        search.lunr_index([{"ref": "a", "body": "trade"}], ("body",))


def test_posting_metadata_is_shared_and_read_only():
    index = search._serialized(synthetic(3, ("body",), 5), ("body",))
    metadata = next(iter(index["invertedIndex"][0][1]["body"].values()))
    assert metadata == {} and not metadata
    with pytest.raises(TypeError):
        metadata["position"] = [0, 4]
    with pytest.raises(TypeError):
        metadata.update(position=[0, 4])


# --- From the index to the shards -----------------------------------------------------------


def old_entries(serialized: dict) -> dict[str, list]:
    """search._entries as it was: a weight looked up by its field ref string, per posting."""
    weights: dict[int, dict[str, float]] = {}
    for field_ref, elements in serialized["fieldVectors"]:
        for i in range(0, len(elements), 2):
            weights.setdefault(elements[i], {})[field_ref] = elements[i + 1]
    entries = {}
    for term, posting in serialized["invertedIndex"]:
        number, fields = posting["_index"], {}
        for field in serialized["fields"]:
            docs = posting.get(field) or {}
            if docs:
                fields[field] = {ref: weights[number][f"{field}/{ref}"] for ref in docs}
        entries[term] = [term, number, fields]
    return entries


def test_entries_and_shards_are_what_they_were(monkeypatch):
    indexes = {"main": search._serialized(synthetic(300, search.MAIN_FIELDS, 6), search.MAIN_FIELDS),
               "passages": search._serialized(synthetic(300, search.PASSAGE_FIELDS, 7), search.PASSAGE_FIELDS)}
    entries = {name: search._entries(serialized) for name, serialized in indexes.items()}
    assert entries == {name: old_entries(serialized) for name, serialized in indexes.items()}
    monkeypatch.setattr(search, "SHARD_BYTES", 4_000)  # many shards, some keys several characters long
    shards = search._shards(indexes)
    assert len(shards) > 20
    for key, shard in shards.items():
        decoded = {name: [json.loads(e) for e in encoded] for name, encoded in shard.items()}
        assert search._shard_json(shard) == search._json(decoded), key
        for name, listed in decoded.items():
            assert listed == [entries[name][term] for term, *_ in listed]
    assert sorted(json.loads(e)[0] for shard in shards.values() for es in shard.values() for e in es) == \
        sorted(t for by_term in entries.values() for t in by_term)


@pytest.mark.parametrize("fields, seed", [(search.MAIN_FIELDS, 11), (search.PASSAGE_FIELDS, 12)])
def test_entries_made_straight_from_the_documents_are_those_of_the_whole_index(fields, seed):
    """The build writes shards from index_entries; the whole index (equal to lunr.py's, above) is the reference."""
    documents = search._prepared(synthetic(400, fields, seed), fields)  # as the build prepares them
    documents = list({d["ref"]: d for d in documents}.values())  # the build's refs are unique
    serialized = search.lunr_index(documents, fields)
    entries, refs = search.index_entries(documents, fields)
    assert entries == search._entries(serialized)
    assert refs == search._doc_refs(serialized)
    assert search.index_entries([], fields) == ({}, [])
