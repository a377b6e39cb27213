"""Lists that grow with the corpus are split into pages, so no page grows with it.

Most checks run on a site of 120 articles: the five seed documents copied into 24 folders,
each copy retitled by its sidecar so that every copy gets a slug of its own.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder import pages
from site_builder.pages import Pager, paginate
from tests.conftest import CONTENT, build_site
from tests.sitecheck import broken_links

COPIES = 24  # of the 5 seed documents: 120 articles
ARTICLES = 5 * COPIES
MAX_PAGE_BYTES = 300_000


def many_copies(folder: Path, copies: int) -> Path:
    content = folder / "content"
    content.mkdir()
    for name in ("site.yaml", "issues.yaml"):
        shutil.copy(CONTENT / name, content / name)
    documents = sorted(p for p in CONTENT.iterdir() if p.suffix == ".txt")
    number = 0
    for copy in range(1, copies + 1):
        sub = content / f"copy-{copy:03d}"
        sub.mkdir()
        for doc in documents:
            number += 1
            shutil.copy(doc, sub / doc.name)
            sidecar = CONTENT / (doc.stem + ".meta.yaml")
            meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
            meta["title"] = f"Copy {number}"
            (sub / (doc.stem + ".meta.yaml")).write_text(yaml.safe_dump(meta), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    out = folder / "_site"
    result = build_site(out, many_copies(folder, COPIES), url="https://research.institute.test/")
    assert result.documents == ARTICLES and not result.errors
    return out


@pytest.fixture(scope="module")
def big_data(big_site) -> dict:
    return json.loads((big_site / "data" / "corpus.json").read_text(encoding="utf-8"))


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def list_pages(site: Path, first: str) -> list[str]:
    """The pages of one list, found on disk (not from the links under test): first, page/2/, ..."""
    found = [first]
    while (site / first / "page" / str(len(found) + 1) / "index.html").is_file():
        found.append(f"{first}page/{len(found) + 1}/")
    return found


def pagination(soup: BeautifulSoup):
    navs = soup.find_all("nav", attrs={"aria-label": "Pagination"})
    assert len(navs) <= 1
    return navs[0] if navs else None


def check_series(site: Path, paths: list[str]) -> None:
    """prev/next chain through exactly these pages, and each marks itself as the current one."""
    for i, path in enumerate(paths):
        nav = pagination(soup_of(site, path))
        assert nav is not None, path
        prev, nxt = nav.find("a", rel="prev"), nav.find("a", rel="next")
        assert (prev["href"] if prev else None) == (f"/{paths[i - 1]}" if i > 0 else None), path
        assert (nxt["href"] if nxt else None) == (f"/{paths[i + 1]}" if i + 1 < len(paths) else None), path
        current = nav.find_all("a", attrs={"aria-current": "page"})
        assert [a["href"] for a in current] == [f"/{path}"], path
        assert " ".join(current[0].get_text().split()) == f"Page {i + 1}"  # its accessible name


# --- the pieces ---------------------------------------------------------------------------------

def test_paginate_splits_by_count_and_keeps_the_first_address():
    split = paginate("articles/", list(range(120)), 50)
    assert [p.path for p, _ in split] == ["articles/", "articles/page/2/", "articles/page/3/"]
    assert [len(chunk) for _, chunk in split] == [50, 50, 20]
    assert [(p.start, p.stop, p.total) for p, _ in split] == [(0, 50, 120), (50, 100, 120), (100, 120, 120)]
    first, middle, last = (p for p, _ in split)
    assert (first.prev, first.next) == (None, "articles/page/2/")
    assert (middle.prev, middle.next) == ("articles/", "articles/page/3/")
    assert (last.prev, last.next) == ("articles/page/2/", None)


def test_an_empty_list_still_has_its_one_page():
    [(pager, chunk)] = paginate("issues/x/", [], 50)
    assert (pager.path, pager.count, chunk) == ("issues/x/", 1, [])


def test_paginate_keeps_long_items_under_the_budget():
    split = paginate("x/", [40, 40, 40, 500, 10], 50, weight=lambda n: n, budget=100)
    assert [chunk for _, chunk in split] == [[40, 40], [40], [500], [10]]


def test_the_page_number_window_stays_short():
    paths = tuple(f"p{n}" for n in range(1, 201))
    assert Pager(1, paths).window() == [1, 2, 3, None, 200]
    assert Pager(100, paths).window() == [1, None, 98, 99, 100, 101, 102, None, 200]
    assert Pager(4, paths).window() == [1, 2, 3, 4, 5, 6, None, 200]  # one left out is shown, not elided
    assert Pager(2, paths[:3]).window() == [1, 2, 3]


# --- the seed site is unchanged ------------------------------------------------------------------

def test_the_seed_site_has_one_page_per_list(seed_site):
    assert not [p for p in seed_site.rglob("page") if p.is_dir()]
    for page in seed_site.rglob("*.html"):
        assert 'aria-label="Pagination"' not in page.read_text(encoding="utf-8"), page


# --- 120 articles ----------------------------------------------------------------------------------

def test_articles_are_listed_fifty_a_page_each_once_newest_first(big_site, big_data):
    paths = list_pages(big_site, "articles/")
    assert paths == ["articles/", "articles/page/2/", "articles/page/3/"]  # ceil(120 / 50)
    listed = []
    for path in paths:
        cards = [a["href"] for a in soup_of(big_site, path).select("main ul.cards h3 a")]
        listed.append(cards)
    assert [len(cards) for cards in listed] == [50, 50, 20]
    flat = [href for cards in listed for href in cards]
    assert sorted(flat) == sorted(f"/articles/copy-{n}/" for n in range(1, ARTICLES + 1))
    assert flat == [a["path"] for a in big_data["articles"]]  # the corpus order: newest first, undated last
    dates = [a["date"] for a in big_data["articles"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates == dated + [None] * (len(dates) - len(dated))


def test_article_list_pages_link_in_sequence(big_site):
    paths = list_pages(big_site, "articles/")
    check_series(big_site, paths)
    second = soup_of(big_site, "articles/page/2/")
    assert "Page 2 of 3: articles 51–100." in second.main.p.get_text()
    assert second.title.get_text().startswith("Articles, page 2 of 3")
    assert second.find("link", rel="canonical")["href"].endswith("/articles/page/2/")


def test_home_page_shows_the_latest_and_links_to_the_list(big_site, big_data):
    home = soup_of(big_site, "")
    cards = [a["href"] for a in home.select("main ul.cards h3 a")]
    assert cards == [a["path"] for a in big_data["articles"][:10]]
    assert f"All {ARTICLES} articles" in [a.get_text(strip=True) for a in home.select("main a[href='/articles/']")]


def test_issue_pages_hold_every_passage_once(big_site, big_data):
    for issue in big_data["issues"]:
        paths = list_pages(big_site, f"issues/{issue['slug']}/")
        cited, cards, more = [], [], 0
        for path in paths:
            soup = soup_of(big_site, path)
            assert len(soup.select("main li.voice")) <= pages.CARDS_PER_PAGE
            cards += [v["id"] for v in soup.select("main li.voice")]
            cited += [q["cite"] for q in soup.select("main li.voice blockquote")]
            for voice in soup.select("main li.voice"):
                assert len(voice.select("blockquote")) <= pages.CARD_PASSAGES
                said = re.search(r"(\d+) more (passages? by|in)", voice.get_text(" ", strip=True))
                more += int(said.group(1)) if said else 0
        # Every passage is on a card or counted under one ("N more passages by ...").
        assert len(cited) == len(set(cited)) and len(cited) + more == issue["passages"], issue["slug"]
        assert len(cards) == len(set(cards)), issue["slug"]  # one card per voice, on one page
        if len(paths) > 1:
            check_series(big_site, paths)


def test_expert_pages_split_their_articles(big_site, big_data):
    glaser = next(e for e in big_data["experts"] if e["name"] == "Bonnie Glaser")
    assert len(glaser["articles"]) == 2 * COPIES  # two seed documents quote her
    paths = list_pages(big_site, "experts/bonnie-glaser/")
    assert paths == ["experts/bonnie-glaser/", "experts/bonnie-glaser/page/2/"]  # 25 + 23
    check_series(big_site, paths)
    listed = [a["href"] for path in paths for a in soup_of(big_site, path).select("main ol.said .source a")]
    assert sorted(listed) == sorted(f"/articles/{slug}/" for slug in glaser["articles"])
    first, second = (soup_of(big_site, p) for p in paths)
    # The profile (affiliations, issues, company kept) is the first page's; later pages carry the list.
    assert "Appears beside" in first.main.get_text() and "Appears beside" not in second.main.get_text()
    assert second.h1.get_text(strip=True) == "Bonnie Glaser"


def test_every_page_stays_small(big_site):
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < MAX_PAGE_BYTES, (largest, sizes[largest])
    for first in ["articles/", "issues/military-communications/", "experts/bonnie-glaser/"]:
        # A full list page is a small fraction of the limit: the per-page counts leave room for long items.
        assert sizes[first + "index.html"] < MAX_PAGE_BYTES / 3, first


def test_every_internal_link_and_fragment_resolves(big_site):
    assert broken_links(big_site, "/") == []


def test_fragments_into_paginated_pages_name_an_item_on_that_page(big_site):
    # Pagination moves items between pages; a link to one (the map's cells, an expert's issue
    # profile) must point at the page that holds it now.
    ids: dict[str, set[str]] = {}
    for page in big_site.rglob("*.html"):
        for href in set(re.findall(r'href="(/(?:issues|experts|people)/[^"#]*#[^"]+)"', page.read_text(encoding="utf-8"))):
            path, anchor = href.split("#")
            if path not in ids:
                target = big_site / path.strip("/") / "index.html"
                ids[path] = set(re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids[path], (page, href)
    assert ids  # the map and the profiles do link into issue pages


def test_sitemap_lists_every_page_of_every_list(big_site):
    sitemap = (big_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = {loc.split("</loc>")[0] for loc in sitemap.split("<loc>")[1:]}
    for page in big_site.rglob("page/*/index.html"):
        rel = page.parent.relative_to(big_site).as_posix() + "/"
        assert any(loc.endswith("/" + rel) for loc in listed), rel


# --- every list split, on the seed corpus with tiny page sizes ----------------------------------------

@pytest.fixture
def tiny_pages_site(tmp_path, monkeypatch) -> Path:
    for name, value in [("ARTICLES_PER_PAGE", 2), ("PEOPLE_PER_PAGE", 5), ("CARDS_PER_PAGE", 3),
                        ("PERSON_ARTICLES_PER_PAGE", 1), ("SIDE_LIST_LIMIT", 2)]:
        monkeypatch.setattr(pages, name, value)
    out = tmp_path / "_site"
    build_site(out)
    return out


def test_people_lists_split_experts_then_others(tiny_pages_site):
    data = json.loads((tiny_pages_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    people = len(data["experts"]) + len(data["people"])
    paths = list_pages(tiny_pages_site, "experts/")
    assert len(paths) == math.ceil(people / 5)
    check_series(tiny_pages_site, paths)
    experts, others = [], []
    for path in paths:
        soup = soup_of(tiny_pages_site, path)
        experts += [a["href"] for a in soup.select("main tbody th a")]
        others += [a["href"] for a in soup.select("main > ul.inline-list li > a")]
        assert len(soup.select("main tbody th a")) + len(soup.select("main > ul.inline-list li > a")) <= 5
    assert experts == [e["path"] for e in data["experts"]]
    assert others == [p["path"] for p in data["people"]]
    assert len(list_pages(tiny_pages_site, "articles/")) == 3  # 5 articles, 2 a page


def test_side_lists_are_capped_and_said_so(tiny_pages_site):
    glaser = soup_of(tiny_pages_site, "experts/bonnie-glaser/")
    assert len(glaser.select("main .beside li")) == 2
    assert "those sharing the most articles are shown" in glaser.main.get_text()


def test_tiny_pages_site_links_resolve_and_validate(tiny_pages_site):
    assert broken_links(tiny_pages_site, "/") == []
    assert list_pages(tiny_pages_site, "experts/bonnie-glaser/") == ["experts/bonnie-glaser/", "experts/bonnie-glaser/page/2/"]
    from tests.test_validation import validate  # the Nu checker, as the seed site is checked

    result = validate(tiny_pages_site)
    assert result.returncode == 0, result.stdout + result.stderr
