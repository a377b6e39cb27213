"""Experts, quotes and issue tags: `site_builder.extract`.

The acceptance tests read the five seed documents through the real readers
(no experts.yaml) and compare with the hand-checked `tests/ground_truth.yaml`.
The other tests use invented documents, so that extraction is shown to work
from sentence shapes and document structure rather than from known names.
"""

from __future__ import annotations

import html
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.errors import Reporter, SourceError
from site_builder.extract import Issue, IssueTagger, Mention, extract_mentions, load_taxonomy, person_key
from site_builder.models import Document, Passage, Section

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
TRUTH = yaml.safe_load((Path(__file__).resolve().parent / "ground_truth.yaml").read_text(encoding="utf-8"))
DOC_IDS = TRUTH["documents"]


# --- the seeds, read by the real readers ------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    from site_builder.readers import read_document
    from site_builder.sources import SIDECAR_SUFFIX, read_source

    reporter, docs = Reporter(), {}
    for doc_id, name in DOC_IDS.items():
        path = CONTENT / name
        sidecar_path = path.with_name(path.stem + SIDECAR_SUFFIX)
        sidecar = yaml.safe_load(sidecar_path.read_text(encoding="utf-8")) if sidecar_path.exists() else None
        docs[doc_id] = read_document(read_source(path, name, reporter), sidecar, reporter)
    return docs


@pytest.fixture(scope="module")
def mentions(seeds) -> dict[str, list[Mention]]:
    return {doc_id: extract_mentions(doc) for doc_id, doc in seeds.items()}


@pytest.fixture(scope="module")
def tagger() -> IssueTagger:
    return IssueTagger(load_taxonomy(CONTENT / "issues.yaml"))


def people_by_role(mentions, role):
    found = defaultdict(set)
    for doc_id, items in mentions.items():
        for m in items:
            if m.role == role:
                found[person_key(m.name)].add(doc_id)
    return found


def test_experts_are_exactly_the_nineteen(mentions):
    experts = people_by_role(mentions, "expert")
    expected = {person_key(name): set(docs) for name, docs in TRUTH["experts"].items()}
    assert set(experts) == set(expected)
    assert experts == expected  # Bonnie Glaser and Evan Medeiros in 002 and 003 under one key


def test_never_experts(mentions):
    experts = people_by_role(mentions, "expert")
    for name in TRUTH["not_experts"]:
        assert person_key(name) not in experts, name


def test_authors_are_bylines_not_experts(seeds, mentions):
    for doc_id, names in TRUTH["authors"].items():
        assert [person_key(a) for a in seeds[doc_id].authors] == [person_key(n) for n in names]
        for m in mentions[doc_id]:
            assert person_key(m.name) not in {person_key(n) for n in names} or m.role == "author"


def test_quoted_officials(mentions):
    officials = people_by_role(mentions, "official")
    for name, docs in TRUTH["officials"].items():
        assert officials.get(person_key(name)) == set(docs), name


def test_stated_affiliations(mentions):
    found = defaultdict(set)
    for items in mentions.values():
        for m in items:
            if m.affiliation:
                found[person_key(m.name)].add(m.affiliation)
    for name, affiliation in TRUTH["affiliations"].items():
        assert affiliation in found[person_key(name)], name


def test_contributors_come_from_structure(seeds, mentions):
    for doc_id in ("000", "001", "003"):
        doc = seeds[doc_id]
        contributions = [m for m in mentions[doc_id] if m.kind == "contribution"]
        sections = [s for s in doc.sections if s.kind in ("contribution", "answer") and s.speaker]
        assert [m.section for m in contributions] == [s.anchor for s in sections]
        for m, s in zip(contributions, sections):
            assert m.text == "" and m.passage == s.passages[0].anchor and m.line == s.line
    roundup = [m for m in mentions["000"] if m.kind == "contribution"]
    assert all(m.bio and m.bio.startswith(m.name) and m.affiliation in m.bio for m in roundup)


def test_sample_quotes(mentions):
    for expected in TRUTH["quotes"]:
        said = {(person_key(m.name), m.text) for m in mentions[expected["doc"]] if m.kind == "quote"}
        assert (person_key(expected["name"]), expected["text"]) in said, expected


