"""Bad input: each class gets a clear message naming the file (and line), the other documents
still build, and nothing is lost. Fixtures are in tests/fixtures/bad/; tests/README.md lists
every class with its fixture and message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import CONTENT, ROOT, config_only, tree_bytes

BAD = Path(__file__).parent / "fixtures" / "bad"
SEED = "usip-blinken-china-trip-stabilize-ties.txt"  # one good document beside the bad one


@dataclass
class Run:
    code: int
    out: str
    err: str
    site: Path

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def articles(self) -> set[str]:
        # "page" holds the list's later pages (articles/page/2/), not an article.
        return ({p.name for p in (self.site / "articles").iterdir() if p.is_dir() and p.name != "page"}
                if self.site.exists() else set())


def make_content(tmp_path: Path, *fixtures: str, seed: bool = True, config: bool = True) -> Path:
    if config:
        content = config_only(tmp_path)
    else:
        content = tmp_path / "content"
        content.mkdir()
    if seed:
        shutil.copy(CONTENT / SEED, content / SEED)
        shutil.copy(CONTENT / SEED.replace(".txt", ".meta.yaml"), content)
    for name in fixtures:
        shutil.copy(BAD / name, content / name)
    return content


def run(content: Path, out: Path, *args: str) -> Run:
    proc = subprocess.run([sys.executable, "-m", "site_builder", "build", "--content", str(content),
                           "--out", str(out), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr, out)


def build_with(tmp_path: Path, *fixtures: str, **kwargs) -> Run:
    return run(make_content(tmp_path, *fixtures, **kwargs), tmp_path / "_site")


def seed_built(result: Run) -> bool:
    return "blinkens-china-trip-shows-both-sides-want-to-stabilize-ties" in result.articles()


def test_malformed_front_matter_names_file_and_line_and_the_rest_builds(tmp_path):
    result = build_with(tmp_path, "malformed-front-matter.md")
    assert result.code == 0
    assert ("ERROR: malformed-front-matter.md:4: malformed YAML front matter: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence on line 3) (document skipped)") in result.err
    assert seed_built(result) and "1 errors" in result.out


def test_strict_turns_a_skipped_document_into_a_failure_and_keeps_the_old_site(tmp_path):
    content = make_content(tmp_path)
    out = tmp_path / "_site"
    assert run(content, out).code == 0
    before = tree_bytes(out)
    shutil.copy(BAD / "malformed-front-matter.md", content)
    result = run(content, out, "--strict")
    assert result.code == 1
    assert "malformed-front-matter.md:4" in result.err and "previous output is unchanged" in result.err
    assert tree_bytes(out) == before


def test_strict_turns_a_warning_into_a_failure(tmp_path):
    result = run(make_content(tmp_path, "empty.txt"), tmp_path / "_site", "--strict")
    assert result.code == 1 and "warnings are errors with --strict" in result.err
    assert "empty.txt: empty file, skipped" in result.err
    assert not result.site.exists()


@pytest.mark.parametrize(("name", "encoding", "slug", "expected"), [
    ("cp1252.txt", "cp1252", "smart-quotes-from-windows", "said \u201cwe will talk\u201d \u2014 and the envoy\u2019s caf\u00e9 reply"),
    ("latin1.txt", "cp1252", "notes-from-the-brussel-meeting", "The d\u00e9l\u00e9gation met at the caf\u00e9 on the quai; se\u00f1or Pe\u00f1a"),
])
def test_legacy_encodings_are_decoded_with_a_warning_and_no_mojibake(tmp_path, name, encoding, slug, expected):
    result = build_with(tmp_path, name)
    assert f"WARNING: {name}: not valid UTF-8, decoded as {encoding}" in result.err
    html = result.page(f"articles/{slug}")
    text = BeautifulSoup(html, "html.parser").main.get_text(" ")
    assert expected in text
    for mojibake in ("\u00e2\u20ac", "\u00c3", "\ufffd"):
        assert mojibake not in html


def test_byte_order_mark_is_dropped(tmp_path):
    result = build_with(tmp_path, "bom.md")
    html = result.page("articles/starts-with-a-byte-order-mark")
    assert "\ufeff" not in html and "title:" not in html
    assert "A paragraph after the BOM." in html


@pytest.mark.parametrize(("name", "title"), [("crlf.txt", "Windows line endings"), ("cr.txt", "Classic Mac line endings")])
def test_crlf_and_cr_line_endings_read_like_lf(tmp_path, name, title):
    result = build_with(tmp_path, name)
    slug = title.lower().replace(" ", "-")
    soup = BeautifulSoup(result.page(f"articles/{slug}"), "html.parser")
    assert soup.h1.get_text(strip=True) == title
    passages = [p.get_text(" ", strip=True) for p in soup.select("div.passage > p:first-child")]
    assert passages == ["First paragraph on the hotline.", "Second paragraph on Taiwan."]
    assert "\r" not in result.page(f"articles/{slug}")


@pytest.mark.parametrize(("name", "message"), [
    ("empty.txt", "empty file, skipped"),
    ("blank.txt", "empty file, skipped"),
    ("binary.txt", "looks like a binary file, skipped"),
])
def test_empty_blank_and_binary_files_are_skipped_with_a_warning(tmp_path, name, message):
    result = build_with(tmp_path, name)
    assert result.code == 0 and f"WARNING: {name}: {message}" in result.err
    assert seed_built(result) and len(result.articles()) == 1


def test_a_20_mb_text_file_is_refused_quickly_with_a_message(tmp_path):
    content = make_content(tmp_path)
    paragraph = ("The talks on the hotline resumed after months of silence. " * 20 + "\n\n").encode()
    with open(content / "huge.txt", "wb") as handle:
        for _ in range(20 * 1024 * 1024 // len(paragraph) + 1):
            handle.write(paragraph)
    result = run(content, tmp_path / "_site")
    assert result.code == 0
    assert "WARNING: huge.txt: file is 20.0 MB, over the 8 MB limit for one document; skipped" in result.err
    assert seed_built(result)


def test_unknown_extensions_are_listed_once(tmp_path):
    result = build_with(tmp_path, "notes.docx", "slides.pdf")
    lines = [line for line in result.err.splitlines() if "unknown extensions" in line]
    assert lines == ["WARNING: ignored files with unknown extensions: notes.docx, slides.pdf"]


def test_two_titles_with_one_slug_get_distinct_deterministic_slugs(tmp_path):
    content = make_content(tmp_path, "same-title-a.md", "same-title-b.md", seed=False)
    first = run(content, tmp_path / "one")
    second = run(content, tmp_path / "two")
    assert first.articles() == second.articles() == {"talks-resume", "talks-resume-2"}
    for slug in ("talks-resume", "talks-resume-2"):
        assert first.page(f"articles/{slug}") == second.page(f"articles/{slug}")
    texts = {slug: first.page(f"articles/{slug}") for slug in first.articles()}
    assert sum("First of two pieces" in t for t in texts.values()) == 1
    assert sum("Second of two pieces" in t for t in texts.values()) == 1


def test_non_latin_titles_and_diacritic_names_get_unicode_safe_slugs(tmp_path):
    result = build_with(tmp_path, "non-latin.md")
    assert "\u738b\u6bc5\u4e0e\u5e03\u6797\u80af\u4f1a\u8c08" in result.articles()
    expert = BeautifulSoup(result.page("experts/zoe-saracova"), "html.parser")
    assert expert.h1.get_text(strip=True) == "Zo\u00eb \u0160ar\u00e1\u010dov\u00e1"
    listing = result.page("articles")
    assert 'href="/articles/\u738b\u6bc5\u4e0e\u5e03\u6797\u80af\u4f1a\u8c08/"' in listing


def test_a_document_without_a_title_gets_a_derived_one_and_a_warning(tmp_path):
    result = build_with(tmp_path, "untitled-paragraphs.md")
    assert "WARNING: untitled-paragraphs.md: no title found; using 'this document has no heading" in result.err
    slug = next(s for s in result.articles() if s.startswith("this-document-has-no-heading"))
    h1 = BeautifulSoup(result.page(f"articles/{slug}"), "html.parser").h1.get_text(strip=True)
    assert h1.startswith("this document has no heading and no title")


def test_markup_in_front_matter_renders_as_text(tmp_path):
    result = build_with(tmp_path, "markup-in-metadata.md")
    slug = next(s for s in result.articles() if s.startswith("script"))
    html = result.page(f"articles/{slug}")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == "<script>alert(1)</script> Title <b>bold</b>"
    assert not soup.select("main script, main img, main b, main i")
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize(("fixture", "target", "messages"), [
    ("site-broken.yaml", "site.yaml",
     ["site.yaml:3: malformed YAML: expected ',' or ']'", "(while parsing a flow sequence on line 2)"]),
    ("site-wrong-types.yaml", "site.yaml", ["'title' must be text, got list", "unknown setting 'unknown_key'"]),
    ("issues-broken.yaml", "issues.yaml", ["issues.yaml:4: malformed YAML", "flow sequence on line 3"]),
    ("issues-missing-name.yaml", "issues.yaml",
     ["issues.yaml:1: 2 problems in the issue taxonomy", "issue 1 ('taiwan'): missing 'name'",
      "line 3: issue 2: missing 'slug'"]),
])
def test_broken_configuration_names_the_file_and_key_and_keeps_the_old_site(tmp_path, fixture, target, messages):
    content = make_content(tmp_path)
    out = tmp_path / "_site"
    assert run(content, out).code == 0
    before = tree_bytes(out)
    shutil.copy(BAD / fixture, content / target)
    result = run(content, out)
    assert result.code == 1 and "previous output is unchanged" in result.err
    for message in messages:
        assert message in result.err
    assert tree_bytes(out) == before


def test_missing_configuration_is_a_warning_with_defaults(tmp_path):
    result = build_with(tmp_path, config=False)
    assert result.code == 0
    assert "WARNING: site.yaml: no site.yaml: using the default title and settings" in result.err
    assert "WARNING: issues.yaml: no issues.yaml: no policy issues will be tagged" in result.err
    assert seed_built(result)


def test_many_files_with_one_warning_print_it_five_times_then_a_count(tmp_path):
    content = make_content(tmp_path, seed=False)
    for i in range(8):
        (content / f"empty-{i}.txt").write_bytes(b"")
    result = run(content, tmp_path / "_site")
    shown = [line for line in result.err.splitlines() if line.endswith("empty file, skipped")]
    assert len(shown) == 6 and shown[-1] == "WARNING: 3 more files: empty file, skipped"
    assert "8 warnings" in result.out
