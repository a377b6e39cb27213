"""The brand from site.yaml: an accent colour that keeps links readable, and a logo beside the title."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.build import Options, build
from site_builder.config import contrast
from site_builder.errors import BuildError
from tests.conftest import CONTENT

LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#7a1f2b"/></svg>'


def content_with(tmp_path: Path, settings: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Example Institute\n" + settings, encoding="utf-8")
    (content / "issues.yaml").write_bytes((CONTENT / "issues.yaml").read_bytes())
    (content / "note.md").write_text("---\ntitle: A note\ndate: 2024-01-02\n---\n\nOn Taiwan.\n", encoding="utf-8")
    return content


def test_accent_and_logo_reach_every_page(tmp_path):
    content = content_with(tmp_path, "accent: '#7A1F2B'\nlogo: brand-mark.svg\n")
    (content / "brand-mark.svg").write_bytes(LOGO)
    build(Options(content=content, out=tmp_path / "site", base_url="/repo/"))
    assert (tmp_path / "site" / "brand" / "brand-mark.svg").read_bytes() == LOGO
    for page in ("index.html", "articles/a-note/index.html", "map/index.html"):
        soup = BeautifulSoup((tmp_path / "site" / page).read_text(encoding="utf-8"), "html.parser")
        assert "--accent: #7a1f2b;" in soup.head.style.get_text()
        logo = soup.select_one("header .site-title img")
        assert logo["src"] == "/repo/brand/brand-mark.svg" and logo["alt"] == ""  # the title beside it names it


@pytest.mark.parametrize("settings, message", [
    ("accent: '#9ecbff'\n", "too light to read as link text: contrast 1.6:1"),
    ("accent: 'red; } body { display: none'\n", "'accent' must be a colour written #rgb or #rrggbb"),
    ("logo: ../outside.svg\n", "'logo' must be a file inside the content folder"),
    ("logo: missing.svg\n", "'logo' file not found: missing.svg"),
    ("logo: site.yaml\n", "'logo' must be an image"),
])
def test_a_bad_brand_setting_is_refused_with_its_reason(tmp_path, settings, message):
    content = content_with(tmp_path, settings)
    (tmp_path / "outside.svg").write_bytes(LOGO)
    with pytest.raises(BuildError, match="site.yaml: .*" + message.replace("(", r"\(").replace(")", r"\)")):
        build(Options(content=content, out=tmp_path / "site"))
    assert not (tmp_path / "site").exists()


def test_contrast_is_wcags_ratio():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((0x1D, 0x4E, 0x89), (0xFD, 0xFC, 0xFA)), 1) == 8.2  # the default navy on the page, worked out by hand