def test_scare_quotes_are_nobodys(mentions):
    for scare in TRUTH["not_quotes"]:
        assert scare["text"] not in {m.text for m in mentions[scare["doc"]]}, scare


def test_quotes_are_verbatim(seeds, mentions):
    for doc_id, doc in seeds.items():
        passages = {p.anchor: p for p in doc.passages()}
        source = (CONTENT / DOC_IDS[doc_id]).read_text(encoding="utf-8")
        plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", source)).split())
        for m in mentions[doc_id]:
            assert m.passage in passages
            if m.kind == "quote":
                assert m.text and m.text in passages[m.passage].text, m
                assert " ".join(m.text.split()) in plain, m


def test_mentions_in_document_order(seeds, mentions):
    for doc_id, doc in seeds.items():
        order = {p.anchor: n for n, p in enumerate(doc.passages())}
        positions = [order[m.passage] for m in mentions[doc_id]]
        assert positions == sorted(positions)


def document_tags(doc, tagger) -> set[str]:
    return {slug for section in doc.sections for _, tags in tagger.section_tags(section) for slug in tags}


def test_issue_tags_per_document(seeds, tagger):
    tags = {doc_id: document_tags(doc, tagger) for doc_id, doc in seeds.items()}
    for slug, docs in TRUTH["issues"]["must"].items():
        for doc_id in docs:
            assert slug in tags[doc_id], (slug, doc_id)
    for slug, docs in TRUTH["issues"]["must_not"].items():
        for doc_id in docs:
            assert slug not in tags[doc_id], (slug, doc_id)


# --- invented documents: the same rules on names no code has seen ----------------


def paragraphs_document(path: Path, authors: list[str]) -> Document:
    section = Section(anchor="body", line=1)
    line = 1
    for n, block in enumerate(re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())):
        section.passages.append(Passage(anchor=f"p{n}", text=" ".join(block.split()), html="", line=line))
        line += block.count("\n") + 2
    return Document(source=path.name, title="", kind="news", reader="test", authors=authors, sections=[section])


def test_invented_article_sentence_shapes():
    expected = yaml.safe_load((FIXTURES / "invented-article.expected.yaml").read_text(encoding="utf-8"))
    doc = paragraphs_document(FIXTURES / "invented-article.txt", expected["authors"])
    got = [
        {"passage": int(m.passage[1:]), "name": m.name, "role": m.role, "affiliation": m.affiliation, "text": m.text}
        for m in extract_mentions(doc) if m.kind != "byline"
    ]
    assert got == expected["mentions"]
    kinds = {m.text: m.kind for m in extract_mentions(doc)}
    assert kinds["According to Dr. Ana Ruiz, a professor at Example University, the talks produced no agreement on "
                 "export controls."] == "paraphrase"
    bylines = [(m.name, m.role, m.affiliation) for m in extract_mentions(doc) if m.kind == "byline"]
    assert bylines == [("Sam Penman", "author", "Example Gazette")]  # "a reporter at the Example Gazette"


def structured_document(spec: dict) -> Document:
    doc = Document(source="fixture", title=spec["title"], kind=spec["kind"], reader="test", authors=spec["authors"])
    count = 0
    for n, item in enumerate(spec["sections"]):
        section = Section(
            anchor=f"s{n}", line=10 * n + 1, kind=item["kind"], heading=item.get("heading"),
            speaker=item.get("speaker"), bio=item.get("bio"),
        )
        for text in item["passages"]:
            count += 1
            section.passages.append(Passage(anchor=f"p{count}", text=text, html=text, line=10 * n + 2))
        doc.sections.append(section)
    return doc


def test_invented_roundup_structure():
    spec = yaml.safe_load((FIXTURES / "invented-roundup.yaml").read_text(encoding="utf-8"))
    got = [
        {"name": m.name, "role": m.role, "kind": m.kind, "affiliation": m.affiliation}
        for m in extract_mentions(structured_document(spec)) if m.kind != "byline"
    ]
    # "Editorial Staff" is a desk, not a person: no byline mention for it.
    assert not [m for m in extract_mentions(structured_document(spec)) if m.kind == "byline"]
    assert got == spec["expected"]


