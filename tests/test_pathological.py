"""Pathological documents: deep nesting and huge paragraph counts are read in time linear in
their size, and what one document can put on the site is bounded, with a warning naming it.

Linearity is shown without timing anything: the number of Python function calls made to read
a document (counted by cProfile, the same on every run) grows about 4x when the input grows
4x; the quadratic patterns these tests guard against made it grow about 16x.
"""

from __future__ import annotations

import cProfile
import pstats

import pytest

from site_builder.errors import Reporter, SourceError
from site_builder.readers import furniture
from site_builder.models import Document, Passage, Section
import site_builder.readers as registry
from site_builder.readers import MAX_PASSAGE_HTML, MAX_PASSAGES, bound_passages, read_document
from site_builder.sources import SourceFile
from tests.conftest import build_site, config_only

FRONT = "---\ntitle: T\n---\n"


def deep(depth: int) -> str:
    return FRONT + "<p>" + "<b>" * depth + "x" + "</b>" * depth + "</p>\n"


def source(rel: str, text: str) -> SourceFile:
    return SourceFile(rel, None, text, "", "utf-8")


def calls(rel: str, text: str) -> int:
    profile = cProfile.Profile()
    profile.runcall(read_document, source(rel, text), None, Reporter(quiet=True))
    return pstats.Stats(profile).total_calls


