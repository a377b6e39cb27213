"""Reading and extraction do each piece of work once: one Markdown parse and one layout per
document, no paragraph layout for a document that cannot be a transcript, and the shortcuts
taken on the way (a fast `squash`, literal checks before costly patterns) give exactly what
the long way gives."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from site_builder.errors import Reporter
from site_builder.extract import names, people, quotes, registry, roles
from site_builder.readers import frontmatter, furniture, read_document, shared, transcript
from site_builder.readers.labels import speaker_label
from site_builder.sources import SourceFile, read_source
from site_builder.text import squash

HERE = Path(__file__).resolve().parent
DOCUMENTS = sorted(
    [p for p in (HERE / "devcorpus" / "docs").iterdir() if p.is_file()]
    + [p for p in (HERE / "fixtures" / "transcripts").iterdir() if p.is_file()]
    + [p for p in (HERE / "fixtures" / "readers").iterdir() if p.is_file()]
    + [p for p in (HERE.parent / "content").iterdir() if p.suffix in (".txt", ".md", ".html")]
)

EXPERTS = """---
title: Experts on the talks
---

The talks ended on Friday: both sides said little.

## Ann Lee

Ann Lee is a fellow at the Example Institute. Lee: the talks changed little.

## Ben Roe

Ben Roe is a director at the Sample Center.

## What comes next

