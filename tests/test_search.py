"""The search files: what the seed corpus's indexes find, that the shards hold exactly the
whole indexes, and that their bytes are stable."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace as NS

import pytest
from lunr.index import Index

from site_builder import search
from site_builder.build import Options, build
from tests.conftest import CONTENT


def root_url(path: str) -> str:
    return "/" + path.lstrip("/")


class Indexes:
    """The whole indexes (what the shards are cut from), and the store chunks merged."""

    def __init__(self, files: dict[str, bytes], reference: dict[str, dict]):
        self.main = Index.load(search._json(reference["main"]).decode("utf-8"))
        self.passages = Index.load(search._json(reference["passages"]).decode("utf-8"))
        self.store = {}
        for rel, payload in files.items():
            if rel.startswith("search/store/"):
                self.store.update(json.loads(payload))

    def refs(self, query: str) -> list[str]:
        return [hit["ref"] for hit in self.main.search(query) + self.passages.search(query)]

    def articles(self, query: str) -> set[str]:
        """URLs of the articles a query lists: its own hits and the articles of its passages, as search.js does."""
        refs = self.refs(query)
        return {self.store[r]["u"].split("#")[0] for r in refs if r[0] in "ap"}


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {rel: hashlib.sha256(payload).hexdigest() for rel, payload in files.items()}


def _files(out) -> dict[str, bytes]:
    # Only plain data leaves here: pytest prints what a failing assert names, and
    # the corpus's cross-references make its repr explode (it took the machine's memory).
    return search.build_files(build(Options(content=CONTENT, out=out)).corpus, root_url)


class Seed:
    def __init__(self, out):
        corpus = build(Options(content=CONTENT, out=out)).corpus
        self.out = out
        self.files = search.build_files(corpus, root_url)
        self.reference = search.reference_indexes(corpus, root_url)[0]
        self.prefixed_files = search.build_files(corpus, lambda path: "/prefix/" + path.lstrip("/"))
        self.article_urls = {a.doc.source: root_url(a.path) for a in corpus.articles}
        self.passage_urls = {f"{root_url(a.path)}#{ref.passage.anchor}" for a in corpus.articles for ref in a.passages}
        self.expert_refs = {f"e:{p.slug}" for p in corpus.experts}
        self.issue_refs = {f"i:{e.slug}" for e in corpus.issues}

    def __repr__(self) -> str:
        return f"<seed site at {self.out}>"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return Seed(tmp_path_factory.mktemp("search") / "_site")


@pytest.fixture(scope="module")
def files(seed):
    return seed.files


@pytest.fixture(scope="module")
def idx(seed):
    return Indexes(seed.files, seed.reference)


def test_the_build_writes_the_search_files(seed, files):
    written = {rel: (seed.out / rel).read_bytes() for rel in files if (seed.out / rel).is_file()}
    assert _digests(written) == _digests(files)


def test_fentanyl_finds_its_articles_and_issue(seed, idx):
    found = idx.articles("fentanyl")
    for source in ["usip-blinken-china-trip-stabilize-ties.txt", "foreign-policy-china-isnt-buying-bidens-balancing-act.txt",
                   "blinken-launches-high-stakes-talks.txt"]:
        url = seed.article_urls[source]
        assert url in found, source
    assert idx.main.search("fentanyl")[0]["ref"] == "i:fentanyl"


def test_glaser_ranks_her_expert_page_first(idx):
    first = idx.main.search("Glaser")[0]["ref"]
    assert idx.store[first]["k"] == "expert"
    assert idx.store[first]["t"] == "Bonnie Glaser"
    assert idx.store[first]["u"].endswith("/experts/bonnie-glaser/")


def test_hotline_finds_passages_of_the_atlantic_council_roundup(seed, idx):
    roundup = seed.article_urls["atlantic-council-experts-react-blinken-beijing.txt"]
    hits = [idx.store[hit["ref"]] for hit in idx.passages.search("hotline")]
    in_roundup = [h for h in hits if h["u"].startswith(roundup + "#")]
    assert in_roundup
    page = (seed.out / roundup.strip("/") / "index.html").read_text(encoding="utf-8")
    for hit in in_roundup:
        assert "hotline" in hit["x"].lower()
        assert f'id="{hit["u"].split("#")[1]}"' in page  # the deep link lands on the passage


def test_every_passage_is_indexed_with_a_deep_link(seed, idx):
    passages = {r: e for r, e in idx.store.items() if e["k"] == "passage"}
    assert {e["u"] for e in passages.values()} == seed.passage_urls
    assert set(idx.passages.field_vectors) >= {f"body/{r}" for r in passages}


def test_store_describes_every_result(seed, idx):
    refs = {ref.split("/", 1)[1] for ref in list(idx.main.field_vectors) + list(idx.passages.field_vectors)}
    assert refs == set(idx.store)
    kinds = {e["k"] for e in idx.store.values()}
    assert kinds == {"article", "expert", "person", "issue", "passage"}
    for ref, entry in idx.store.items():
        assert set(entry) <= {"t", "u", "k", "x", "s", "a", "m", "d"}, ref
        assert entry["t"] and entry["u"].startswith("/"), ref
        assert len(entry.get("x", "")) <= (search.PASSAGE_TEXT if entry["k"] == "passage" else search.EXCERPT) + 1, ref
        if entry["k"] == "passage":
            assert entry["a"] and ref.startswith("p:") and "a:" + ref[2:].split("#")[0] in idx.store
    assert {r for r, e in idx.store.items() if e["k"] == "expert"} == seed.expert_refs
    assert {r for r in idx.store if r.startswith("i:")} == seed.issue_refs


def test_possessives_and_acronyms_are_searchable(idx):
    # "Biden's" and "U.S.-China" in the text; lunr alone would index "biden's" and "u.s".
    assert idx.passages.search("Biden")
    assert not [t for t, _ in idx.passages.inverted_index.items() if "'" in t or "\u2019" in t or "." in t]


def test_two_builds_give_the_same_bytes(tmp_path, files):
    assert _digests(_files(tmp_path / "_site")) == _digests(files)


def test_urls_follow_the_base_url(seed):
    entries = [e for rel, payload in seed.prefixed_files.items() if rel.startswith("search/store/")
               for e in json.loads(payload).values()]
    assert entries and all(e["u"].startswith("/prefix/") for e in entries)


def test_files_are_compact_utf8_json(files):
    for rel, payload in files.items():
        text = payload.decode("utf-8")
        compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False, sort_keys=True)
        assert text == compact and "\\u20" not in text, rel


def test_size_report_is_one_line(files):
    report = search.size_report(files)
    assert "\n" not in report
    for name in ["manifest.json", "refs.json", "shards", "store"]:
        assert name in report
    assert "gzip" in report


def _person(slug, name, expert=True):
    return NS(slug=slug, name=name, is_expert=expert, aliases=[], affiliations=[], bio=None,
              path=f"{'experts' if expert else 'people'}/{slug}/")


def test_duplicate_refs_are_refused():
    corpus = NS(articles=[], issues=[], people=[_person("a-b", "A B"), _person("a-b", "A. B.")])
    with pytest.raises(ValueError, match="e:a-b"):
        search.build_files(corpus, root_url)


def test_an_empty_corpus_still_gives_loadable_indexes():
    corpus = NS(articles=[], issues=[], people=[])
    files = search.build_files(corpus, root_url)
    indexes = Indexes(files, search.reference_indexes(corpus, root_url)[0])
    assert indexes.refs("anything") == [] and indexes.store == {}
    manifest = json.loads(files["search/manifest.json"])
    assert manifest["shards"] == {} and manifest["store"] == 0
    assert sorted(files) == ["search/manifest.json", "search/refs.json"]


def test_prepared_terms_give_the_bytes_of_lunrs_own_pipeline(tmp_path):
    """search.py runs lunr's tokenizer/trimmer/stop-word/stemmer once per distinct word;
    the index must be byte-identical to one built by lunr's default pipeline."""
    from lunr import lunr

    corpus = build(Options(content=CONTENT, out=tmp_path / "_site")).corpus
    main, passages, _ = search._documents(corpus, root_url)
    for documents, fields in ((main, search.MAIN_FIELDS), (passages, search.PASSAGE_FIELDS)):
        ordered = sorted(documents, key=lambda d: d["ref"])
        reference = lunr(ref="ref", fields=[{"field_name": f, "boost": search.BOOSTS[f]} for f in fields],
                         documents=ordered)
        assert search._index(documents, fields) == search._json(reference.serialize())


