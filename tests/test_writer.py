"""The writer changes only what changed, removes what the site no longer has, and finishes a
commit that a killed build left half done."""

from __future__ import annotations

import json
import os
import shutil

from site_builder.build import Options, build
from site_builder.errors import Reporter
from site_builder.writer import SiteWriter, recover
from tests.conftest import tree_bytes


def test_a_rebuild_touches_only_the_files_that_changed(tmp_path, content_copy):
    out = tmp_path / "_site"
    build(Options(content=content_copy, out=out), Reporter(quiet=True))
    before = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    edited = next(content_copy.glob("foreign-policy-*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA closing line about the crisis hotline.\n", encoding="utf-8")
    build(Options(content=content_copy, out=out), Reporter(quiet=True))
    after = {p: p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert set(before) == set(after)
    replaced = {p.relative_to(out).as_posix() for p in after if after[p] != before[p]}
    article = "articles/china-isnt-buying-bidens-balancing-act/index.html"
    assert article in replaced and "data/corpus.json" in replaced
    assert "static/style.css" not in replaced and "404.html" not in replaced
    assert len(replaced) < len(after) // 2


def test_a_deleted_document_takes_its_page_and_empty_folder_with_it(tmp_path, content_copy):
    out = tmp_path / "_site"
    build(Options(content=content_copy, out=out), Reporter(quiet=True))
    page = out / "articles" / "us-china-tensions-blinken-launches-high-stakes-talks"
    assert (page / "index.html").is_file()
    (content_copy / "blinken-launches-high-stakes-talks.txt").unlink()
    build(Options(content=content_copy, out=out), Reporter(quiet=True))
    assert not page.exists()
    fresh = tmp_path / "fresh"
    build(Options(content=content_copy, out=fresh), Reporter(quiet=True))
    assert tree_bytes(out) == tree_bytes(fresh)


def test_a_commit_killed_half_way_is_finished_by_the_next_build(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / ".nojekyll").write_text("")
    (out / "old.html").write_text("old")
    (out / "keep.html").write_text("keep")
    writer = SiteWriter(out)
    writer.write(".nojekyll", "")
    writer.write("keep.html", "keep")
    writer.write("new/index.html", "new")
    writer.write("changed.html", "changed")
    # What commit() does, stopped after the journal and one move, as a kill would leave it.
    plan = {"stage": str(writer.tmp), "moves": sorted(writer._staged), "deletions": ["old.html"]}
    journal = out.parent / "._site.journal"
    journal.write_text(json.dumps(plan))
    os.replace(writer.tmp / "changed.html", out / "changed.html")
    assert recover(out)
    assert not journal.exists() and not writer.tmp.exists()
    assert {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()} == {
        ".nojekyll": "", "keep.html": "keep", "new/index.html": "new", "changed.html": "changed"}


def test_a_failed_build_leaves_no_trace_in_the_output(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    (out / ".nojekyll").write_text("")
    (out / "page.html").write_text("before")
    before = tree_bytes(out)
    writer = SiteWriter(out)
    writer.write("page.html", "after")
    writer.abort()
    assert tree_bytes(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("._site.")]
    shutil.rmtree(out)