Lee: more talks in May.
"""


def _source(text: str, rel: str = "doc.md") -> SourceFile:
    return SourceFile(rel, Path(rel), text, "", "utf-8")


def _squash_by_pattern(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()


def test_squash_is_the_pattern_on_every_white_space_character():
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    alphabet = spaces + list("ab :.\u200b\ufeff\x00\x7f\u2019")
    rng = random.Random(7)
    for _ in range(20_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert squash(value) == _squash_by_pattern(value), repr(value)


def test_a_markdown_document_is_parsed_once(monkeypatch):
    parses = []
    real = shared.MD.parse
    monkeypatch.setattr(shared.MD, "parse", lambda src, env=None: parses.append(src) or real(src, env))
    doc = read_document(_source(EXPERTS), None, Reporter(quiet=True))
    assert doc.reader == "markdown"  # the transcript reader looked at the parse, then declined
    assert len(parses) == 1


def test_a_plain_text_document_is_laid_out_once(monkeypatch):
    layouts = []
    real = furniture.paragraphs
    monkeypatch.setattr(furniture, "paragraphs", lambda body, line: layouts.append(line) or real(body, line))
    text = (HERE / "fixtures" / "readers" / "article-harbor.txt").read_text(encoding="utf-8")
    doc = read_document(_source(text, "a.txt"), None, Reporter(quiet=True))
    assert doc.reader == "article"  # after the roundup and Q&A readers laid it out to decide
    assert len(layouts) == 1


def test_nothing_is_kept_once_a_document_is_read(monkeypatch):
    read_document(_source(EXPERTS), None, Reporter(quiet=True))
    parses = []
    real = shared.MD.parse
    monkeypatch.setattr(shared.MD, "parse", lambda src, env=None: parses.append(src) or real(src, env))
    shared.markdown_tokens(EXPERTS.split("---\n", 2)[2])
    assert len(parses) == 1  # parsed again: the last document's parse was dropped


def test_labels_without_a_conversation_are_declined_before_the_paragraphs(monkeypatch):
    laid_out, rendered = [], []
    monkeypatch.setattr(transcript, "paragraphs", lambda *a: laid_out.append(a) or [])
    monkeypatch.setattr(transcript, "inline_html", lambda html: rendered.append(html) or html)
    front = frontmatter.split(EXPERTS, "doc.md")
    assert transcript.TranscriptReader().detect(_source(EXPERTS), front.body, front) is None
    assert laid_out == [] and rendered == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_transcript_detection_decides_as_the_full_parse(path):
    reporter = Reporter(quiet=True)
    source = read_source(path, path.name, reporter)
    front = frontmatter.split(source.text, source.rel)
    body = front.body if front else source.text
    found = transcript.TranscriptReader().detect(source, body, front)
    markdown = transcript._is_markdown(body, front)
    full = transcript.parse(body, front.body_line if front else 1, markdown)
    expected = (not furniture.looks_like_html(body)
                and any(speaker_label(line) for line in body.splitlines())
                and transcript.is_transcript(full))
    assert (found is not None) == expected
    if found is not None:
        assert found == full  # headings rendered and paragraphs laid out as by `parse`


@pytest.mark.parametrize("text", [
    "USIP’s Ana Ruiz, Li Wei and Jane Roe discuss the talks.",
    "The Institute's Ana Ruiz said so.",
    "China’s foreign ministry said so.",
    "the President’s Jane Roe",
    "No possessive here at all.",
])
def test_possessive_affiliations_as_the_whole_pattern(text):
    found = {}
    for match in roles._POSSESSIVE_LIST.finditer(text):
        org = re.sub(r"^(?:The|the)[ \u00a0]+", "", match.group("org"))
        words = org.split()
        if not (roles._ORG_WORD.search(org) or (len(words) == 1 and re.fullmatch(r"[A-Z][A-Z&.\-]{1,9}", words[0]))):
            continue
        for name in re.split(r",?[ \u00a0]+and[ \u00a0]+|,[ \u00a0]+", match.group("names")):
            if name.strip():
                found[name.strip()] = org
    assert roles.possessive_affiliations(text) == found


@pytest.mark.parametrize("author, text", [
    ("Jane Roe", "Jane Roe is a senior fellow at the Example Institute."),
    ("Jane Roe", "Jane Roe, who wrote this, and Jane Roe, is a fellow at X."),
    ("Jane Roe", "Jane Roes is a fellow. Jane Roe was the director of Y."),
    ("Ann Lee", "Nothing about her here."),
    ("A. B. Cee", "A. B. Cee has been an adviser to the ministry."),
])
def test_a_bio_line_is_found_as_by_a_pattern_with_the_name(author, text):
    m = re.search(re.escape(author) + r"[,]?\s+" + people._BIO_LINE, text)
    assert people._bio_after(author, text) == (m.group(1) if m else None)


def test_sentence_spans_as_before():
    text = "Dr. Roe spoke. “We will see,” she said. Then U.S. officials left! And that was it."
    starts = quotes.boundaries(text)
    for at in range(len(text) + 1):
        begin = max(s for s in starts if s <= at)
        later = [s for s in starts if s > at]
        assert quotes.sentence_span(text, starts, at) == (begin, later[0] if later else len(text))


def _scan_as_before(index: registry.PersonIndex, text: str, number: int) -> None:
    """`PersonIndex.scan` as it was before the people a run names were remembered per run."""
    for run in names.RUN.finditer(text):
        if " " not in run.group():
            continue
        words_in_run = run.group().split()
        candidates = names.split_run(run.group())
        for n, (local, prefix, tokens) in enumerate(candidates):
            after = len(prefix.split()) + len(tokens)
            if len(names.name_words(" ".join(tokens))) < 2 or (
                    after < len(words_in_run) and names.is_org_word(words_in_run[after])):
                continue
            title = local if roles.has_title(local) else prefix
            if n == 0:
                title = (registry._lookback(text, run.start()) + " " + title).strip()
            phrase = None
            if n == len(candidates) - 1 and not names.is_possessive(tokens[-1]):
                phrase = registry._following(text, run.end())
            index.add(names.clean_name(tokens), (number, run.start()), title, phrase,
                      styled=registry._styled(local, prefix))


def test_names_are_registered_as_before():
    texts = ["Former Deputy Secretary of State Jane Roe, a fellow at the Example Institute, met "
             "Ruritania’s foreign minister, Li Wei, and the Example Marshall Fund’s Ana Ruiz."]
    for path in DOCUMENTS:
        reporter = Reporter(quiet=True)
        doc = read_document(read_source(path, path.name, reporter), None, reporter)
        texts += [p.text for p in doc.passages()] + doc.captions + [doc.title]
    now, before = registry.PersonIndex(), registry.PersonIndex()
    for number, text in enumerate(texts):
        now.scan(text, number)
        _scan_as_before(before, text, number)
    assert now.people == before.people
    assert len(now.people) > 100


def test_a_reader_owns_the_lists_of_its_layout():
    body = "Harbor Talks Resume\n\nPHOTO: Ships at anchor\n\nThe first talks ended on Friday."
    first = furniture.layout(body, 1)
    first.captions.append("changed by its Document")
    first.blocks.clear()
    second = furniture.layout(body, 1)  # the same body, kept from the first call
    assert second.captions == ["Ships at anchor"]
    assert [b.text for b in second.blocks] == ["Harbor Talks Resume", "The first talks ended on Friday."]
