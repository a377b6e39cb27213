"""Rebuilds with a cache: only what changed is re-read and re-rendered, and the output is the
same, byte for byte, as a fresh build of the same content."""

from __future__ import annotations

import filecmp
import os
import sys
from pathlib import Path

from site_builder.build import BuildCache, Options, build
from site_builder.errors import Reporter
from tests.conftest import CONTENT, config_only

HAND_WRITTEN = """---
title: A hand-written note on the hotline
date: 2024-05-02
publication: Example Institute
---

An opening paragraph on the crisis hotline and Taiwan.

## Jane Roe

Jane Roe is a senior fellow at the Example Institute.

The military-to-military channel matters most.
"""


def assert_same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, files_a, shallow=False)
    assert not mismatch and not errors, mismatch[:5]


def rebuild_and_compare(content: Path, tmp_path: Path, cache: BuildCache, name: str):
    result = build(Options(content=content, out=tmp_path / "live"), Reporter(), cache)
    build(Options(content=content, out=tmp_path / name), Reporter())
    assert_same_tree(tmp_path / "live", tmp_path / name)
    return result


def test_unchanged_content_renders_nothing_again(content_copy, tmp_path):
    cache = BuildCache()
    first = build(Options(content=content_copy, out=tmp_path / "live"), Reporter(), cache)
    assert first.rendered == first.pages
    again = rebuild_and_compare(content_copy, tmp_path, cache, "fresh")
    assert again.rendered == 0 and cache.misses == first.documents


