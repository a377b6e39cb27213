"""The reader's site in Chromium: contents lists, issue filters, the map, search as you type and
filters by kind, the phone layout and the print stylesheet, each reachable by keyboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROUNDUP = "articles/experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw/"
NEWS = "articles/china-isnt-buying-bidens-balancing-act/"


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus: reachable by keyboard alone."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{selector} not reached by {limit} presses of Tab")


def test_contents_list_jumps_to_a_contributor(page: Page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + ROUNDUP)
    tab_to(page, "nav.contents-wide a:text('Emma Verges')")
    page.keyboard.press("Enter")
    anchor = urlsplit(page.url).fragment
    assert anchor
    expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()
    expect(page.locator(f'[id="{anchor}"] .speaker')).to_have_text("Emma Verges")


def test_on_a_phone_the_text_starts_above_the_fold_and_contents_fold_away(page: Page, site_url):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site_url + NEWS)
    first = page.locator(".passage").first.bounding_box()
    assert first is not None and first["y"] < 740, first
    page.goto(site_url + ROUNDUP)
    expect(page.locator("nav.contents-wide")).to_be_hidden()
    details = page.locator("details.contents-phone")
    tab_to(page, "details.contents-phone summary")
    page.keyboard.press("Enter")
    expect(details.locator("a").first).to_be_visible()


def test_issue_filter_by_year_and_back(page: Page, site_url):
    page.goto(site_url + "issues/taiwan/")
    passages = page.locator("main > article > ol.who-said li[data-year]")
    total = passages.count()
    from_2024 = page.locator("main > article > ol.who-said li[data-year='2024']").count()
    assert 0 < from_2024 < total
    tab_to(page, "#issue-filters select[name=year]")
    page.select_option("#issue-filters select[name=year]", "2023")
    expect(page.locator("main > article > ol.who-said li[data-year='2024']").first).to_be_hidden()
    expect(page.locator("#filter-status")).to_contain_text(f"of {total + page.locator('details.others li[data-year]').count()} passages")
    page.click("#issue-filters button[type=reset]")
    expect(page.locator("main > article > ol.who-said li[data-year='2024']").first).to_be_visible()


def test_issue_filter_by_expert_leaves_one_card(page: Page, site_url):
    page.goto(site_url + "issues/taiwan/")
    option = page.locator("#issue-filters select[name=expert] option").nth(1)
    value, name = option.get_attribute("value"), option.inner_text()
    page.select_option("#issue-filters select[name=expert]", value)
    visible = page.locator("main > article > ol.who-said > li.voice:visible h3")
    expect(visible).to_have_count(1)
    expect(visible).to_have_text(name)


def test_a_map_cell_opens_the_experts_card(page: Page, site_url):
    page.goto(site_url + "map/")
    cell = page.locator("table.map tbody td a").first
    label = cell.get_attribute("aria-label")
    count = int(cell.inner_text())
    cell.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    card = page.locator(".voice:target")
    expect(card).to_have_count(1)
    expect(card.locator("ol > li")).to_have_count(count)
    assert card.locator("h3").inner_text() in label


def test_search_as_you_type_and_filter_by_kind(page: Page, site_url):
    page.goto(site_url + "search/")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")
    page.locator("#site-search").press_sequentially("glaser", delay=40)  # no Enter
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.locator("#search-status")).to_contain_text("for \u201cglaser\u201d")
    assert "q=glaser" in page.url
    # Each hit once: passages sit under their article, never as results of their own.
    expect(page.locator('.search-result[data-kind="passage"]')).to_have_count(0)
    tab_to(page, ".search-filters button[data-kind=expert]")
    page.keyboard.press("Enter")
    expect(page.locator('.search-group[data-kind="article"]')).to_be_hidden()
    expect(page.locator('.search-group[data-kind="expert"]')).to_be_visible()
    expect(page.locator(".search-filters button[data-kind=expert]")).to_have_attribute("aria-pressed", "true")
    assert "kind=expert" in page.url


def test_search_results_date_like_the_pages(page: Page, site_url):
    page.goto(site_url + "search/?q=balancing")
    expect(page.locator("#search")).to_have_attribute("data-state", "done")
    kind = page.locator('.search-result[data-kind="article"] .kind').first
    expect(kind).to_contain_text("June 2023")  # Foreign Policy's piece, dated to the month


def test_print_hides_the_furniture(page: Page, site_url):
    page.goto(site_url + ROUNDUP)
    page.emulate_media(media="print")
    for selector in (".site-header nav", ".search-form", ".site-footer", ".article-aside"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
