"""Search in a real browser, at the site root and under /prefix/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
XSS = "<img src=x onerror=alert(1)>"


def search(page: Page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}search/?q={quote(query)}")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")


def test_header_box_search_from_home(page: Page, site_url):
    prefix = urlsplit(site_url).path
    page.goto(site_url)
    page.fill("#site-search", "fentanyl")
    page.press("#site-search", "Enter")
    page.wait_for_url(f"{site_url}search/?q=fentanyl")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")
    expect(page.locator("#site-search")).to_have_value("fentanyl")
    results = page.locator(".search-result")
    assert results.count() >= 4
    expect(page.locator(f'.search-result[data-kind="issue"] a[href="{prefix}issues/fentanyl/"]')).to_have_count(1)
    expect(page.locator("#search-status")).to_contain_text(f"{results.count()} results")
    expect(page.locator(".search-result mark").first).to_have_text("fentanyl", ignore_case=True)


def test_passage_result_opens_the_passage(page: Page, site_url):
    search(page, site_url, "hotline")
    link = page.locator('.search-result[data-kind="article"] .passage-hit a').first
    href = link.get_attribute("href")
    assert href.startswith(urlsplit(site_url).path + "articles/") and "#" in href
    link.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#", 1)[1]
    passage = page.locator(f'[id="{anchor}"]')
    expect(passage).to_contain_text("hotline", ignore_case=True)
    expect(passage).to_be_in_viewport()


@pytest.mark.parametrize("query", [XSS, '"><script>alert(1)</script>'])
def test_query_is_shown_as_text_never_run(page: Page, site_url, query):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    search(page, site_url, query)
    expect(page.locator("#search-status")).to_contain_text(query)
    expect(page.locator("#site-search")).to_have_value(query)
    expect(page.locator("main img, main script")).to_have_count(0)
    page.wait_for_timeout(200)  # an onerror handler would fire by now
    assert dialogs == []


@pytest.mark.parametrize("query", ["title:", '"', "china:", "+", "fent*nyl~"])
def test_lunr_syntax_errors_fall_back_to_words(page: Page, site_url, query):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    search(page, site_url, query)
    expect(page.locator("#search-status")).to_contain_text("\u201c" + query + "\u201d")
    assert errors == []


def test_lunr_field_syntax_still_works(page: Page, site_url):
    search(page, site_url, "title:china")
    expect(page.locator('.search-result[data-kind="article"]').first).to_contain_text("China")
    expect(page.locator('.passage-hit')).to_have_count(0)  # passages have no title
    search(page, site_url, "speaker:glaser")
    expect(page.locator('.passage-hit .passage-context').first).to_contain_text("Glaser", ignore_case=True)


def test_plain_words_recover_from_a_parse_error(page: Page, site_url):
    search(page, site_url, "glaser:")
    expect(page.locator('.search-result[data-kind="expert"]').first).to_contain_text("Glaser")


def test_no_results_message(page: Page, site_url):
    search(page, site_url, "zzqxvj")
    expect(page.locator("#search-status")).to_contain_text("No results for \u201czzqxvj\u201d")
    expect(page.locator(".search-result")).to_have_count(0)


def test_prefix_of_a_word_matches(page: Page, site_url):
    search(page, site_url, "fentan")
    expect(page.locator('.search-result[data-kind="issue"]')).to_have_count(1)


@pytest.mark.parametrize("query", ["Biden's", "Biden\u2019s", "U.S.-China"])
def test_punctuated_words_match_as_written(page: Page, site_url, query):
    search(page, site_url, query)
    assert page.locator(".search-result").count() > 0


def test_arrow_keys_move_through_results(page: Page, site_url):
    search(page, site_url, "Glaser")
    links = page.locator(".search-result h3 a")
    page.focus("#site-search")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#site-search")).to_be_focused()
    page.keyboard.press("Tab")  # the Search button, then the filters by kind, then the results
    page.keyboard.press("Tab")
    chips = page.locator(".search-filters button")
    expect(chips.nth(0)).to_be_focused()
    for _ in range(chips.count()):
        page.keyboard.press("Tab")
    expect(links.nth(0)).to_be_focused()
    outline = links.nth(0).evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline != "none"


def test_index_is_fetched_on_first_focus_not_on_page_view(page: Page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/search/" in u or "lunr" in u]
    # templates/base.html warms lunr, search.js and (until it names the manifest) the old index names.
    with page.expect_request(lambda request: "vendor/lunr.min.js" in request.url):
        page.focus("#site-search")


def test_empty_query_invites_a_search(page: Page, site_url):
    page.goto(f"{site_url}search/")
    expect(page.locator("#search-status")).to_contain_text("search box")
    expect(page.locator("#site-search")).to_be_focused()


def test_results_page_has_no_serious_accessibility_violations(page: Page, site_url):
    search(page, site_url, "fentanyl")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document.querySelector('#search'));
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    assert violations == []