def test_an_edit_re_renders_only_the_pages_that_depend_on_it(content_copy, tmp_path):
    cache = BuildCache()
    build(Options(content=content_copy, out=tmp_path / "live"), Reporter(), cache)
    edited = next(content_copy.glob("foreign-policy-*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA closing line about the crisis hotline.\n",
                      encoding="utf-8")
    result = rebuild_and_compare(content_copy, tmp_path, cache, "fresh")
    assert 0 < result.rendered < result.pages
    article = result.corpus.articles[[a.doc.source for a in result.corpus.articles].index(edited.name)]
    page = (tmp_path / "live" / article.path / "index.html").read_text(encoding="utf-8")
    assert "A closing line about the crisis hotline." in page
    assert cache.misses == result.documents + 1  # the edited document alone was read again


def test_adding_and_removing_documents_matches_a_fresh_build(content_copy, tmp_path):
    cache = BuildCache()
    build(Options(content=content_copy, out=tmp_path / "live"), Reporter(), cache)
    (content_copy / "hand-written.md").write_text(HAND_WRITTEN, encoding="utf-8")
    added = rebuild_and_compare(content_copy, tmp_path, cache, "added")
    assert (tmp_path / "live" / "experts" / "jane-roe" / "index.html").is_file()
    (content_copy / "hand-written.md").unlink()
    removed = rebuild_and_compare(content_copy, tmp_path, cache, "removed")
    assert not (tmp_path / "live" / "experts" / "jane-roe").exists()
    assert removed.pages == added.pages - 2  # its article page and its expert page


def test_identical_files_at_two_paths_are_two_documents(content_copy, tmp_path):
    original = next(content_copy.glob("usip-*.txt"))
    (content_copy / "copy").mkdir()
    (content_copy / "copy" / original.name).write_bytes(original.read_bytes())
    cache = BuildCache()
    result = build(Options(content=content_copy, out=tmp_path / "live"), Reporter(), cache)
    sources = sorted(a.doc.source for a in result.corpus.articles)
    assert f"copy/{original.name}" in sources and original.name in sources
    assert len({a.slug for a in result.corpus.articles}) == len(sources) == 6


RENDERERS: Path | None = None  # where _recording_render notes the processes that rendered


def _recording_render(i: int) -> bytes:
    from site_builder import renderpool

    (RENDERERS / str(os.getpid())).touch()
    renderer, pages = renderpool._state
    return renderpool._render(renderer, pages[i])


def test_reading_in_worker_processes_gives_the_same_site(tmp_path, monkeypatch):
    from site_builder import renderpool

    monkeypatch.setattr(renderpool, "PARALLEL_FROM", 1)  # render in workers too, whatever the page count
    # Other tests of this session may leave a thread behind, which makes the build render in-process;
    # this test is about the workers, so it lets them fork and records which processes rendered.
    monkeypatch.setattr(renderpool, "_can_fork", lambda: True)
    renderers = tmp_path / "renderers"
    renderers.mkdir()
    monkeypatch.setattr(sys.modules[__name__], "RENDERERS", renderers)
    monkeypatch.setattr(renderpool, "_render_index", _recording_render)
    content = config_only(tmp_path)
    documents = sorted(p for p in CONTENT.iterdir() if p.suffix in (".txt", ".html", ".md"))
    for batch in range(14):  # 70 documents: enough to be read in parallel
        folder = content / f"batch-{batch:02d}"
        folder.mkdir()
        for doc in documents:
            (folder / doc.name).write_bytes(doc.read_bytes())
        (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    serial = build(Options(content=content, out=tmp_path / "serial", jobs=1), Reporter())
    parallel = build(Options(content=content, out=tmp_path / "parallel", jobs=2), Reporter())
    assert serial.documents == parallel.documents == 70
    assert serial.errors == parallel.errors and len(serial.errors) == 14
    assert serial.warnings == parallel.warnings
    assert_same_tree(tmp_path / "serial", tmp_path / "parallel")
    pids = {int(p.name) for p in renderers.iterdir()}
    assert len(pids) == 2 and os.getpid() not in pids  # two workers rendered, not this process


# --- the on-disk cache: a fresh process reuses what an earlier one read and rendered ---------

def _counting(monkeypatch) -> list[str]:
    """Sources parsed by the build (whatever the cache did not have)."""
    import site_builder.build as build_module

    parsed: list[str] = []
    real = build_module.parse_many

    def parse_many(items, reporter, jobs=1):
        parsed.extend(item[0].rel for item in items)
        return real(items, reporter, jobs)

    monkeypatch.setattr(build_module, "parse_many", parse_many)
    return parsed


def test_a_fresh_process_rereads_only_the_edited_document_and_matches_a_clean_build(tmp_path, content_copy, monkeypatch):
    parsed = _counting(monkeypatch)
    cache_dir = tmp_path / "cache"
    options = Options(content=content_copy, out=tmp_path / "site", cache_dir=cache_dir)
    first = build(options, Reporter(quiet=True))  # a new BuildCache per call: a new process, as far as reuse goes
    assert len(parsed) == 5 and first.rendered == first.pages
    parsed.clear()
    edited = content_copy / "blinken-launches-high-stakes-talks.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph on the hotline.\n", encoding="utf-8")
    second = build(options, Reporter(quiet=True))
    assert parsed == ["blinken-launches-high-stakes-talks.txt"]
    assert 0 < second.rendered < second.pages  # the edited article and what lists it; not the rest
    build(Options(content=content_copy, out=tmp_path / "clean"), Reporter(quiet=True))
    assert_same_tree(tmp_path / "site", tmp_path / "clean")


def test_a_corrupt_or_truncated_cache_entry_is_rebuilt_not_trusted(tmp_path, content_copy, monkeypatch):
    parsed = _counting(monkeypatch)
    cache_dir = tmp_path / "cache"
    options = Options(content=content_copy, out=tmp_path / "site", cache_dir=cache_dir)
    build(options, Reporter(quiet=True))
    entries = sorted(p for p in cache_dir.rglob("*") if p.is_file() and "docs" in p.parts)
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # truncated
    entries[1].write_bytes(b"SBC1" + b"\0" * 32 + b"not a pickle")  # wrong checksum
    pages = sorted(p for p in cache_dir.rglob("*") if p.is_file() and "pages" in p.parts)
    assert len(pages) == 1  # the record of what the output folder holds
    pages[0].write_bytes(pages[0].read_bytes().replace(b'"', b"'", 1))
    parsed.clear()
    again = build(options, Reporter(quiet=True))
    assert len(parsed) == 2
    assert again.rendered == again.pages  # a broken record is not trusted: every page is rendered
    build(Options(content=content_copy, out=tmp_path / "clean"), Reporter(quiet=True))
    assert_same_tree(tmp_path / "site", tmp_path / "clean")


def test_entries_of_another_code_version_are_not_used(tmp_path, content_copy, monkeypatch):
    import site_builder.diskcache as diskcache

    parsed = _counting(monkeypatch)
    options = Options(content=content_copy, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    build(options, Reporter(quiet=True))
    monkeypatch.setattr(diskcache, "code_version", lambda: "another-version")
    parsed.clear()
    build(options, Reporter(quiet=True))
    assert len(parsed) == 5


def test_a_template_error_in_a_rendering_worker_names_the_template(tmp_path, monkeypatch):
    import shutil

    import pytest

    from site_builder import renderpool
    from site_builder.build import PROJECT_DIR
    from site_builder.errors import BuildError

    monkeypatch.setattr(renderpool, "PARALLEL_FROM", 1)
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_DIR / "templates", templates)
    article = templates / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace("{% block head %}", "{% block head %}{{ no_such_name }}", 1),
                       encoding="utf-8")
    with pytest.raises(BuildError, match=r"templates/article.html:\d+: template error .*no_such_name"):
        build(Options(content=CONTENT, out=tmp_path / "site", templates=templates, jobs=2), Reporter(quiet=True))
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(tmp_path, content_copy):
    options = Options(content=content_copy, out=tmp_path / "site", cache_dir=tmp_path / "cache")
    first = build(options, Reporter(quiet=True))
    home = tmp_path / "site" / "index.html"
    original = home.read_bytes()
    home.write_bytes(b"<p>edited by hand</p>")
    second = build(options, Reporter(quiet=True))
    assert second.rendered == 1 and first.rendered == first.pages
    assert home.read_bytes() == original
    third = build(options, Reporter(quiet=True))
    assert third.rendered == 0
