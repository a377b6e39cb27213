"""Hostile and careless input, round two: URLs by scheme, links out of the content folder,
YAML bombs, impossible dates, encodings, curation types, template errors, base URLs and
builds killed half-way. Each asserts the message, the exit code and that nothing else was lost;
tests/README.md lists every class with its fixture and message."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.build import Options, build
from site_builder.errors import BuildError, Reporter
from site_builder.sanitize import inline_html
from site_builder.urls import safe_url
from tests.conftest import CONTENT, ROOT, tree_bytes
from tests.test_bad_input import BAD, build_with, make_content, run, seed_built

SECRET = "root:x:0:0:the-secret-line-from-outside"


def everything(site: Path) -> str:
    """Everything the site publishes from documents, as text: pages, data, search files and feed
    (not the project's own static files)."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*"))
                     if p.is_file() and p.relative_to(site).parts[0] != "static")


# -- 1. URLs checked by scheme ------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "message", "slug"), [
    ("javascript-url.md", "WARNING: javascript-url.md:4: 'url' is not an http(s) address; ignored",
     "a-link-that-runs-script"),
    ("data-url-sidecar.txt", "WARNING: data-url-sidecar.meta.yaml:2: 'source_url' is not an http(s) address; ignored",
     "a-data-url-in-the-sidecar"),
    ("tab-in-scheme.md", "WARNING: tab-in-scheme.md:3: 'url' is not an http(s) address; ignored",
     "a-tab-inside-the-scheme"),
])
def test_metadata_urls_with_other_schemes_are_dropped_with_file_key_and_line(tmp_path, fixture, message, slug):
    fixtures = [fixture] + ([fixture.replace(".txt", ".meta.yaml")] if fixture.endswith(".txt") else [])
    result = build_with(tmp_path, *fixtures)
    assert result.code == 0 and message in result.err
    page = result.page(f"articles/{slug}")
    assert "Read the original" not in page
    published = everything(result.site).lower()
    assert "javascript:" not in published and "data:text/html" not in published
    assert seed_built(result)


def test_a_safe_metadata_url_is_kept(tmp_path):
    content = make_content(tmp_path, seed=False)
    (content / "ok.md").write_text("---\ntitle: Fine\nurl: https://example.org/a?b=1\n---\n\nText.\n")
    result = run(content, tmp_path / "_site")
    link = BeautifulSoup(result.page("articles/fine"), "html.parser").find("a", string=re.compile("^Read the original"))
    assert link["href"] == "https://example.org/a?b=1"