# --- Shards, manifest, store chunks ---------------------------------------------------------


def _manifest(files):
    return json.loads(files["search/manifest.json"])


def _shards(files) -> dict[str, dict]:
    return {key: json.loads(files["search/" + path]) for key, path in _manifest(files)["shards"].items()}


def reassemble(files, name: str) -> dict:
    """The whole serialized index `name`, rebuilt from every shard and refs.json."""
    manifest = _manifest(files)
    fields = manifest["indexes"][name]["fields"]
    refs = json.loads(files["search/refs.json"])[name]
    vectors = {f"{field}/{ref}": [] for ref in refs for field in fields}
    inverted = []
    for shard in _shards(files).values():
        for term, number, postings in shard[name]:
            inverted.append([term, {"_index": number, **{f: {r: {} for r in postings.get(f, {})} for f in fields}}])
            for field, docs in postings.items():
                for ref, weight in docs.items():
                    vectors[f"{field}/{ref}"].append((number, weight))
    return {"version": manifest["version"], "fields": fields, "pipeline": manifest["pipeline"],
            "invertedIndex": sorted(inverted),
            "fieldVectors": [[k, [x for pair in sorted(v) for x in pair]] for k, v in vectors.items()]}


def test_the_manifest_names_every_shard_and_store_chunk(files):
    manifest = _manifest(files)
    assert manifest["version"] == "2.3.9" and manifest["pipeline"] == ["stemmer"]
    assert manifest["indexes"] == {"main": {"fields": list(search.MAIN_FIELDS)},
                                   "passages": {"fields": list(search.PASSAGE_FIELDS)}}
    assert manifest["refs"] == "refs.json" and "search/refs.json" in files
    shard_files = {"search/" + path for path in manifest["shards"].values()}
    assert len(shard_files) == len(manifest["shards"])
    chunk_files = {f"search/store/{n}.json" for n in range(manifest["store"])}
    written = set(files) - {"search/manifest.json", "search/refs.json"}
    assert shard_files <= written and written - shard_files <= chunk_files
    assert len(files["search/manifest.json"]) < 4096


