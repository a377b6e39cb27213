"""The sharded search index against the whole one, in Chromium with the vendored lunr.js.

The corpus is the seed documents copied into many folders, each copy with a word in
its title and a closing sentence of its own, so that documents, and so scores, differ.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from site_builder import search as search_py
from site_builder.build import Options, build
from tests.browser.conftest import serve
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

COPIES = 62  # x 5 seed documents: 310 articles
WORDS = ["harbor", "quantum", "lattice", "meadow", "zephyr", "obsidian", "tundra", "saffron", "juniper",
         "vortex", "granite", "lantern", "mosaic", "nebula", "orchard", "pylon", "quartz", "rampart",
         "sextant", "thimble", "umbra", "velvet", "walnut", "xenon", "yarrow", "zinnia", "beacon", "citadel"]
FIRST_LINE_TITLES = {"blinken-launches-high-stakes-talks.txt"}
REFERENCE = "_reference"  # the whole indexes, written by the test next to the site it serves


def make_corpus(target: Path, copies: int = COPIES) -> None:
    for name in ("site.yaml", "issues.yaml", "experts.yaml"):
        if (CONTENT / name).exists():
            shutil.copy(CONTENT / name, target / name)
    docs = sorted(p for p in CONTENT.iterdir() if p.suffix in (".txt", ".md", ".html"))
    for i in range(copies):
        folder = target / f"copy-{i:03d}"
        folder.mkdir()
        for n, seed in enumerate(docs):
            word, other = WORDS[(i + n) % len(WORDS)], WORDS[(3 * i + 7 * n) % len(WORDS)]
            text = seed.read_text(encoding="utf-8").rstrip()
            # Titles vary too, where the reader takes them from a place that tolerates a word more.
            if seed.name in FIRST_LINE_TITLES:
                text = text.replace("\n", f" {word}\n", 1)
            text = text.replace('\ntitle: "', f'\ntitle: "{word.title()} ', 1)
            text += f"\n\nAddendum {i}-{n}: observers noted {word} and {other} {i}.\n"
            (folder / seed.name).write_text(text, encoding="utf-8")
            sidecar = seed.with_name(seed.stem + ".meta.yaml")
            if sidecar.exists():
                shutil.copy(sidecar, folder / sidecar.name)


class Site:
    def __init__(self, root: Path):
        content, self.out = root / "content", root / "_site"
        content.mkdir()
        make_corpus(content)
        corpus = build(Options(content=content, out=self.out)).corpus
        self.documents = len(corpus.articles)
        indexes, _ = search_py.reference_indexes(corpus, lambda path: "/" + path.lstrip("/"))
        (self.out / REFERENCE).mkdir()
        for name, serialized in indexes.items():
            (self.out / REFERENCE / f"{name}.json").write_bytes(search_py._json(serialized))
        self.manifest = json.loads((self.out / "search" / "manifest.json").read_bytes())
        self.server, self.url = serve(self.out, "/")

    def __repr__(self) -> str:
        return f"<sharded site at {self.out}>"

    def home(self, term: str) -> str | None:
        """The key of the shard holding `term` (the longest key that starts it)."""
        keys = [k for k in self.manifest["shards"] if term.startswith(k)]
        return max(keys, key=len) if keys else None

    def prefix_reach(self, prefix: str) -> set[str]:
        return {k for k in self.manifest["shards"] if k.startswith(prefix)} | {self.home(prefix)} - {None}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("sharded"))
    yield site
    site.server.shutdown()
    site.server.server_close()


QUERIES = [
    # single words
    "fentanyl", "china", "blinken", "beijing", "taiwan", "hotline", "glaser", "military", "economies",
    "quantum", "zephyr", "addendum", "observers", "secretary", "chinese", "officials", "trade", "Biden's",
    "U.S.-China", "president", "xi", "stabilize",
    # two or more words
    "china taiwan", "blinken beijing", "fentanyl hotline", "quantum harbor", "military communication",
    "secretary of state", "xi jinping summit",
    # prefixes, as typed and as lunr syntax
    "fentan", "chin*", "b*", "t*", "te*", "qu*", "stabil*", "*ing", "fe*l",
    # fields
    "title:china", "title:quantum", "speaker:glaser", "heading:taiwan", "body:fentanyl", "title:blink*",
    # absent
    "zzqxvj", "qqqq*", "title:zzz",
    # operators
    "+china -taiwan", "+blinken +beijing", "-china", "+fentanyl -trade", "china^10 taiwan", "+quantum -zephyr",
    "-quantum -harbor",
    # fuzzy
    "fentanil~1", "chnia~2", "beijin~1",
    # parse errors that fall back to words
    "title:", "china:", "fent*nyl~",
]

COMPARE = """async ([query, manifest, reference]) => {
    const full = {};
    for (const name of ["main", "passages"]) {
        full[name] = lunr.Index.load(await (await fetch(reference + name + ".json")).json());
    }
    const shards = await SiteSearch.open(manifest);  // fresh: nothing fetched by an earlier query
    const plan = SiteSearch.builds(shards, query);
    const built = await shards.indexes(plan);
    const out = {fetched: Object.keys(shards.shards), total: shards.keys.length};
    for (const name of ["main", "passages"]) {
        if (!plan[name]) { out[name] = null; continue; }
        const pick = hits => hits.map(h => [h.ref, h.score, Object.keys(h.matchData.metadata).sort()]);
        out[name] = {full: pick(full[name].query(plan[name])), shards: pick(built[name].query(plan[name]))};
    }
    return out;
}"""


def test_the_corpus_is_large_enough(site):
    assert site.documents >= 300
    assert len(site.manifest["shards"]) > 30 and site.manifest["store"] > 30


def test_assembled_shards_find_what_the_whole_index_finds(page: Page, site):
    assert len(QUERIES) >= 50
    page.goto(f"{site.url}search/")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")
    found, partial = 0, 0
    for query in QUERIES:
        result = page.evaluate(COMPARE, [query, f"{site.url}search/manifest.json", f"{site.url}{REFERENCE}/"])
        for name in ("main", "passages"):
            if result[name] is None:
                continue
            full, shards = result[name]["full"], result[name]["shards"]
            assert len(full) == len(shards), (query, name)
            # Every hit, not only the top 20: same refs, same order, same matched terms, same scores.
            assert [h[0] for h in full] == [h[0] for h in shards], (query, name)
            assert [h[2] for h in full] == [h[2] for h in shards], (query, name)
            for (ref, a, _), (_, b, _) in zip(full, shards):
                assert abs(a - b) <= 1e-9, (query, name, ref, a, b)
            found += bool(full)
        partial += len(result["fetched"]) < result["total"]
    assert found >= 60  # the queries exercise the indexes: most find something
    assert partial >= 40  # and most of them needed only some shards


def _search_requests(page: Page, site, query: str) -> list[str]:
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{site.url}search/?q={quote(query)}")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")
    return [path[len("/search/"):] for path in requested if path.startswith("/search/") and path != "/search/"]


def _chunk_of_url(site) -> dict[str, str]:
    chunks = {}
    for path in (site.out / "search" / "store").iterdir():
        for entry in json.loads(path.read_bytes()).values():
            chunks[entry["u"]] = f"store/{path.name}"
    return chunks


@pytest.mark.parametrize(("query", "rare"), [("fentanyl hotline", False), ("quantum taiwan", False),
                                             ("quantum zephyr", True)])
def test_a_two_word_query_fetches_only_its_shards_and_shown_entries(page: Page, site, query, rare):
    fetched = _search_requests(page, site, query)
    assert len(fetched) == len(set(fetched))
    words = query.split()
    keys = {site.home(search_py._term(w)) for w in words} | set().union(*(site.prefix_reach(w) for w in words))
    shards = {site.manifest["shards"][k] for k in keys - {None}}
    shown = page.eval_on_selector_all(".search-result h3 a", "links => links.map(a => a.getAttribute('href'))")
    assert shown
    chunk_of = _chunk_of_url(site)
    chunks = {chunk_of[href] for href in shown}
    assert sorted(fetched) == sorted({"manifest.json"} | shards | chunks)
    assert len(shards) <= 2 * len(words)
    size = {f"{p.parent.name}/{p.name}" if p.parent.name != "search" else p.name: _gzip_size(p)
            for p in (site.out / "search").rglob("*.json")}
    index_bytes = sum(v for k, v in size.items() if k.startswith("shards/"))
    assert sum(size[f] for f in shards) < index_bytes / 10
    if rare:  # a common word shows 100 articles and 100 passages: then most chunks hold one
        assert len(chunks) < site.manifest["store"] / 4


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def test_a_query_of_only_prohibited_terms_lists_the_rest(page: Page, site):
    fetched = _search_requests(page, site, "-china")
    assert "refs.json" in fetched
    expect(page.locator('.search-result[data-kind="article"] .passage-hit').first).to_be_visible()