@pytest.mark.parametrize(("value", "expected"), [
    ("https://example.org/x", "https://example.org/x"),
    ("  http://example.org/  ", "http://example.org/"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("\x01javascript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("vbscript:msgbox", None),
    ("//evil.example/x", None),
    ("/relative/path", None),
    ("https:///no-host", None),
    (42, None),
])
def test_safe_url_allows_http_https_and_mailto_only(value, expected):
    assert safe_url(value) == expected


@pytest.mark.parametrize(("payload", "forbidden"), [
    ('<q cite="javascript:alert(1)">q</q>', "javascript"),
    ('<q cite=" JaVaScRiPt:alert(1)">q</q>', "javascript"),
    ('<q cite="data:text/html,x">q</q>', "data:"),
    ('<img src="https://e.org/a.png" srcset="javascript:alert(1) 1x, https://e.org/b.png 2x">', "javascript"),
    ('<video poster="javascript:alert(1)"></video>', "javascript"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "avascript"),
])
def test_sanitizer_checks_every_url_attribute(payload, forbidden):
    assert forbidden not in inline_html(payload).lower()


def test_sanitizer_keeps_a_safe_cite():
    assert inline_html('<q cite="https://example.org/s">said</q>') == '<q cite="https://example.org/s">said</q>'


# -- 2. Sources stay inside content/ --------------------------------------------------------

def test_links_to_files_and_folders_outside_content_are_skipped(tmp_path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "passwd.txt").write_text(f"Passwords\n\n{SECRET}\n")
    (outside / "folder" / "inner.txt").write_text(f"Inner\n\n{SECRET}\n")
    content = make_content(tmp_path)
    os.symlink(outside / "passwd.txt", content / "x.txt")
    os.symlink(outside / "folder", content / "linked-folder")
    os.symlink(tmp_path / "missing.txt", content / "dangling.txt")
    result = run(content, tmp_path / "_site")
    assert result.code == 0
    for rel in ("x.txt", "linked-folder", "dangling.txt"):
        assert (f"WARNING: {rel}: is a link to something outside the content folder (or to nothing); skipped"
                in result.err)
    assert SECRET not in everything(result.site)
    assert seed_built(result) and len(result.articles()) == 1


def test_links_inside_content_are_read_and_link_loops_end(tmp_path):
    content = make_content(tmp_path, seed=False)
    (content / "real").mkdir()
    (content / "real" / "piece.txt").write_text("A linked piece\n\nThe hotline talks resumed.\n")
    os.symlink(content / "real" / "piece.txt", content / "alias.txt")
    os.symlink(content, content / "real" / "loop")  # a folder linking to its ancestor
    result = run(content, tmp_path / "_site")
    assert result.code == 0
    assert result.articles() >= {"a-linked-piece"}
    assert sum("The hotline talks resumed." in p.read_text() for p in (result.site / "articles").rglob("*.html")) >= 1


def test_a_sidecar_linking_outside_content_is_refused(tmp_path):
    content = make_content(tmp_path, seed=False)
    (tmp_path / "secret.yaml").write_text(f"title: '{SECRET}'\n")
    (content / "doc.txt").write_text("Doc\n\nText.\n")
    os.symlink(tmp_path / "secret.yaml", content / "doc.meta.yaml")
    result = run(content, tmp_path / "_site")
    assert "ERROR: doc.meta.yaml: is a link to a file outside the content folder; not read (document skipped)" in result.err
    assert SECRET not in everything(result.site)


# -- 3. YAML is bounded ----------------------------------------------------------------------

@pytest.mark.parametrize(("fixtures", "message"), [
    (["alias-bomb.md"], "ERROR: alias-bomb.md:3: malformed YAML front matter: aliases (*a) are not allowed (document skipped)"),
    (["alias-bomb-sidecar.txt", "alias-bomb-sidecar.meta.yaml"],
     "ERROR: alias-bomb-sidecar.meta.yaml:2: malformed YAML: aliases (*a) are not allowed (document skipped)"),
    (["deep-yaml.md"], "ERROR: deep-yaml.md:2: malformed YAML front matter: nested more than 50 levels deep (document skipped)"),
])
def test_yaml_bombs_are_refused_at_once_and_the_rest_builds(tmp_path, fixtures, message):
    started = time.perf_counter()
    result = build_with(tmp_path, *fixtures)
    assert time.perf_counter() - started < 60  # the bomb is never expanded (it used to run out of memory)
    assert result.code == 0 and message in result.err
    assert seed_built(result) and len(result.articles()) == 1


@pytest.mark.parametrize("target", ["site.yaml", "experts.yaml", "issues.yaml"])
def test_yaml_bombs_in_configuration_fail_the_build_and_keep_the_old_site(tmp_path, target):
    content = make_content(tmp_path)
    out = tmp_path / "_site"
    assert run(content, out).code == 0
    before = tree_bytes(out)
    bomb = (BAD / "alias-bomb-sidecar.meta.yaml").read_text()
    (content / target).write_text(bomb if target == "site.yaml" else "- " + bomb.replace("\n", "\n  "))
    result = run(content, out)
    assert result.code == 1 and "aliases (*a) are not allowed" in result.err and target in result.err
    assert "previous output is unchanged" in result.err and "Traceback" not in result.err
    assert tree_bytes(out) == before


def test_oversized_sidecar_is_refused_before_parsing(tmp_path):
    content = make_content(tmp_path, seed=False)
    (content / "doc.txt").write_text("Doc\n\nText.\n")
    (content / "doc.meta.yaml").write_text("title: x\nsummary: '" + "a" * (1024 * 1024 + 10) + "'\n")
    result = run(content, tmp_path / "_site")
    assert "ERROR: doc.meta.yaml: file is over 1024 kB; refusing to parse it (document skipped)" in result.err


# -- 4. No traceback for any input ------------------------------------------------------------

@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "0000-01-01", "2024-02-31", "99999"])
def test_impossible_dates_are_warned_about_with_the_line_and_never_published(tmp_path, value):
    result = build_with(tmp_path, f"date-{value}.md")
    assert result.code == 0
    assert (f"WARNING: date-{value}.md:3: 'date: {value}' is not a real date as YYYY, YYYY-MM or YYYY-MM-DD "
            "(years 1700-2100); ignored") in result.err
    soup = BeautifulSoup(result.page(f"articles/dated-{value}"), "html.parser")
    assert "Date unknown" in soup.main.get_text(" ")
    feed = (result.site / "feed.xml").read_text()
    assert value not in feed and "9999" not in feed
    corpus = json.loads((result.site / "data" / "corpus.json").read_text())
    assert [a["date"] for a in corpus["articles"] if a["title"] == f"Dated {value}"] == [None]
    assert "Traceback" not in result.err


