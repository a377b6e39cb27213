"""The hostile corpus in a real browser: no document script runs, no dialog opens, and no
attribute anywhere in the live DOM holds a javascript:, data: or vbscript: URL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page

from site_builder.build import Options, build
from tests.browser.conftest import serve
from tests.conftest import config_only

pytestmark = pytest.mark.browser

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad"
HOSTILE = ["hostile.html", "markup-in-metadata.md", "javascript-url.md", "tab-in-scheme.md",
           "data-url-sidecar.txt", "data-url-sidecar.meta.yaml"]

# Every attribute of every element (and of the elements inside templates), read in the page.
DANGEROUS_ATTRIBUTES = """() => {
    const bad = [];
    const scan = root => root.querySelectorAll('*').forEach(el => {
        for (const a of el.attributes) {
            const v = a.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
            if (/^(javascript|data|vbscript):/.test(v) || a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name + '=' + a.value);
        }
        if (el.content instanceof DocumentFragment) scan(el.content);
    });
    scan(document);
    return bad;
}"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser")
    content = config_only(root)
    for name in HOSTILE:
        shutil.copy(BAD / name, content / name)
    (content / "hostile-markdown.md").write_text(
        "---\ntitle: Markdown with raw HTML\nurl: ' javascript:alert(2)'\n---\n\n"
        "Intro with <span onclick=\"alert(1)\">a span</span> and [a link](javascript:alert(1)).\n\n"
        "<q cite=\"javascript:alert(3)\">quoted</q> <img src=x onerror=alert(4)>\n\n"
        "<div><script>alert('block')</script><iframe src=\"https://evil.example\"></iframe>Block text</div>\n",
        encoding="utf-8")
    out = root / "_site"
    build(Options(content=content, out=out))
    server, url = serve(out, "/")
    yield url, sorted(p.parent.relative_to(out).as_posix() + "/" for p in (out / "articles").glob("*/index.html"))
    server.shutdown()
    server.server_close()


def test_no_document_script_runs_and_no_dangerous_url_reaches_the_dom(page: Page, hostile_url):
    url, articles = hostile_url
    assert len(articles) == 6
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["", "articles/", "experts/", "search/?q=alert", *articles]:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(DANGEROUS_ATTRIBUTES) == [], path
        scripts = page.evaluate("() => [...document.scripts].map(s => s.src || s.type || s.text.trim().slice(0, 30))")
        # Only the site's own: JSON-LD data, files under static/, and base.html's one inline script.
        assert all(s == "application/ld+json" or s.startswith(url + "static/") or s == "/* Warm the search files on th"
                   for s in scripts), (path, scripts)
        for link in page.locator("main a[href]").all():  # every link a reader could click
            href = link.get_attribute("href") or ""
            assert href.startswith(("/", "#", "http://", "https://", "mailto:")), (path, href)
    assert dialogs == []
    assert not [r for r in requests if "evil.example" in r]
