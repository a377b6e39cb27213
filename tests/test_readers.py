"""Readers: real parsed output for the seed documents, plus invented documents of
the same kinds that prove the readers follow structure, not one corpus's wording."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from site_builder.errors import Reporter
from site_builder.models import PartialDate
from site_builder.readers import read_document
from site_builder.readers.article import byline, date_line, first_sentence
from site_builder.readers.furniture import classify, is_breadcrumb, layout
from site_builder.readers.qa import full_name
from site_builder.sanitize import inline_html, text_html
from site_builder.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"

ROUNDUP = "atlantic-council-experts-react-blinken-beijing.txt"
QA = "usip-blinken-china-trip-stabilize-ties.txt"
NEWS = "foreign-policy-china-isnt-buying-bidens-balancing-act.txt"
CONVERSATION = "chinafile-whats-at-stake-blinken-heads-to-beijing.txt"
ARTICLE = "blinken-launches-high-stakes-talks.txt"
SEEDS = [ROUNDUP, QA, NEWS, CONVERSATION, ARTICLE]
PLAIN_SEEDS = [ROUNDUP, QA, NEWS, ARTICLE]

FURNITURE = [
    "Click to jump", "Further reading", "Related Experts", "Image:", "About the author",
    "Leave a Comment", "The views expressed", "PUBLICATION TYPE", "PHOTO:", "Doug Mills",
    "LEAH MILLIS", "photo-credit", "China Economy & Business",
]


def read(path: Path, sidecar: dict | None = None, rel: str | None = None):
    reporter = Reporter()
    source = read_source(path, rel or path.name, reporter)
    return read_document(source, sidecar, reporter), reporter


def seed(name: str, sidecar: dict | None = None):
    return read(CONTENT / name, sidecar)[0]


def sidecar_of(name: str) -> dict:
    return yaml.safe_load((CONTENT / name.replace(".txt", ".meta.yaml")).read_text(encoding="utf-8"))


def contributions(doc):
    return [s for s in doc.sections if s.kind in ("contribution", "answer")]


# --- the seeds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, reader, kind, title, date, authors",
    [
        (ROUNDUP, "roundup", "roundup",
         "Experts react: Blinken makes the rounds in Beijing. Will there be a US-China thaw?",
         PartialDate(2023, 6, 19), []),
        (QA, "qa", "qa", "Blinken’s China Trip Shows Both Sides Want to Stabilize Ties", None, []),
        (NEWS, "article", "news", None, None, ["Robbie Gramer", "Christina Lu"]),
        (CONVERSATION, "conversation", "conversation", "What’s at Stake as Antony Blinken Heads to Beijing",
         PartialDate(2023, 6, 16), None),
        (ARTICLE, "article", "news", "US-China tensions: Blinken launches high-stakes talks", None, ["Florence Akano"]),
    ],
)
def test_seed_metadata(name, reader, kind, title, date, authors):
    doc = seed(name)
    assert (doc.reader, doc.kind) == (reader, kind)
    if title is not None:
        assert doc.title == title and not doc.title_derived
    assert doc.date == date
    # No seed names its publisher in the body; the conversation's own URL names its site.
    assert doc.publication == ("chinafile.com" if name == CONVERSATION else None)
    if authors is not None:
        assert doc.authors == authors


def test_roundup_series_and_contributions():
    doc = seed(ROUNDUP)
    assert doc.series == "New Atlanticist"
    experts = contributions(doc)
    assert len(experts) == 7
    assert doc.sections[0].kind == "intro" and doc.sections[0].anchor == "intro"
    first = experts[0]
    assert first.speaker == "Markus Garlauskas"
    assert first.heading == "Measure Blinken’s success by the world’s reaction, not Beijing’s intransigence"
    assert first.bio.startswith("Markus Garlauskas is the director of the Indo-Pacific Security Initiative")
    assert experts[1].speaker == "John K. Culver"
    assert experts[4].speaker == "Emma Verges"  # as in the jump list
    assert len(first.passages) == 3 and {p.kind for p in first.passages} == {"contribution"}
    texts = [p.text for p in doc.passages()]
    assert not any(t.startswith(s.speaker + " is ") for s in experts for t in texts)  # bios are not passages


def test_qa_speakers_resolved_and_labels_stripped():
    doc = seed(QA)
    answers = contributions(doc)
    assert len(answers) == 3
    assert [s.speaker for s in answers] == ["Rosie Levine", "Carla Freeman", "Andrew Scobell"]
    assert answers[0].heading == "What was expected for Blinken’s visit to Beijing and did it deliver?"
    assert all(p.kind == "answer" for s in answers for p in s.passages)
    assert answers[0].passages[0].text.startswith("The U.S.-China bilateral relationship")
    assert not any(p.text.startswith(("Levine:", "Freeman:", "Scobell:")) for p in doc.passages())
    intro = doc.sections[0]
    assert intro.kind == "intro" and len(intro.passages) == 3


def test_conversation_contributors_and_intro():
    doc = seed(CONVERSATION)
    blocks = contributions(doc)
    assert [s.speaker for s in blocks] == ["Evan Medeiros", "Sheena Greitens", "Bonnie S. Glaser"]
    assert all(s.kind == "contribution" for s in blocks)
    assert all(p.kind == "contribution" for s in blocks for p in s.passages)
    assert [len(s.passages) for s in blocks] == [7, 7, 3]
    intro = doc.sections[0]
    assert intro.kind == "intro" and intro.passages[0].text.startswith("United States Secretary of State")
    assert doc.url == "https://www.chinafile.com/conversation/whats-stake-antony-blinken-heads-beijing"


def test_conversation_links_are_sanitized():
    doc = seed(CONVERSATION)
    first = contributions(doc)[0].passages[0]
    assert '<a href="https://www.cbsnews.com/news/antony-blinken-china-travel-spy-balloon/"' in first.html
    assert 'rel="noopener noreferrer"' in first.html
    assert "nofollow" not in first.html and "target=" not in first.html and "class=" not in first.html
    assert "first visit" in first.text and "<" not in first.text


def test_news_title_comes_from_sidecar():
    doc = seed(NEWS)
    assert doc.title_derived and doc.title  # made up from the first sentence
    merged = seed(NEWS, sidecar_of(NEWS))
    assert merged.title == "China Isn't Buying Biden's Balancing Act" and not merged.title_derived
    assert merged.publication == "Foreign Policy" and merged.date == PartialDate(2023, 6)
    assert merged.authors == ["Robbie Gramer", "Christina Lu"]


def test_sidecars_add_what_the_text_lacks():
    qa = seed(QA, sidecar_of(QA))
    assert qa.date == PartialDate(2024, 4) and qa.publication == "U.S. Institute of Peace (USIP)"
    roundup = seed(ROUNDUP, sidecar_of(ROUNDUP))
    assert roundup.date == PartialDate(2023, 6, 19) and roundup.publication == "Atlantic Council"


def test_article_subheading_becomes_section():
    doc = seed(ARTICLE)
    headings = [s.heading for s in doc.sections if s.heading]
    assert headings == ["Blinken Vows to Address Concerns in Talks with Chinese Officials"]
    assert doc.passages().__next__().text.startswith("US Secretary of State Antony Blinken embarked")
    assert "Dr. Florence Akano" not in [p.text for p in doc.passages()]


@pytest.mark.parametrize("name", SEEDS)
def test_no_furniture_in_passages_or_headings(name):
    doc = seed(name)
    texts = [p.text for p in doc.passages()] + [p.html for p in doc.passages()]
    texts += [s.heading or "" for s in doc.sections]
    for text in texts:
        for furniture in FURNITURE:
            assert furniture not in text, (furniture, text[:80])


@pytest.mark.parametrize(
    "name, fragment",
    [
        (ROUNDUP, "Great Hall of the People in Beijing, China, June 19, 2023."),
        (QA, "(Doug Mills/The New York Times)"),
        (NEWS, "LEAH MILLIS/POOL/AFP VIA GETTY IMAGES"),
        (CONVERSATION, "Chiefs of Mission reception"),
    ],
)
def test_captions_are_kept_once(name, fragment):
    doc = seed(name)
    matching = [c for c in doc.captions if fragment in c]
    assert len(matching) == 1
    assert len(doc.captions) == len(set(doc.captions))


def test_split_caption_is_joined():
    caption = seed(NEWS).captions[0]
    assert caption.startswith("U.S. Secretary of State Antony Blinken, second from the left")
    assert "sitting at the head of the table, at the Great Hall" in caption


@pytest.mark.parametrize("name", SEEDS)
def test_anchors_unique_and_stable(name):
    first, second = seed(name), seed(name)
    anchors = [s.anchor for s in first.sections] + [p.anchor for p in first.passages()]
    assert len(anchors) == len(set(anchors)) and all(anchors)
    assert anchors == [s.anchor for s in second.sections] + [p.anchor for p in second.passages()]
    assert [p.anchor for p in first.passages()] == [f"p-{n}" for n in range(1, len(anchors) - len(first.sections) + 1)]


@pytest.mark.parametrize("name", SEEDS)
def test_passage_lines_point_into_the_file(name):
    lines = (CONTENT / name).read_text(encoding="utf-8").split("\n")
    doc = seed(name)
    for p in doc.passages():
        opening = " ".join(p.text.split()[:4])
        line = html.unescape(re.sub(r"<[^>]+>", "", lines[p.line - 1]))  # tags may split the words
        assert opening in " ".join(line.split()), (p.line, opening)


@pytest.mark.parametrize("name", SEEDS)
def test_passage_html_is_sanitized(name):
    for p in seed(name).passages():
        assert p.html in (text_html(p.text), inline_html(p.html))


@pytest.mark.parametrize("name", SEEDS)
def test_reader_choice_ignores_file_name(name, tmp_path):
    original = seed(name)
    for other in ("document.md", "notes.html", "untitled.txt"):
        copy = tmp_path / other
        shutil.copyfile(CONTENT / name, copy)
        doc = read(copy)[0]
        assert doc.reader == original.reader
        assert [p.text for p in doc.passages()] == [p.text for p in original.passages()]


# --- invented documents of each kind ----------------------------------------------------


def fixture(name: str):
    return read(FIXTURES / name)


def test_invented_roundup():
    doc, reporter = fixture("roundup-harbor.txt")
    assert doc.reader == "roundup" and doc.kind == "roundup"
    assert doc.title == "Experts react: A port deal reshapes northern shipping. Who wins?"
    assert (doc.date, doc.series, doc.authors) == (PartialDate(2021, 3, 3), "Commentary", [])
    experts = contributions(doc)
    assert [(s.speaker, s.heading) for s in experts] == [
        ("Ana Whitlow", "Shipping costs will fall, but not for long"),
        ("Tomas R. Ekberg", "Security planners should watch the icebreakers"),
    ]
    assert experts[1].bio == "Tomas R. Ekberg is the director of the Polar Security Project."
    # A hard-wrapped paragraph is one passage.
    assert experts[0].passages[0].text.endswith("before insurers catch up with the new risks.")
    assert experts[0].passages[0].line == 19
    assert doc.captions == ["A cargo ship passes an icebreaker near the harbor entrance, March 1, 2021."]
    assert not any("Related Experts" in p.text or "jump" in p.text for p in doc.passages())
    assert reporter.warnings == []


def test_roundup_without_jump_list(tmp_path):
    text = (
        "Five Views on the Canal Tolls\n\nBy Harbor Review staff\n\nTolls went up again. We asked two analysts.\n\n"
        "Tolls will push traffic north\n\nShippers will reroute within a year.\n\n"
        "Lina Sørensen is a shipping analyst.\n\n"
        "The canal still has pricing power\n\nNo other route is as short.\n\n"
        "Omar Haddad is an economist at a port authority.\n"
    )
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    doc = read(tmp_path / "x.txt")[0]
    assert doc.reader == "roundup"
    assert [(s.speaker, s.heading) for s in contributions(doc)] == [
        ("Lina Sørensen", "Tolls will push traffic north"),
        ("Omar Haddad", "The canal still has pricing power"),
    ]
    assert [p.text for p in doc.sections[0].passages] == ["Tolls went up again. We asked two analysts."]


def test_invented_qa():
    doc, _ = fixture("qa-fisheries.txt")
    assert doc.reader == "qa" and doc.title == "What the New Fisheries Pact Means for the Coast"
    answers = contributions(doc)
    assert [(s.heading, s.speaker) for s in answers] == [
        ("Who gains the most from the pact?", "Maria Lopez"),
        ("Will the joint patrol work?", "Daniel Okafor"),
        ("What should readers watch next?", "Maria Lopez"),
        ("What should readers watch next?", "Daniel Okafor"),
    ]
    assert [p.text for p in answers[0].passages] == [
        "Small fleets gain the most, because the quotas protect inshore waters.",
        "They also gain access to shared catch data for the first time.",
    ]
    assert doc.captions == ["A fishing boat waits at the quay in Port Elena, May 2, 2022. (Lena Park/Harbor Daily)"]
    assert not any("Lena Park" in p.text or "views expressed" in p.text for p in doc.passages())
    anchors = [s.anchor for s in doc.sections]
    assert anchors == ["intro", "s-maria-lopez", "s-daniel-okafor", "s-maria-lopez-2", "s-daniel-okafor-2"]


def test_invented_markdown():
    doc, reporter = fixture("notes.md")
    assert doc.reader == "markdown" and doc.kind == "notes"
    assert doc.title == "Field notes on the harbor talks" and not doc.title_derived
    assert doc.date == PartialDate(2022, 5, 10) and doc.authors == ["Jane Doe"]
    assert [s.heading for s in doc.sections] == [None, "First impressions", "Second thoughts"]
    passages = list(doc.passages())
    assert passages[0].html.count('<a href="https://example.org/brief" rel="noopener noreferrer">link</a>') == 1
    assert "<b>bold</b>" in passages[0].html
    assert all("script" not in p.html and "alert" not in p.text and "onclick" not in p.html for p in passages)
    assert passages[1].text == "Paragraph one wrapped onto two lines." and passages[1].line == 12
    assert [p.text for p in doc.sections[2].passages] == ["a list item", "another item", "Raw block kept safely"]
    assert reporter.warnings == []


def test_markdown_sections_headed_by_a_name_with_a_bio_are_contributions():
    doc, _ = fixture("roundup-by-hand.md")
    blocks = contributions(doc)
    assert [(s.speaker, s.heading) for s in blocks] == [("Maria Lopez", None), ("Daniel A. Okafor", None)]
    assert blocks[0].bio == "Maria Lopez is a senior fellow at the Coastal Policy Institute."
    assert [p.text for p in blocks[1].passages] == ["The enforcement clause is weaker than it looks."]
    assert {p.kind for s in blocks for p in s.passages} == {"contribution"}
    last = doc.sections[-1]  # a bio-like sentence under a heading that is not a name stays text
    assert (last.kind, last.heading, last.speaker) == ("body", "What comes next", None)
    assert [p.text for p in last.passages] == ["Daniel Okafor is expected to testify next week."]


def test_invented_conversation():
    doc, _ = fixture("panel.html")
    assert doc.reader == "conversation" and doc.kind == "conversation"
    assert doc.title == "Can the Harbor Talks Succeed?"
    blocks = contributions(doc)
    assert [s.speaker for s in blocks] == ["Ann Whitfield", "Rafael Ortiz"]
    assert blocks[1].bio == "Rafael Ortiz is a professor of maritime law."
    assert [p.text for p in blocks[1].passages] == ["Only paragraph from the second contributor."]
    assert [(p.line, p.text) for p in blocks[0].passages] == [
        (8, "First contributor paragraph about quotas."), (9, "Second contributor paragraph about patrols."),
    ]
    intro = doc.sections[0].passages[0]
    assert intro.line == 4 and "data-track" not in intro.html and "target" not in intro.html
    assert '<a href="https://example.org/background" rel="noopener noreferrer">Background</a>' in intro.html
    assert doc.captions == ["Delegates arrive at the harbor, May 1, 2022."]


def test_invented_article():
    doc, _ = fixture("article-harbor.txt")
    assert doc.reader == "article" and doc.kind == "news"
    assert doc.title == "Harbor Talks Stall Over Fishing Rights"
    assert doc.authors == ["Jane Doe", "John Roe"] and doc.date == PartialDate(2022, 6, 3)
    assert [s.heading for s in doc.sections] == [None, "What Comes Next for the Fleets"]
    texts = [p.text for p in doc.passages()]
    assert texts[-1].startswith("Skippers on both sides") and "Jane Doe" not in texts
    assert "Leave a Comment" not in texts


def test_markdown_wins_for_front_matter_over_plain_text(tmp_path):
    (tmp_path / "a.txt").write_text("---\ntitle: Hand Written\n---\nJust one paragraph.\n", encoding="utf-8")
    doc = read(tmp_path / "a.txt")[0]
    assert (doc.reader, doc.title, doc.kind) == ("markdown", "Hand Written", "article")
    assert next(doc.passages()).line == 4


def test_html_page_without_contributors(tmp_path):
    (tmp_path / "p.html").write_text("<h1>Page</h1>\n<p>One.</p>\n<h2>Part</h2>\n<p>Two.</p>\n", encoding="utf-8")
    doc = read(tmp_path / "p.html")[0]
    assert doc.reader == "conversation" and doc.kind == "page" and doc.title == "Page"
    assert [(s.heading, [p.text for p in s.passages]) for s in doc.sections] == [(None, ["One."]), ("Part", ["Two."])]


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Click to jump to an expert analysis:", "furniture"),
        ("Scroll down to jump to each response", "furniture"),
        ("Related Topics: Trade, Energy", "furniture"),
        ("The opinions expressed here are the author's own.", "furniture"),
        ("CONTENT TYPE: Analysis", "furniture"),
        ("Further reading", "stop"),
        ("About the authors", "stop"),
        ("Leave a reply", "stop"),
        ("PHOTO: Ships in the harbor.", "caption"),
        ("Ships in the harbor at dawn. (Jane Roe/Harbor Daily)", "caption"),
        ("Ships in the harbor at dawn. JANE ROE/REUTERS VIA ALAMY", "caption"),
        ("The two sides met for three hours on Friday.", None),
        ("Leaders of the U.S./EU trade council met on Friday.", None),
        ("Smith: We will see (and/or hope).", None),
    ],
)
def test_classify(line, expected):
    assert classify(line) == expected


def test_breadcrumb_only_at_the_top():
    crumb = "Energy & Climate Trade & Markets Northern Europe"
    assert is_breadcrumb(crumb) and not is_breadcrumb("Crime & Punishment")
    assert classify(crumb, first=True) == "furniture" and classify(crumb) is None
    lay = layout(crumb + "\nTitle Here\n\nBody text.", 1)
    assert [b.text for b in lay.blocks] == ["Title Here", "Body text."]


def test_repeated_caption_lines():
    caption = "A long caption describing the scene, with a comma."
    lay = layout(f"Title\n\n{caption}\n\nBody text.\n\n{caption}\n", 1)
    assert [b.text for b in lay.blocks] == ["Title", "Body text."] and lay.captions == [caption]


def test_credit_on_its_own_line_joins_the_caption_above():
    lay = layout("Ships at anchor off the coast.\nJANE DOE/AFP VIA GETTY IMAGES\n\nBody text here.", 1)
    assert [b.text for b in lay.blocks] == ["Body text here."]
    assert lay.captions == ["Ships at anchor off the coast. JANE DOE/AFP VIA GETTY IMAGES"]


def test_wrapped_lines_and_one_paragraph_per_line():
    wrapped = layout("The ships left the harbor at dawn and sailed\nnorth along the coast until the fog came in.\n", 1)
    assert [b.text for b in wrapped.blocks] == [
        "The ships left the harbor at dawn and sailed north along the coast until the fog came in."
    ]
    per_line = layout("Harbor Talks Resume\nThe first talks ended on Friday.\nThe second round starts today.\n", 1)
    assert [(b.line, b.text) for b in per_line.blocks] == [
        (1, "Harbor Talks Resume"), (2, "The first talks ended on Friday."), (3, "The second round starts today."),
    ]


@pytest.mark.parametrize(
    "text, names",
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ann van der Berg", ["Jane Doe", "John Roe", "Ann van der Berg"]),
        ("Written by Prof. Kim Lee", ["Kim Lee"]),
        ("By A. B. Smith, a fellow at the Harbor Institute, and C. Jones, an editor.", ["A. B. Smith", "C. Jones"]),
        ("By Harbor Institute experts", []),
        ("By The Editors", []),
        ("By contrast, the talks went well.", None),
        ("Ships sailed by night.", None),
    ],
)
def test_byline(text, names):
    assert byline(text) == names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Commentary June 1, 2023", (PartialDate(2023, 6, 1), "Commentary")),
        ("Published 5 Sept. 2022", (PartialDate(2022, 9, 5), None)),
        ("2021-02-03 | Field Notes", (PartialDate(2021, 2, 3), "Field Notes")),
        ("The talks ended on June 1, 2023, without a deal between the two sides.", None),
    ],
)
def test_date_line(text, expected):
    assert date_line(text) == expected


def test_full_name_skips_possessives_and_honorifics():
    texts = ["The Institute’s Ana Ruiz and Dr. Ben Cole discuss the talks."]
    assert full_name("Ruiz", texts) == "Ana Ruiz"
    assert full_name("Cole", texts) == "Ben Cole"
    assert full_name("Nobody", texts) is None


def test_first_sentence_keeps_abbreviations():
    assert first_sentence("The U.S. Navy sailed. Then it rained.") == "The U.S. Navy sailed."
    assert first_sentence("one two three four five six seven eight nine ten eleven twelve thirteen.") == (
        "one two three four five six seven eight nine ten eleven twelve…"
    )
