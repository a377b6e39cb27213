"""The search files: what the seed corpus's indexes find, and that their bytes are stable."""

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
    """The three files loaded as search.js loads them."""

    def __init__(self, files: dict[str, bytes]):
        self.main = Index.load(files["search/index-main.json"].decode("utf-8"))
        self.passages = Index.load(files["search/index-passages.json"].decode("utf-8"))
        self.store = json.loads(files["search/store.json"])

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
def idx(files):
    return Indexes(files)


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
    files = seed.prefixed_files
    assert all(e["u"].startswith("/prefix/") for e in json.loads(files["search/store.json"]).values())


def test_files_are_compact_utf8_json(files):
    for rel, payload in files.items():
        text = payload.decode("utf-8")
        assert "\n" not in text and ", " not in text[:200] and "\\u20" not in text, rel


def test_size_report_is_one_line(files):
    report = search.size_report(files)
    assert "\n" not in report
    for name in ["index-main.json", "index-passages.json", "store.json"]:
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
    files = search.build_files(NS(articles=[], issues=[], people=[]), root_url)
    indexes = Indexes(files)
    assert indexes.refs("anything") == [] and indexes.store == {}


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