# Each shape made one reader quadratic before: (file name, text for size n).
SHAPES = {
    # conversation._captions asked every tag `.decomposed`, which bs4 answers with a search of its subtree
    "deep-bold": ("deep.html", lambda n: deep(n)),
    # html.parser nests unclosed <p>s; each passage then held every later paragraph
    "unclosed-p": ("unclosed.html", lambda n: "<div>\n" + "".join(f"<p>para {i}\n" for i in range(n)) + "</div>\n"),
    # contributor_blocks walked `.parents` of every block
    "nested-comments": ("nested.html", lambda n: "<h1>T</h1>" + "".join(
        f'<div class="comment"><h3>Ann Lee{i}</h3><p>text {i}</p>' for i in range(n)) + "</div>" * n),
    # roundup compared every listed name with every biography
    "roundup": ("roundup.txt", lambda n: "Title Here\n\n" + "".join(
        f"Ann Lee{i}: headline number {i} here\n\n" for i in range(n)) + "".join(
        f"Text {i}.\n\nAnn Lee{i} is a fellow.\n\n" for i in range(n))),
    # qa.full_name read the whole text once per distinct speaker label
    "qa-labels": ("qa.txt", lambda n: "Title Here\n\n" + "".join(
        f"What about {i}?\n\nLab{chr(65 + i % 26)}x{i}: answer {i}.\n\n" for i in range(n))),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_work_grows_linearly(shape):
    rel, make = SHAPES[shape]
    small = 2000 if shape == "deep-bold" else 300
    calls(rel, make(small))  # warm the caches (regexes, lru_cache) so both counts are steady
    ratio = calls(rel, make(4 * small)) / calls(rel, make(small))
    assert ratio < 6, f"{shape}: 4x the input made {ratio:.1f}x the work"


def test_the_capitals_credit_pattern_reads_only_the_end_of_a_line(monkeypatch):
    # Its work is inside `re`, where no calls can be counted: what it is given is checked instead.
    # From every space of a run of capitals it scanned to the end of the line (22 s for 48 kB).
    searched = []

    class Recording:
        def search(self, text):
            searched.append(len(text))
            return pattern.search(text)

    pattern = furniture._CAPS_CREDIT
    monkeypatch.setattr(furniture, "_CAPS_CREDIT", Recording())
    assert furniture.credit("AB CD " * 8000 + "x") is None
    assert furniture.credit("AB CD " * 8000) is None  # a run of capitals filling the tail is no credit
    credit = "JANE DOE/POOL/AFP VIA GETTY IMAGES"
    assert furniture.credit("x " * 8000 + "A crowd. " + credit) == credit
    assert searched == [300, 300, 300]


def test_ten_thousand_nested_tags_build_and_show_their_text(tmp_path):
    content = config_only(tmp_path)
    (content / "deep.html").write_text(deep(10_000), encoding="utf-8")
    result = build_site(tmp_path / "site", content)
    assert result.errors == []
    page = (tmp_path / "site" / "articles" / "t" / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" in page
    [doc] = result.corpus.articles
    assert [p.text for p in doc.doc.passages()] == ["x"]


def test_a_recursion_error_under_a_reader_is_a_message_naming_the_file(monkeypatch):
    def overflow(*args):
        raise RecursionError("maximum recursion depth exceeded")

    for reader in registry.table():
        monkeypatch.setattr(type(reader), "read", overflow)
    with pytest.raises(SourceError) as info:
        read_document(source("deep.html", deep(10)), None, Reporter(quiet=True))
    assert str(info.value) == "deep.html: markup is nested too deeply to read; skipped (flatten the nested elements)"


def test_unclosed_paragraphs_are_read_one_passage_each():
    text = "<div>\n<p>one <a href='https://example.org/'>link</a>\n<p>two\n<p>three\n</div>\n"
    doc = read_document(source("u.html", text), None, Reporter(quiet=True))
    assert [p.text for p in doc.passages()] == ["one link", "two", "three"]
    assert [p.anchor for p in doc.passages()] == ["p-1", "p-2", "p-3"]
    assert next(doc.passages()).html == 'one <a href="https://example.org/" rel="noopener noreferrer">link</a>'


def test_paragraphs_nested_past_the_parser_fix_are_read_once_each():
    # 120 inline tags between one <p> and the next: past how far the parser looks for an open <p>.
    text = "<div>" + "".join(f"<p>t{i} " + "<b>" * 120 for i in range(3)) + "</div>"
    doc = read_document(source("n.html", text), None, Reporter(quiet=True))
    assert [p.text for p in doc.passages()] == ["t0", "t1", "t2"]


def test_a_hundred_thousand_paragraphs_are_cut_to_the_first_two_thousand(tmp_path):
    content = config_only(tmp_path)
    (content / "paras.txt").write_text("\n\n".join(f"para {i}." for i in range(100_000)) + "\n", encoding="utf-8")
    result = build_site(tmp_path / "site", content)
    assert result.errors == []
    assert ("paras.txt: document has 100000 paragraphs; only the first 2000 are kept as passages: "
            "the rest is left off the article page and out of search (split the document)") in result.warnings
    site = tmp_path / "site"
    [article] = result.corpus.articles
    page = (site / "articles" / article.slug / "index.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < 2_000_000
    assert 'id="p-1"' in page and 'id="p-2000"' in page and 'id="p-2001"' not in page
    assert "para 1999." in page and "para 2000." not in page
    search_files = [p for p in (site / "search").rglob("*.json")]
    assert search_files
    assert sum(p.stat().st_size for p in search_files) < 3_000_000
    for path in search_files:
        assert path.stat().st_size < 1_000_000, path


def _doc(*sizes: int) -> Document:
    doc = Document(source="big.txt", title="Big", kind="news", reader="article")
    doc.sections = [Section(anchor="intro", line=1, kind="intro"),
                    Section(anchor="s-later", line=9, kind="body", heading="Later")]
    for i, size in enumerate(sizes):
        text = ("word " * (size // 5)).strip()
        doc.sections[min(i, 1)].passages.append(Passage(anchor=f"p-{i + 1}", text=text, html=text, line=i + 1))
    return doc


def test_passage_text_is_bounded_and_the_crossing_passage_is_cut_to_fit():
    assert (MAX_PASSAGES, MAX_PASSAGE_HTML) == (2000, 1_000_000)
    doc = bound_passages(_doc(600_000, 600_000, 600_000))
    passages = list(doc.passages())
    assert [p.anchor for p in passages] == ["p-1", "p-2"]
    assert len(passages[0].text) == 599_999
    assert passages[1].text.endswith(" …") and len(passages[1].html) <= 400_000 // 5 + 2
    assert doc.warnings == ["document has 1.8 MB of paragraph text; only the first 1.0 MB (2 of 3 paragraphs) "
                            "is kept as passages: the rest is left off the article page and out of search "
                            "(split the document)"]


def test_sections_past_the_cut_are_dropped_and_small_documents_are_untouched():
    doc = bound_passages(_doc(900_000, 200_000))
    assert [s.anchor for s in doc.sections] == ["intro", "s-later"]  # the crossing passage is cut, not dropped
    doc = bound_passages(_doc(999_900, 150))
    assert [s.anchor for s in doc.sections] == ["intro"]  # too little room for the next: its section goes
    small = bound_passages(_doc(100, 100))
    assert [p.anchor for p in small.passages()] == ["p-1", "p-2"] and small.warnings == []