def test_a_non_utf8_sidecar_names_the_sidecar_and_line(tmp_path):
    result = build_with(tmp_path, "non-utf8-sidecar.txt", "non-utf8-sidecar.meta.yaml")
    assert result.code == 0
    assert "ERROR: non-utf8-sidecar.meta.yaml:1: not UTF-8 text (save it as UTF-8) (document skipped)" in result.err
    assert seed_built(result) and "Traceback" not in result.err


def test_an_unreadable_file_is_skipped_with_a_message(tmp_path, monkeypatch):
    content = make_content(tmp_path)
    (content / "locked.txt").write_text("Locked\n\nText.\n")
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # root reads any file, so refuse the way the OS would
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    reporter = Reporter(quiet=True)
    result = build(Options(content=content, out=tmp_path / "_site"), reporter)
    assert "locked.txt: cannot read this file: Permission denied; skipped" in result.warnings
    assert result.documents == 1


def test_curation_with_wrong_types_lists_every_problem(tmp_path):
    content = make_content(tmp_path)
    shutil.copy(BAD / "experts-bad-types.yaml", content / "experts.yaml")
    result = run(content, tmp_path / "_site")
    assert result.code == 1 and "Traceback" not in result.err
    assert ("ERROR: experts.yaml: entry 1 (Jane Doe): 'aliases' must be a list of names (text); "
            "entry 2 (John Roe): 'role' must be one of author, expert, host, interviewer, moderator, official, other; "
            "entry 2 (John Roe): 'bio' must be text, got dict") in result.err


@pytest.mark.parametrize(("name", "title"), [
    ("utf16le.txt", "A document saved as UTF-16-LE"),
    ("utf16be.txt", "A document saved as UTF-16-BE"),
    ("utf32.txt", "A document saved as UTF-32-LE"),
])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, name, title):
    result = build_with(tmp_path, name)
    assert "binary" not in result.err
    soup = BeautifulSoup(result.page("articles/" + title.lower().replace(" ", "-")), "html.parser")
    assert soup.h1.get_text(strip=True) == title
    assert "The envoy\u2019s caf\u00e9 meeting on the hotline went well." in soup.main.get_text(" ")


def test_nul_bytes_after_the_first_block_are_removed(tmp_path):
    result = build_with(tmp_path, "nul-late.txt")
    assert "WARNING: nul-late.txt: removed 2 control character(s) such as NUL" in result.err
    html = result.page("articles/late-nul-bytes")
    assert "\x00" not in html and "After the first block." in html
    assert "\x00" not in everything(result.site)