def test_shards_hold_each_entry_of_the_whole_indexes_once(seed, files):
    shards = _shards(files)
    for name, reference in seed.reference.items():
        terms = [entry[0] for shard in shards.values() for entry in shard[name]]
        assert len(terms) == len(set(terms))
        assert sorted(terms) == [term for term, _ in reference["invertedIndex"]]
        # Postings, term numbers and every field vector weight, exactly: nothing lost, nothing added.
        assert search._json(reassemble(files, name)) == search._json(reference)


def test_each_term_sits_in_the_shard_of_its_longest_key(files):
    keys = _manifest(files)["shards"]
    for key, shard in _shards(files).items():
        for entries in shard.values():
            for term, *_ in entries:
                assert max((k for k in keys if term.startswith(k)), key=len) == key, term


def test_a_shard_over_the_size_limit_is_one_term(files):
    for key, shard in _shards(files).items():
        if len(search._json(shard)) > search.SHARD_BYTES:
            assert {entry[0] for entries in shard.values() for entry in entries} == {key}


def test_a_small_limit_splits_keys_deeper_and_keeps_every_entry(seed, monkeypatch):
    monkeypatch.setattr(search, "SHARD_BYTES", 2_000)
    shards = search._shards(seed.reference)
    assert max(len(k) for k in shards) >= 3 and "" not in shards
    terms = sorted(json.loads(e)[0] for shard in shards.values() for entries in shard.values() for e in entries)
    whole = sorted(t for ref in seed.reference.values() for t, _ in ref["invertedIndex"])
    assert terms == whole


def test_store_chunks_hold_each_entry_once_with_its_article(idx, files):
    count = _manifest(files)["store"]
    seen = set()
    for rel, payload in files.items():
        if rel.startswith("search/store/"):
            number = int(rel.rsplit("/", 1)[1].split(".")[0])
            for ref in json.loads(payload):
                assert ref not in seen
                seen.add(ref)
                assert search.fnv1a(search.owner(ref)) % count == number, ref
    assert seen == set(idx.store)
    assert search.owner("p:0123abcd#p-3") == "a:0123abcd" and search.owner("e:bonnie-glaser") == "e:bonnie-glaser"


def test_fnv1a_is_the_32_bit_hash_search_js_computes():
    # Reference values of 32-bit FNV-1a; for ASCII, UTF-16 code units are the bytes.
    assert search.fnv1a("") == 0x811C9DC5
    assert search.fnv1a("a") == 0xE40C292C
    assert search.fnv1a("foobar") == 0xBF9CF968


def test_shard_names_are_safe_file_names():
    assert search.shard_name("ch") == "ch"
    assert search.shard_name("") == "_"
    assert search.shard_name("\u00e9") == "_c3a9"
