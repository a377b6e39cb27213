"""The whole build: pages, links, determinism, atomicity, output safety."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.build import Options, build
from site_builder.errors import BuildError
from tests.conftest import CONTENT, ROOT, build_site, tree_bytes
from tests.sitecheck import broken_links

FURNITURE = [
    "Click to jump to an expert analysis", "Further reading", "Related Experts:", "Image:",
    "About the author", "Leave a Comment", "The views expressed in this publication",
    "PUBLICATION TYPE", "PHOTO:", "China Economy & Business Politics & Diplomacy",
]
CAPTION_CREDITS = ["(Doug Mills/The New York Times)", "LEAH MILLIS/POOL/AFP VIA GETTY IMAGES"]


def article_pages(site: Path) -> list[Path]:
    return sorted((site / "articles").glob("*/index.html"))


def test_expected_pages_exist(seed_site):
    for rel in ["index.html", "articles/index.html", "experts/index.html", "issues/index.html",
                "search/index.html", "404.html", "data/corpus.json", ".nojekyll", "static/style.css"]:
        assert (seed_site / rel).is_file(), rel
    assert len(article_pages(seed_site)) == 5


def test_article_pages_have_no_furniture_in_the_body(seed_site):
    for page in article_pages(seed_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = " ".join(p.get_text(" ") for p in soup.select(".passage, .section h2"))
        assert body.strip(), page
        for string in FURNITURE + CAPTION_CREDITS:
            assert string not in body, f"{string!r} in the body of {page}"


def test_article_page_reading_view(seed_site):
    page = seed_site / "articles" / "china-isnt-buying-bidens-balancing-act" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == "China Isn't Buying Biden's Balancing Act"
    meta = soup.select_one(".meta").get_text(" ", strip=True)
    assert "Foreign Policy" in meta and "June 2023" in meta
    assert "Robbie Gramer" in meta and "Christina Lu" in meta
    assert len(soup.select(".passage")) >= 15
    assert len(soup.find_all("h1")) == 1


def test_unknown_publication_and_date_are_said_not_invented(seed_site):
    page = seed_site / "articles" / "us-china-tensions-blinken-launches-high-stakes-talks" / "index.html"
    meta = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".meta").get_text(" ", strip=True)
    assert "Publication unknown" in meta and "Date unknown" in meta


def test_sections_are_headed_and_linkable(seed_site):
    roundup = next(p for p in article_pages(seed_site) if "experts-react" in str(p))
    soup = BeautifulSoup(roundup.read_text(encoding="utf-8"), "html.parser")
    sections = soup.select("section.section-contribution")
    assert len(sections) == 7
    for section in sections:
        assert section["id"] and section.h2.a["href"] == "#" + section["id"]
        assert section.select_one(".speaker a")["href"].startswith("/experts/")


def test_every_internal_link_resolves(seed_site):
    assert broken_links(seed_site, "/") == []


def test_every_internal_link_resolves_under_a_prefix(prefixed_site):
    assert broken_links(prefixed_site, "/some/prefix/") == []
    home = (prefixed_site / "index.html").read_text(encoding="utf-8")
    assert 'href="/some/prefix/articles/"' in home


def test_two_builds_are_byte_identical(seed_site, tmp_path):
    again = tmp_path / "again"
    build_site(again)
    left = sorted(p.relative_to(seed_site) for p in seed_site.rglob("*") if p.is_file())
    right = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(seed_site, again, [str(p) for p in left], shallow=False)
    assert mismatch == [] and errors == []


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "_site"
    build_site(out)
    before = tree_bytes(out)
    templates = tmp_path / "templates"
    templates.mkdir()
    for template in (ROOT / "templates").iterdir():
        (templates / template.name).write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    (templates / "person.html").write_text("{% extends 'base.html' %}{% block content %}{{ no_such_variable }}{% endblock %}")
    with pytest.raises(Exception):
        build(Options(content=CONTENT, out=out, templates=templates))
    after = tree_bytes(out)
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("._site")] == []


@pytest.mark.parametrize("bad_out", ["content", ".", "/", "~"])
def test_refuses_dangerous_output_folders(bad_out, tmp_path):
    out = Path(bad_out).expanduser() if bad_out != "content" else CONTENT
    if bad_out == ".":
        out = ROOT
    with pytest.raises(BuildError, match="refusing"):
        build(Options(content=CONTENT, out=out))


def test_refuses_an_ancestor_of_the_content_folder(tmp_path):
    content = tmp_path / "project" / "site" / "content"
    shutil.copytree(CONTENT, content)
    for out in (tmp_path / "project", tmp_path / "project" / "site"):
        with pytest.raises(BuildError, match="it contains the content folder"):
            build(Options(content=content, out=out))
    assert (content / "site.yaml").is_file()


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("someone's notes", encoding="utf-8")
    with pytest.raises(BuildError, match="not empty and holds no site built by site_builder"):
        build(Options(content=CONTENT, out=out))
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="it is a file"):
        build(Options(content=CONTENT, out=tmp_path / "file"))
    build(Options(content=CONTENT, out=tmp_path / "empty-is-fine"))
    build(Options(content=CONTENT, out=tmp_path / "empty-is-fine"))  # and its own output is replaced


def test_cli_build_prints_one_summary_line(tmp_path):
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "site_builder", "build", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("read 5 documents"), proc.stdout
    assert (out / "index.html").is_file()
    sizes = next(line for line in proc.stderr.splitlines() if line.startswith("search: "))
    assert "manifest.json" in sizes and (out / "search" / "manifest.json").is_file()
    for kind in ("shards", "store"):
        assert kind in sizes and any((out / "search" / kind).iterdir())
    assert "gzip" in sizes


def test_cli_reports_config_errors_and_exits_non_zero(content_copy, tmp_path):
    (content_copy / "site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "site_builder", "build", "--content", str(content_copy),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "site.yaml" in proc.stderr and "previous output is unchanged" in proc.stderr
    assert not (tmp_path / "out").exists()