def one_passage(text: str, authors=()) -> list[Mention]:
    section = Section(anchor="s", line=1, passages=[Passage(anchor="p", text=text, html=text, line=1)])
    doc = Document(source="t", title="t", kind="news", reader="t", authors=list(authors), sections=[section])
    return [m for m in extract_mentions(doc) if m.kind != "byline"]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("“It works,” said Jane Roe, a senior fellow at the Example Institute.", "Jane Roe", "expert"),
        ("“It works,” Jane Roe, an analyst at Example Partners, said.", "Jane Roe", "expert"),
        ("Minister John Poe said, “It works.”", "John Poe", "official"),
        ("“It works,” said Rep. Ann Doe, the top Republican on the panel.", "Ann Doe", "official"),
        ("“It works,” said Tim Toe, a former senior Defense Department official.", "Tim Toe", "expert"),
        ("“It works,” said Ida Rowe, president of the Example Endowment.", "Ida Rowe", "expert"),
        ("“It works,” remarked Wu Lan, an expert on trade.", "Wu Lan", "expert"),
        ("“It works,” tweeted Ambassador Ola Nordmann.", "Ola Nordmann", "official"),
        ("“It works,” Prime Minister Sven Svensson told reporters.", "Sven Svensson", "official"),
        ("“It works,” said José Álvarez, a researcher.", "José Álvarez", "expert"),
        ("“It works,” said Ana Ortiz.", "Ana Ortiz", "other"),
        ("“It works,” said Jane Roe of the Example Institute.", "Jane Roe", "expert"),
        ("“It works,” according to Jane Roe, a fellow at the Example Institute.", "Jane Roe", "expert"),
        ("“It works,” said Jane Roe, Ruritania’s deputy foreign minister.", "Jane Roe", "official"),
        ("“It works,” said palace press secretary Ola Hansen.", "Ola Hansen", "official"),
        ("“It works,” Jane Roe, speaking in Paris, said.", "Jane Roe", "other"),
        ("Jane Roe, an analyst at Example Partners, told reporters: “It works.”", "Jane Roe", "expert"),
    ],
)
def test_attribution_shapes(text, name, role):
    (m,) = one_passage(text)
    assert (m.name, m.role, m.text.rstrip(".")) == (name, role, "It works")


def test_byline_author_quoted_is_author():
    (m,) = one_passage("“I was there,” said Sam Penman, who covered the talks.", authors=["Dr. Sam Penman"])
    assert m.role == "author"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry called the talks “candid.”",
        "“Nothing changed,” a senior official said.",
        "Officials say, “We will see.”",
        "“It works,” he said.",  # nobody to be "he"
        "“It works,” said Lyon.",  # one word that no full name in the document explains
        "“It works,” the Example Times said.",
        "“It works,” South Korea said.",  # a place, not a person
        "In a statement, the Example Ministry said it was “deeply concerned.”",
    ],
)
def test_no_speaker_no_mention(text):
    assert one_passage(text) == []


def test_short_reference_resolves_to_a_person_met_in_the_document():
    (m,) = one_passage("Jane Roe, a fellow at the Example Institute, spoke first. “It works,” Roe said.")
    assert (m.name, m.affiliation) == ("Jane Roe", "Example Institute")
    (m,) = one_passage("Foreign Minister Li Wei arrived. “It works,” Li said.")  # family name first
    assert (m.name, m.role) == ("Li Wei", "official")
    (m,) = one_passage("Jane Roe spoke first. “It works,” Mr. Roe said.")  # the honorific marks a person
    assert m.name == "Jane Roe"
    # A capitalised pair that nothing marks as a person does not explain a short name.
    assert one_passage("The Global Ruritania Hub met. “It works,” Ruritania said.") == []


# --- person_key -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mary S. Major", "Mary Major"),
        ("Dr. Mary Major", "mary major"),
        ("Prof. José Álvarez", "Jose Alvarez"),
        ("Ida O’Rowe Jr.", "Ida O'Rowe"),
        ("Jean-Luc Toe", "Jean-Luc  Toe"),
    ],
)
def test_person_key_merges(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("John K. Toe", "John Roe"),
        ("John Toe", "Jane Toe"),
        ("Li Wei", "Li Wenhua"),
        ("Mary Ann Major", "Mary Major"),
    ],
)
def test_person_key_keeps_people_apart(a, b):
    assert person_key(a) != person_key(b)


