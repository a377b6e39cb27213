"""What a reader sees on the seed site: article contents lists, human labels and no builder
debris, expert pages that say who said what when and where, issue pages as cards, the
expert x issue map, the timeline and the About page. Facts about the seed documents were
read off the documents by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.urls import unwrap_redirect

ROUNDUP = "articles/experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw/"
QA = "articles/blinkens-china-trip-shows-both-sides-want-to-stabilize-ties/"
NEWS = "articles/us-china-tensions-blinken-launches-high-stakes-talks/"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def page(site: Path, path: str) -> BeautifulSoup:
    file = site / path if path.endswith(".html") else site / path / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def resolves(site: Path, href: str) -> bool:
    """An internal link leads to a page, and its fragment (if any) to an element of that page."""
    path, _, anchor = href.partition("#")
    file = site / path.strip("/") / "index.html" if not path.endswith((".html", ".json")) else site / path.strip("/")
    if not file.is_file():
        return False
    return not anchor or page(site, path.strip("/")).find(id=anchor) is not None


def test_a_roundup_lists_its_contributors_in_order(seed_site):
    soup = page(seed_site, ROUNDUP)
    assert soup.select_one("main .kind").get_text(strip=True) == "Experts react"
    names = [a.get_text(strip=True) for a in soup.select("main nav.contents-wide li > a")]
    assert names == ["Markus Garlauskas", "John K. Culver", "Matthew Kroenig", "Dexter Tiff Roberts",
                     "Emma Verges", "Thomas Cynkin", "Parker Novak"]
    for a in soup.select("main nav.contents-wide a, main details.contents-phone a"):
        assert soup.find(id=a["href"][1:]) is not None, a["href"]


def test_a_qa_lists_its_questions(seed_site):
    soup = page(seed_site, QA)
    assert soup.select_one("main .kind").get_text(strip=True) == "Q&A"
    questions = [a.get_text(strip=True) for a in soup.select("main nav.contents-wide li > a")]
    assert questions == ["What was expected for Blinken\u2019s visit to Beijing and did it deliver?",
                         "What does Blinken\u2019s visit signal about the U.S. approach to China?",
                         "What does Blinken\u2019s visit mean for U.S.-China relations?"]


def test_a_news_story_has_no_contents_list(seed_site):
    soup = page(seed_site, NEWS)
    assert soup.select_one("main .kind").get_text(strip=True) == "News"
    assert not soup.select("main nav.contents-wide, main details.contents-phone")


def test_no_builder_debris_on_any_article(seed_site):
    for file in sorted((seed_site / "articles").glob("*/index.html")):
        text = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").main.get_text(" ", strip=True)
        assert "Source file" not in text and ".txt" not in text, file
        assert "Photo captions" not in text, file
        assert not re.search(r"\b(QA|CONVERSATION|ROUNDUP)\b", text), file


def test_article_issue_chips_are_its_main_issues_only(seed_site):
    import json

    data = json.loads((seed_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    for article in data["articles"]:
        soup = page(seed_site, article["path"].strip("/"))
        chips = [a["href"].strip("/").split("/")[-1] for a in soup.select("main header ul.tags a")]
        assert chips == article["issues"] and len(chips) <= 5, article["slug"]


def test_more_from_this_expert_and_also_on_this_issue_link_other_articles(seed_site):
    soup = page(seed_site, "articles/whats-at-stake-as-antony-blinken-heads-to-beijing/")
    related = soup.select_one("main aside.related")
    headings = [h.get_text(" ", strip=True) for h in related.select("h3")]
    # Bonnie Glaser writes here and is quoted in the Foreign Policy piece.
    assert "More from Bonnie Glaser" in headings
    glaser = related.find("a", string="Bonnie Glaser").find_parent("h3").find_next_sibling("ul")
    assert [a.get_text(strip=True) for a in glaser.select("a")] == ["China Isn't Buying Biden's Balancing Act"]
    assert any(h.startswith("Also on ") for h in headings)
    for a in related.select("a"):
        assert resolves(seed_site, a["href"]), a["href"]
        assert "whats-at-stake" not in a["href"]  # never the article itself


def test_expert_page_dates_and_sources_everything_newest_first(seed_site):
    soup = page(seed_site, "experts/bonnie-glaser/")
    items = soup.select("main ol.said > li")
    sources = [li.select_one(".source cite").get_text(strip=True) for li in items]
    # ChinaFile, June 16, 2023 is newer than Foreign Policy's June 2023 (no day): a known day sorts first.
    assert sources == ["What\u2019s at Stake as Antony Blinken Heads to Beijing", "China Isn't Buying Biden's Balancing Act"]
    assert re.search(r"chinafile\.com, June 16, 2023", items[0].select_one(".source").get_text(" ", strip=True))
    credits = [c.get_text(" ", strip=True) for c in items[1].select(".credit")]
    assert credits and all(c.startswith("Quoted in Foreign Policy, June 2023") for c in credits)
    first_lines = items[0].select(".first-lines")
    assert first_lines and all(len(p.get_text(strip=True)) > 40 for p in first_lines)
    for a in soup.select("main ol.said a[href*='#']"):
        assert resolves(seed_site, a["href"]), a["href"]


def test_every_expert_page_shows_what_was_said_not_a_bare_link(seed_site):
    for file in sorted((seed_site / "experts").glob("*/index.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for li in soup.select("main ol.said > li"):
            said = li.select(".first-lines, blockquote")
            assert said and all(s.get_text(strip=True) for s in said), file.parent.name
            assert re.search(rf"({MONTHS}|date unknown|\b\d{{4}}\b)", li.select_one(".source").get_text()), file.parent.name


def test_issue_cards_are_newest_first_and_each_passage_is_dated_and_sourced(seed_site):
    soup = page(seed_site, "issues/taiwan/")
    for voice in soup.select("main .voice"):
        for li in voice.select("ol > li"):
            credit = li.select_one(".credit").get_text("", strip=False).strip()
            title = li.select_one(".credit a").get_text(" ", strip=True)
            assert re.fullmatch(rf"{re.escape(title)}(, .+)?, (({MONTHS}) \d{{4}}|\d{{4}}|date unknown)", credit), credit
            assert resolves(seed_site, li.select_one(".credit a")["href"])
    firsts = [v.select_one("li[data-year]")["data-year"] for v in soup.select("main > article > ol.who-said > li.voice")]
    years = [int(y) for y in firsts if y]
    assert years == sorted(years, reverse=True) and years[0] == 2024  # the USIP Q&A of April 2024 leads
    assert "" not in firsts[: len(years)]  # an expert whose newest word is undated comes after every dated one


def test_issue_filter_offers_this_pages_experts_publications_and_years(seed_site):
    soup = page(seed_site, "issues/taiwan/")
    form = soup.select_one("form#issue-filters")
    assert form.has_attr("hidden")  # shown by filter.js: without JavaScript nothing promises a filter
    experts = {o.get_text(strip=True) for o in form.select("select[name=expert] option") if o["value"]}
    cards = {a.get_text(strip=True) for a in soup.select("main > article > ol.who-said h3 a")}
    assert experts == cards
    years = [o["value"] for o in form.select("select[name=year] option") if o["value"]]
    assert years == ["2024", "2023"]
    publications = {o["value"] for o in form.select("select[name=publication] option") if o["value"]}
    assert {"Foreign Policy", "Atlantic Council"} <= publications


def test_map_cells_link_to_the_experts_cards(seed_site):
    soup = page(seed_site, "map/")
    table = soup.select_one("main table.map")
    assert table.select_one("caption") and table.select("thead th[scope=col]")
    cells = table.select("tbody td a")
    assert len(cells) > 20
    for a in cells:
        path, anchor = a["href"].split("#")
        target = page(seed_site, path.strip("/"))
        card = target.find(id=anchor)
        assert card is not None and "voice" in card["class"], a["href"]
        assert len(card.select("ol > li")) == int(a.get_text()), a["href"]  # the count is what the card holds
    # Rows go by how much an expert said: the first row says the most.
    totals = [sum(int(a.get_text()) for a in row.select("td a")) for row in table.select("tbody tr")]
    assert totals == sorted(totals, reverse=True)


def test_timeline_is_newest_first_by_year(seed_site):
    soup = page(seed_site, "timeline/")
    assert [h.get_text(" ", strip=True).split()[0] for h in soup.select("main h2.year")] == ["2024", "2023"]
    dates = [t["datetime"] for t in soup.select("main ol.timeline time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4  # the AP story has no date
    assert "1 undated article is" in soup.main.get_text(" ", strip=True)


def test_about_page_explains_extraction_and_corrections(seed_site):
    text = page(seed_site, "about/").main.get_text(" ", strip=True)
    for words in ("extracted automatically", "experts.yaml", "site-builder check", "corpus.json"):
        assert words in text


@pytest.mark.parametrize("wrapped, target", [
    ("https://www.google.com/url?q=https%3A%2F%2Fwww.cfr.org%2Fx%3Fa%3D1&sa=D", "https://www.cfr.org/x?a=1"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.csis.org%2Fanalysis&h=AT0", "https://www.csis.org/analysis"),
    ("https://urldefense.com/v3/__https://www.state.gov/briefings/__;!!ABC$", "https://www.state.gov/briefings/"),
    ("https://click.example.net/r/https%3A%2F%2Fnews.example.org%2Fa", "https://news.example.org/a"),
    # Nested: a mail filter's redirect around a newsletter's.
    ("https://www.google.com/url?q=https%3A%2F%2Ftrack.example%2Fc%3Furl%3Dhttps%253A%252F%252Fwww.rand.org%252F",
     "https://www.rand.org/"),
])
def test_tracking_redirects_are_unwrapped_where_the_url_says_the_target(wrapped, target):
    assert unwrap_redirect(wrapped) == target


@pytest.mark.parametrize("url", [
    "https://events.tracker.example/api/o/v1/click/648a7c/fff1a4/665345",  # opaque: nothing to unwrap
    "https://www.example.org/search?q=taiwan",  # a query that is not an address
    "https://track.example/redirect?url=javascript:alert(1)",  # never a script as the target
])
def test_links_that_do_not_say_their_target_are_left_alone(url):
    assert unwrap_redirect(url) == url


def test_a_document_link_through_a_redirect_reaches_the_page_unwrapped(tmp_path):
    from site_builder.build import Options, build
    from tests.conftest import config_only

    content = config_only(tmp_path)
    (content / "note.md").write_text(
        "---\ntitle: A note\ndate: 2024-01-02\n---\n\nSee [the report]"
        "(https://www.google.com/url?q=https%3A%2F%2Fwww.cfr.org%2Freport&sa=D) on Taiwan.\n", encoding="utf-8")
    build(Options(content=content, out=tmp_path / "site"))
    soup = page(tmp_path / "site", "articles/a-note")
    assert [a["href"] for a in soup.select("main .passage > p:first-child a")] == ["https://www.cfr.org/report"]


def test_every_page_weighs_under_100_kb_with_its_css_and_scripts(seed_site):
    """A page's own HTML, stylesheets and scripts (search data, fetched on demand, aside)."""
    heaviest = (0, "")
    for file in sorted(seed_site.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assets = [tag.get("href") for tag in soup.select("link[rel=stylesheet]")] + \
                 [tag.get("src") for tag in soup.select("script[src]")]
        total = file.stat().st_size + sum((seed_site / a.split("?")[0].lstrip("/")).stat().st_size for a in assets)
        heaviest = max(heaviest, (total, file.relative_to(seed_site).as_posix()))
    assert heaviest[0] < 100_000, heaviest
