"""Expert, issue and article pages and data/corpus.json, checked against tests/ground_truth.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder.text import slugify

TRUTH = yaml.safe_load((Path(__file__).parent / "ground_truth.yaml").read_text(encoding="utf-8"))
ARTICLE_KEYS = {"slug", "title", "publication", "url", "date", "authors", "kind", "path", "experts", "issues"}
PERSON_KEYS = {"slug", "name", "aliases", "affiliations", "bio", "path", "articles", "issues", "contributions", "quotes"}
ISSUE_KEYS = {"slug", "name", "description", "path", "articles", "experts", "passages"}
PASSAGE_KEYS = {"id", "article", "speaker", "kind", "issues", "text"}


@pytest.fixture(scope="module")
def data(seed_site):
    return json.loads((seed_site / "data" / "corpus.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def slug_of_doc(data):
    """Ground-truth document id ("000") -> article slug."""
    by_source = {a["source"]: a["slug"] for a in data["articles"]}
    return {doc_id: by_source[name] for doc_id, name in TRUTH["documents"].items()}


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_corpus_json_has_the_documented_shape(data):
    assert ARTICLE_KEYS <= set(data["articles"][0])
    for group in ("experts", "people"):
        for person in data[group]:
            assert PERSON_KEYS <= set(person), person["slug"]
    for issue in data["issues"]:
        assert ISSUE_KEYS <= set(issue)
    for passage in data["passages"]:
        assert PASSAGE_KEYS <= set(passage)
    dates = {a["source"]: a["date"] for a in data["articles"]}
    assert dates[TRUTH["documents"]["000"]] == "2023-06-19"
    assert dates[TRUTH["documents"]["002"]] == "2023-06"
    assert dates[TRUTH["documents"]["004"]] is None


def test_corpus_json_cross_references_resolve(data, seed_site):
    articles = {a["slug"] for a in data["articles"]}
    experts = {e["slug"] for e in data["experts"]}
    issues = {i["slug"] for i in data["issues"]}
    people = experts | {p["slug"] for p in data["people"]}
    for article in data["articles"]:
        assert set(article["experts"]) <= experts and set(article["issues"]) <= issues
    for person in data["experts"] + data["people"]:
        assert set(person["articles"]) <= articles and set(person["issues"]) <= issues
    for issue in data["issues"]:
        assert set(issue["articles"]) <= articles and set(issue["experts"]) <= experts
    for passage in data["passages"]:
        assert passage["article"] in articles
        assert passage["speaker"] is None or passage["speaker"] in people
        assert set(passage["issues"]) <= issues
    for item in data["articles"] + data["experts"] + data["people"] + data["issues"]:
        assert (seed_site / item["path"].strip("/") / "index.html").is_file(), item["path"]


def test_experts_in_corpus_json_match_the_ground_truth(data, slug_of_doc):
    found = {e["name"]: sorted(e["articles"]) for e in data["experts"]}
    expected = {name: sorted(slug_of_doc[d] for d in docs) for name, docs in TRUTH["experts"].items()}
    assert found == expected
    assert not {e["name"] for e in data["people"]} & set(TRUTH["experts"])


def test_issue_counts_agree_with_the_passages(data):
    counted: dict[str, int] = {}
    for passage in data["passages"]:
        for slug in passage["issues"]:
            counted[slug] = counted.get(slug, 0) + 1
    for issue in data["issues"]:
        assert issue["passages"] == counted.get(issue["slug"], 0), issue["slug"]


@pytest.mark.parametrize("name", ["Bonnie Glaser", "Evan Medeiros"])
def test_one_page_per_person_across_documents(seed_site, slug_of_doc, name):
    soup = page(seed_site, f"experts/{slugify(name)}")
    assert soup.h1.get_text(strip=True) == name
    linked = {a["href"].strip("/").split("/")[1] for a in soup.select("main ol.said .source a[href^='/articles/']")}
    assert linked == {slug_of_doc["002"], slug_of_doc["003"]}


def test_expert_page_shows_affiliation_issues_and_company(seed_site, data):
    glaser = next(e for e in data["experts"] if e["name"] == "Bonnie Glaser")
    soup = page(seed_site, glaser["path"])
    text = soup.main.get_text(" ", strip=True)
    assert "German Marshall Fund" in text
    issue_links = {a["href"].split("#")[0] for a in soup.select("main ul.issue-bars a")}
    assert issue_links == {f"/issues/{slug}/" for slug in glaser["issues"]}
    beside = {a.get_text(strip=True) for a in soup.select("main .aside-block a[href^='/experts/']")}
    assert {"Evan Medeiros", "Sheena Greitens"} <= beside


def test_expert_page_links_each_quote_to_its_passage(seed_site, data):
    for expert in data["experts"]:
        soup = page(seed_site, expert["path"])
        links = [a["href"] for a in soup.select("main a[href*='#']")]
        assert len(links) >= expert["contributions"] + expert["quotes"] > 0, expert["slug"]
        for href in links:
            path, anchor = href.split("#")
            target = page(seed_site, path)
            assert target.find(id=anchor) is not None, href


def test_issue_page_shows_one_card_per_expert_and_narration_apart(seed_site, data):
    fentanyl = next(i for i in data["issues"] if i["slug"] == "fentanyl")
    soup = page(seed_site, fentanyl["path"])
    sources = {a["href"].split("#")[0].strip("/").split("/")[1] for a in soup.select("main .voice .credit a")}
    assert sources == set(fentanyl["articles"])
    assert len(soup.select("main .voice li[data-year]")) == fentanyl["passages"]
    names = {e["slug"]: e["name"] for e in data["experts"]}
    cards = [a.get_text(strip=True) for a in soup.select("main ol.who-said > li.voice > h3 a")
             if not a.find_parent("details")]
    assert sorted(cards) == sorted(names[slug] for slug in fentanyl["experts"])  # one card each
    # Reporters' narration and officials are kept apart, in a group a reader opens.
    apart = soup.select("main details.others li.voice")
    assert apart and all(not v.select("h3 a[href^='/experts/']") for v in apart)


def test_article_pages_link_every_expert_and_tag_passages(seed_site, data):
    names = {e["slug"]: e["name"] for e in data["experts"]}
    tagged = {p["id"]: set(p["issues"]) for p in data["passages"]}
    for article in data["articles"]:
        soup = page(seed_site, article["path"])
        linked = {a["href"] for a in soup.select("main a[href^='/experts/']")}
        assert linked == {f"/experts/{slug}/" for slug in article["experts"]}, article["slug"]
        for slug in article["experts"]:
            assert any(a.get_text(strip=True) for a in soup.select(f"main a[href='/experts/{slug}/']")), names[slug]
        for div in soup.select("main div.passage"):
            tags = {a["href"].strip("/").split("/")[1] for a in div.select("a.tag")}
            assert tags == tagged[f"{article['slug']}#{div['id']}"]


def test_lists_count_what_the_pages_show(seed_site, data):
    rows = page(seed_site, "experts").select("main tbody tr")
    assert len(rows) == len(data["experts"]) == len(TRUTH["experts"])
    issues = page(seed_site, "issues").select("main a[href^='/issues/']")
    assert {a["href"] for a in issues} >= {i["path"] for i in data["issues"]}