# --- taxonomy -----------------------------------------------------------------------

REQUIRED_SLUGS = {
    "military-communications", "taiwan", "fentanyl", "russia-ukraine", "south-china-sea", "spy-balloon",
    "summit-diplomacy", "trade-technology", "chinese-economy", "ai-governance", "climate-global-health",
    "people-to-people", "detained-americans-human-rights", "us-domestic-politics", "allies-partners",
}


def test_site_taxonomy_loads():
    issues = load_taxonomy(CONTENT / "issues.yaml")
    assert REQUIRED_SLUGS <= {i.slug for i in issues}
    for issue in issues:
        assert issue.name and issue.description.endswith(".") and issue.keywords
        assert all(isinstance(k, str) and k for k in issue.keywords)


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "issues.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_taxonomy_reports_every_problem_at_once(tmp_path):
    path = write(
        tmp_path,
        "- slug: taiwan\n  name: Taiwan\n  keywords: [Taiwan]\n"
        "- name: No slug\n"
        "- slug: taiwan\n  name: Again\n"
        "- slug: trade\n  name: Trade\n  keywords: chips\n"
        "- slug: Bad Slug\n  name: Bad\n  keyword: [x]\n"
        "- slug: empty\n  name:\n",
    )
    with pytest.raises(SourceError) as caught:
        load_taxonomy(path)
    error = caught.value
    message = str(error)
    assert error.path == str(path) and error.line == 4
    assert "6 problems" in message
    assert "line 4: issue 2: missing 'slug'" in message
    assert "line 5: issue 3 ('taiwan'): duplicate slug 'taiwan' (first at line 1)" in message
    assert "issue 4 ('trade'): 'keywords' must be a list" in message
    assert "unknown key 'keyword'" in message
    assert "slug 'Bad Slug' is not URL-safe (try 'bad-slug')" in message
    assert "issue 6 ('empty'): 'name' must be non-empty text" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slug: x\nname: X\n", "must be a non-empty list of issues"),
        ("[]\n", "must be a non-empty list of issues"),
        ("- slug: x\n  name: [X\n", "malformed YAML"),
        ("- just a string\n", "issue 1 must be a mapping"),
        ("- slug: x\n  name: X\n  keywords: [ok, [nested]]\n", "every entry of 'keywords' must be a word or phrase"),
    ],
)
def test_taxonomy_rejects(tmp_path, text, expected):
    with pytest.raises(SourceError, match=re.escape(expected)):
        load_taxonomy(write(tmp_path, text))


def test_taxonomy_keeps_keywords_as_typed(tmp_path):
    (issue,) = load_taxonomy(write(tmp_path, "issues:\n  - slug: vote\n    name: Vote\n    keywords: [no, 2024, on]\n"))
    assert issue.keywords == ["no", "2024", "on"] and issue.description == ""
    (issue,) = load_taxonomy(write(tmp_path, "- slug: vote\n  name: Elections\n"))
    assert issue.keywords == ["Elections"]  # no keywords: the name tags


# --- tagging ------------------------------------------------------------------------


def small_tagger():
    return IssueTagger([
        Issue("comms", "Comms", "", ["hotline", "mil-mil", "military-to-military communications"]),
        Issue("tech", "Tech", "", ["chip", "export controls", "AI"]),
        Issue("allies", "Allies", "", ["ally", "partners"]),
        Issue("balloon", "Balloon", "", ["spy balloon"]),
    ])


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Both hotlines were cut.", ["comms"]),
        ("A HOTLINE, at last.", ["comms"]),
        ("They revived mil mil channels and military to military communication.", ["comms"]),
        ("Military-to-military communications resumed.", ["comms"]),
        ("Chips and an export control regime.", ["tech"]),
        ("Sales of the chip-making tools.", ["tech"]),
        ("Her allies and one partner.", ["allies"]),
        ("The spy balloons drifted.", ["balloon"]),
        ("Costs were ballooning; a spy ballooning club met.", []),
        ("The hotliner and the chipset, totally unrelated, in Taipei.", []),
        ("AI rules and an ally; the hotline.", ["comms", "tech", "allies"]),
        ("", []),
    ],
)
def test_tagging_rules(text, tags):
    assert small_tagger().tags(text) == tags


