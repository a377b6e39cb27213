"""The Cite block of article pages in a real browser (templates/cite.html as article.html includes
it, static/cite.js): reachable and usable by keyboard, the copy button copies the citation (of
the article, or of the passage the address names), the download links resolve, and without
scripts the citation and links are still there."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from site_builder.build import Options, build
from tests.browser.conftest import serve
from tests.browser.test_accessibility import serious_violations
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

CONVERSATION = "articles/whats-at-stake-as-antony-blinken-heads-to-beijing/"
ROUNDUP = "articles/experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw/"
CONVERSATION_TEXT = ('Medeiros, Evan, Sheena Greitens, and Bonnie S. Glaser. 2023. "What’s at Stake as Antony Blinken '
                     'Heads to Beijing." chinafile.com, June 16, 2023. '
                     'https://www.chinafile.com/conversation/whats-stake-antony-blinken-heads-beijing.')
GLASER_PART = 'Glaser, Bonnie S. 2023. "Contribution." In What’s at Stake as Antony Blinken Heads to Beijing, chinafile.com.'
MEDEIROS_PART = 'Medeiros, Evan. 2023. "Contribution." In What’s at Stake as Antony Blinken Heads to Beijing, chinafile.com.'
CONVERSATION_PREFIX = CONVERSATION_TEXT.rsplit(" https://", 1)[0]
ROUNDUP_PREFIX = ('Atlantic Council. 2023. "Experts react: Blinken makes the rounds in Beijing. Will there be a '
                  'US-China thaw?" June 19, 2023.')


def address(page: Page) -> str:
    """The page's own citable address: its canonical URL (the site's public address when it has
    one, else where it is served)."""
    return page.evaluate("new URL(document.querySelector('link[rel=canonical]').getAttribute('href'), location.href).href")


@pytest.fixture(scope="module")
def addressless_url(tmp_path_factory):
    """The seed site built with no public address in site.yaml, served under /prefix/."""
    content = tmp_path_factory.mktemp("cite-content") / "content"
    shutil.copytree(CONTENT, content)
    site_yaml = content / "site.yaml"
    site_yaml.chmod(0o644)
    site_yaml.write_text(re.sub(r"(?m)^url:.*\n?", "", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path_factory.mktemp("cite-site") / "_site"
    build(Options(content=content, out=out, base_url="/prefix/"))
    server, url = serve(out, "/prefix/")
    yield url
    server.shutdown()
    server.server_close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def clipboard_page(page: Page, site_url) -> Page:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin(site_url))
    return page


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_cite_block_by_keyboard_copies_the_article_citation(clipboard_page: Page, site_url):
    page = clipboard_page
    page.goto(site_url + CONVERSATION)
    tab_to(page, "details.cite > summary")
    expect(page.locator("#cite-copy")).to_be_hidden()  # closed: nothing inside can take focus
    page.keyboard.press("Enter")
    assert page.locator("details.cite").evaluate("d => d.open")
    expect(page.locator("#cite-text")).to_have_text(CONVERSATION_TEXT)
    expect(page.locator("#cite-for")).to_have_text("Citation for this article (Chicago author-date)")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cite-copy"
    page.keyboard.press("Enter")
    expect(page.locator("#cite-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == CONVERSATION_TEXT


def test_a_passage_in_the_address_is_cited_as_part_of_its_contribution(clipboard_page: Page, site_url):
    page = clipboard_page
    page.goto(site_url + CONVERSATION + "#p-17")
    page.locator("details.cite > summary").click()
    expect(page.locator("#cite-for")).to_have_text("Citation for this passage (Chicago author-date)")
    expected = f"{GLASER_PART} {address(page)}#p-17."
    expect(page.locator("#cite-text")).to_have_text(expected)
    expect(page.locator("#cite-in-text")).to_have_text("(Glaser 2023)")
    page.locator("#cite-copy").click()
    expect(page.locator("#cite-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_following_permalinks_changes_what_is_cited(page: Page, site_url):
    page.goto(site_url + CONVERSATION)
    here = address(page)
    page.locator("a.permalink[href='#p-2']").click()
    expect(page.locator("#cite-text")).to_have_text(f"{MEDEIROS_PART} {here}#p-2.")
    page.locator("a.permalink[href='#p-1']").click()  # the introduction is no one's contribution
    expect(page.locator("#cite-text")).to_have_text(f"{CONVERSATION_PREFIX} {here}#p-1.")
    expect(page.locator("#cite-in-text")).to_have_text("(Medeiros, Greitens, and Glaser 2023)")
    page.evaluate("location.hash = '#s-bonnie-s-glaser'")
    expect(page.locator("#cite-for")).to_have_text("Citation for this contribution (Chicago author-date)")
    expect(page.locator("#cite-text")).to_have_text(f"{GLASER_PART} {here}#s-bonnie-s-glaser.")
    page.evaluate("location.hash = '#main'")  # an id that is no passage: the article again
    expect(page.locator("#cite-text")).to_have_text(CONVERSATION_TEXT)


def test_a_site_without_a_public_address_still_copies_full_urls(page: Page, addressless_url):
    # The page holds paths ("/prefix/articles/..."): the reader gets URLs that work anywhere.
    page.goto(addressless_url + ROUNDUP)
    assert page.locator("details.cite").evaluate("e => JSON.parse(e.dataset.cite).url") == "/prefix/" + ROUNDUP
    expect(page.locator("#cite-text")).to_have_text(f"{ROUNDUP_PREFIX} {addressless_url}{ROUNDUP}.")
    page.goto(addressless_url + CONVERSATION + "#p-17")
    expect(page.locator("#cite-text")).to_have_text(f"{GLASER_PART} {addressless_url}{CONVERSATION}#p-17.")


def test_copy_falls_back_to_selecting_the_text(page: Page, site_url):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(site_url + CONVERSATION)
    page.locator("details.cite > summary").click()
    page.locator("#cite-copy").click()
    expect(page.locator("#cite-status")).not_to_be_empty()
    assert page.evaluate("window.getSelection().toString()") == CONVERSATION_TEXT


@pytest.mark.parametrize("path", [CONVERSATION, ROUNDUP])
def test_download_links_resolve(page: Page, site_url, path):
    page.goto(site_url + path)
    links = page.locator("details.cite a[download]")
    expect(links).to_have_count(3)
    prefix = urlsplit(site_url).path
    bodies = {}
    for i in range(3):
        link = links.nth(i)
        href = link.get_attribute("href")
        assert href.startswith(prefix + path), href  # under the base URL, beside the page
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200, href
        bodies[link.text_content()] = response.body().decode("utf-8")
    assert bodies["BibTeX"].startswith("@")
    assert bodies["RIS"].startswith("TY  - ")
    assert json.loads(bodies["CSL-JSON"])[0]["title"] == page.locator("h1").inner_text()


def test_open_block_has_no_serious_accessibility_violation(page: Page, site_url):
    page.goto(site_url + CONVERSATION + "#p-17")
    page.locator("details.cite > summary").click()
    expect(page.locator("#cite-copy")).to_be_visible()
    assert serious_violations(page) == []


def test_without_scripts_the_citation_and_links_remain(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + CONVERSATION)
        page.locator("details.cite > summary").click()
        expect(page.locator("#cite-text")).to_have_text(CONVERSATION_TEXT)
        expect(page.locator("#cite-copy")).to_be_hidden()  # it could do nothing
        expect(page.locator("details.cite a[download]")).to_have_count(3)
    finally:
        context.close()
