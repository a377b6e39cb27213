"""Accessibility in a real browser: axe-core finds no serious or critical violation (text
contrast included) on each kind of page, in the light and the dark colour scheme, and
keyboard focus is visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PAGES = {
    "home": "",
    "article": "articles/china-isnt-buying-bidens-balancing-act/",
    "roundup": "articles/experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw/",
    "conversation": "articles/whats-at-stake-as-antony-blinken-heads-to-beijing/",
    "expert": "experts/bonnie-glaser/",
    "issue": "issues/fentanyl/",
    "experts": "experts/",
    "issues": "issues/",
    "search": "search/?q=fentanyl",
    "qa": "articles/blinkens-china-trip-shows-both-sides-want-to-stabilize-ties/",
    "map": "map/",
    "timeline": "timeline/",
    "about": "about/",
    "404": "404.html",
}


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | '));
    }""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page: Page, site_url, name, scheme):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_url + PAGES[name])
    assert response is not None and response.ok, name
    if name == "search":
        page.wait_for_selector("#search[data-state='done']")
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible(page: Page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGES["article"])
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    for _ in range(4):
        style = page.evaluate("""() => {
            const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor];
        }""")
        assert style[0] != "none" and style[1] >= 2, style
        page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    page.goto(site_url + PAGES["article"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link moves focus to the main content
    assert page.evaluate("document.activeElement.id") == "main"