def test_matches_explain_tags():
    assert small_tagger().matches("Two Hotlines and chips.") == {"comms": ["Hotlines"], "tech": ["chips"]}


def test_heading_counts_for_first_passage_only():
    section = Section(anchor="s", line=1, heading="The hotline question", passages=[
        Passage(anchor="a", text="Nothing here.", html="", line=2),
        Passage(anchor="b", text="Nor here.", html="", line=3),
    ])
    assert small_tagger().section_tags(section) == [("a", ["comms"]), ("b", [])]


def test_tagging_compiles_once_and_is_fast(tagger, seeds, monkeypatch):
    texts = [p.text for doc in seeds.values() for p in doc.passages()]
    compiled = []
    monkeypatch.setattr(re, "compile", lambda *a, **k: compiled.append(a) or pytest.fail("compiled while tagging"))
    # 10,000 articles of ~25 passages are 250,000 passages. About 30 µs a passage on an
    # idle laptop; the bound is loose so that a busy CI machine does not fail it, but
    # tight enough to catch a return to scanning the text once per keyword.
    count, start = 20_000, time.perf_counter()
    for n in range(count):
        tagger.tags(texts[n % len(texts)])
    elapsed = time.perf_counter() - start
    assert not compiled
    assert elapsed / count < 1e-3, f"{elapsed / count * 1e6:.0f} µs per passage"


def test_fast_path_agrees_with_the_issue_regex(tagger, seeds):
    texts = [p.text for doc in seeds.values() for p in doc.passages()]
    texts += ["Military-to-military talks", "the allies’ hotlines", "no ally", "Taiwanese chips", "mil- mil"]
    for text in texts:
        assert tagger.tags(text) == list(tagger.matches(text)), text


# --- no seed knowledge in the code ---------------------------------------------------


def test_code_names_no_seed_or_development_corpus_person():
    names = set(TRUTH["experts"]) | set(TRUTH["not_experts"]) | set(TRUTH["officials"])
    for truth in sorted((ROOT / "tests" / "devcorpus" / "truth").glob("*.yaml")):
        entry = yaml.safe_load(truth.read_text(encoding="utf-8"))
        names |= {p["name"] for key in ("contributors", "quoted", "officials") for p in entry.get(key) or []}
    # Words that are also ordinary English (a given name such as "Mark" or "Jack") stay allowed.
    ordinary = {"mark", "jack", "will", "long", "white", "young", "rice", "price", "more"}
    words = {w.strip(",.") for name in names for w in name.split()
             if len(w.strip(",.")) > 3 and w[:1].isupper() and w.strip(",.").lower() not in ordinary}
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")
    offenders = []
    for path in sorted((ROOT / "site_builder").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# --- properties ---------------------------------------------------------------------

_PIECES = st.sampled_from([
    "“", "”", '"', ",", ".", " ", "said", "Jane", "Roe", "Rep.", "he", "added", "according to",
    "a fellow at the", "Example Institute", "K.", "Li", "Wei", "Minister", "told", "’s", "declaring",
    ":", "South", "Mr.", "\u00a0", "—", "(", ")", "É", "İ", "hotline", "allies",
])
_TEXTS = st.lists(_PIECES, max_size=40).map(" ".join) | st.text(max_size=120)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=3))
def test_any_text_gives_verbatim_quotes_and_consistent_tags(texts):
    section = Section(anchor="s", line=1, kind="answer", speaker="Roe", passages=[
        Passage(anchor=f"p{n}", text=text, html=text, line=1) for n, text in enumerate(texts)
    ])
    doc = Document(source="t", title="t", kind="qa", reader="t", sections=[section])
    for m in extract_mentions(doc):
        assert m.kind == "contribution" or (m.text and m.text in texts[int(m.passage[1:])])
    tagger = small_tagger()
    for text in texts:
        assert tagger.tags(text) == list(tagger.matches(text))