def _broken_templates(tmp_path: Path, old: str, new: str) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    article = templates / "article.html"
    text = article.read_text()
    assert old in text
    article.write_text(text.replace(old, new, 1))
    return templates


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{{ doc.title }}", "{{ doc.no_such_field }}",
     "template error while rendering article.html: UndefinedError: 'site_builder.models.Document object' "
     "has no attribute 'no_such_field'"),
    ("{% endif %}", "{% endiff %}", "template syntax error: Encountered unknown tag 'endiff'"),
])
def test_template_errors_name_the_template_and_line_and_keep_the_old_site(tmp_path, old, new, message):
    content = make_content(tmp_path)
    out = tmp_path / "_site"
    assert run(content, out).code == 0
    before = tree_bytes(out)
    templates = _broken_templates(tmp_path, old, new)
    line = next(i for i, text in enumerate(templates.joinpath("article.html").read_text().splitlines(), 1) if new in text)
    with pytest.raises(BuildError) as caught:
        build(Options(content=content, out=out, templates=templates), Reporter(quiet=True))
    assert str(caught.value).startswith(f"templates/article.html:{line}: ")
    assert message in str(caught.value)
    assert tree_bytes(out) == before


# -- 7. Crash recovery -------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find worker processes")
def test_a_killed_build_leaves_no_workers_and_the_next_build_removes_its_leftovers(tmp_path):
    content = make_content(tmp_path, seed=False)
    text = (CONTENT / "usip-blinken-china-trip-stabilize-ties.txt").read_text()
    for i in range(160):  # enough for the reading pool (64 documents or more)
        (content / f"copy-{i:03d}.txt").write_text(f"Copy {i}\n\n{text}")
    out = tmp_path / "_site"
    command = [sys.executable, "-m", "site_builder", "build", "--content", str(content), "--out", str(out), "--jobs", "2"]
    # First kill: while workers read.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.02)
    assert workers, "the build never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    # Second kill: while the site is being written.
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob("._site.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    leftovers = list(tmp_path.glob("._site.*"))
    assert leftovers, "the kill came too late to leave anything behind"
    result = run(content, out)
    assert result.code == 0
    assert not list(tmp_path.glob("._site.*"))
    assert len(result.articles()) == 160


def test_a_concurrent_builds_folder_is_left_alone(tmp_path):
    from site_builder.writer import OWNER_FILE, remove_leftovers

    out = tmp_path / "_site"
    mine = tmp_path / "._site.abc.tmp"
    mine.mkdir()
    (mine / OWNER_FILE).write_text(str(os.getppid()))  # a live process that is not this one
    dead = tmp_path / "._site.def.tmp"
    dead.mkdir()
    (dead / OWNER_FILE).write_text("999999999")
    old = tmp_path / "._site.ghi.old"
    old.mkdir()
    assert remove_leftovers(out) == [dead, old]
    assert mine.exists()


# -- 8. --base-url validated ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("/a?b#c/", "invalid base URL '/a?b#c/': a base URL is a path, without '?' or '#'"),
    ("../", "invalid base URL '../': '.' and '..' segments are not allowed"),
    ("/a//b/", "invalid base URL '/a//b/': it holds an empty segment ('//')"),
])
def test_unusable_base_urls_are_refused(tmp_path, value, message):
    result = run(make_content(tmp_path), tmp_path / "_site", "--base-url", value)
    assert result.code == 1 and f"ERROR: {message}" in result.err
    assert not result.site.exists()


def test_a_base_url_with_a_space_is_percent_encoded(tmp_path):
    result = run(make_content(tmp_path), tmp_path / "_site", "--base-url", "/a b/")
    assert result.code == 0
    soup = BeautifulSoup((result.site / "index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a") if a["href"].startswith("/")]
    assert hrefs and all(h.startswith("/a%20b/") for h in hrefs)
