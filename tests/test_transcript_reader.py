"""The transcript reader and its speaker labels: one invented fixture per labelling convention,
lines that are not labels, real transcripts from the development corpus, and the seeds, which
keep their readers."""

from __future__ import annotations

import cProfile
import html
import pstats
import re
import time
from pathlib import Path

import pytest
import yaml

from site_builder.errors import Reporter
from site_builder.readers import frontmatter, read_document
from site_builder.readers.labels import speaker_label
from site_builder.readers.transcript import TranscriptReader
from site_builder.sanitize import inline_html, text_html
from site_builder.sources import SourceFile, read_source

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "transcripts"
DEVCORPUS = HERE / "devcorpus"
CONTENT = HERE.parent / "content"


def read(path: Path):
    reporter = Reporter(quiet=True)
    return read_document(read_source(path, path.name, reporter), None, reporter)


def read_directly(path: Path):
    """TranscriptReader alone, for documents a reader earlier in the table claims."""
    reporter = Reporter(quiet=True)
    source = read_source(path, path.name, reporter)
    front = frontmatter.split(source.text, source.rel)
    body, first = (front.body, front.body_line) if front else (source.text, 1)
    reader = TranscriptReader()
    found = reader.detect(source, body, front)
    return found, reader.read(source, body, first, front, found)


def turns(doc, words: int = 3) -> list[tuple[str, str]]:
    return [(s.label, " ".join(s.passages[0].text.split()[:words])) for s in doc.sections if s.kind == "turn"]


def intro(doc) -> list[str]:
    return [p.text for s in doc.sections if s.kind == "intro" for p in s.passages]


def labels(doc) -> set[str]:
    return {s.label for s in doc.sections if s.label}


# --- one invented document per convention ---------------------------------------------------


FIXTURE_TRUTH = {
    "plain-names.txt": (
        "Tariffs After the Election: A Panel on Trade Policy",
        ["The Harbor Policy Forum asked two trade economists how tariffs will change next year."],
        [("Ana Reyes", "Thank you for"), ("Tomas Ekberg", "They never left."), ("Ana Reyes", "Leverage costs money."),
         ("Tomas Ekberg", "That second table"), ("Ana Reyes", "Agreed.")],
    ),
    "caps-honorifics.txt": (
        "The Future of the Customs Union",
        ["A transcript of the Harbor Forum panel on customs policy."],
        [("MODERATOR", "Good evening, and"), ("DR. MARIA OKONJO-BELL", "Thank you. (Applause.)"),
         ("MR. LEE", "Thanks for inviting"), ("SECRETARY HALVORSEN", "The customs union"),
         ("MS. DUARTE", "It works for"), ("MR. LEE", "Consumers gain from"), ("AUDIENCE MEMBER", "What about small"),
         ("PARTICIPANT", "And the fishing"), ("QUESTIONER", "Will the union"), ("SECRETARY HALVORSEN", "It will.")],
    ),
    "hard-wrapped.txt": (
        "Ports, Quotas and the Northern Route",
        ["A transcript of the Harbor Forum's closing session."],
        [("ANNA VIK", "Good afternoon. We"),
         ("Chair of the Northern Shipping Council Rune Dahl", "Thank you very"),
         ("ANNA VIK", "Thank you, Professor"), ("RUNE DAHL", "Thank you.")],
    ),
    "bold-labels.md": (
        "Podcast: Shipping Lanes and the Next Tariff Round",  # from the front matter
        ["Episode 12 of the Harbor Podcast. Links are in the show notes."],
        [("Ana Reyes", "Welcome back. Today"), ("Tomas Ekberg", "Glad to be"), ("Ana Reyes", "Let us start"),
         ("Tomas Ekberg", "Steel is where"), ("Ana Reyes", "Thank you, Tomas.")],
    ),
    "heading-speakers.md": (
        "The Quota Debate, Transcribed",
        ["A debate held at the Harbor Forum on fishing quotas."],
        [("Ana Reyes", "Quotas protect the"), ("Tomas Ekberg", "Quotas protect incumbents."),
         ("Ana Reyes", "Incumbents are the")],
    ),
    "timestamps.txt": (
        "Harbor Podcast Episode 14 Transcript",
        ["Automatically transcribed and lightly edited."],
        [("Ana Reyes", "Welcome to episode"), ("Tomas Ekberg", "Thanks, Ana."), ("Ana Reyes", "Let us talk"),
         ("Tomas Ekberg", "The corridor depends"), ("Ana Reyes", "Insurance depends on"),
         ("Tomas Ekberg", "Then we are")],
    ),
    "chinese.md": (
        "港口与关税：一次对话",
        ["本文整理自港口论坛的一次对话。"],
        [("李明", "今天我们谈谈关税。"), ("Ana Reyes", "Thank you, I"), ("王小红", "关税会提高物价。"), ("李明", "我同意。"),
         ("王小红", "谢谢。")],
    ),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_TRUTH))
def test_invented_transcript(name):
    title, intro_texts, expected = FIXTURE_TRUTH[name]
    doc = read(FIXTURES / name)
    assert (doc.reader, doc.kind) == ("transcript", "transcript")
    assert doc.title == title and not doc.title.startswith("#")
    assert intro(doc) == intro_texts
    assert turns(doc) == expected
    assert all(s.speaker is None for s in doc.sections)  # extract/ decides whom a label names


@pytest.mark.parametrize("name", sorted(FIXTURE_TRUTH))
def test_passages_keep_their_lines_and_are_sanitized(name):
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    doc = read(FIXTURES / name)
    anchors = [s.anchor for s in doc.sections] + [p.anchor for p in doc.passages()]
    assert len(anchors) == len(set(anchors)) and all(anchors)
    for section in doc.sections:
        assert {p.kind for p in section.passages} <= {"turn" if section.kind == "turn" else "paragraph"}
    for p in doc.passages():
        opening = " ".join(p.text.split()[:2])
        source = re.sub(r"[*_\[\]]|\(https?:[^)]*\)", "", html.unescape(lines[p.line - 1]))
        assert opening in " ".join(source.split()), (p.line, opening)
        assert p.html in (text_html(p.text), inline_html(p.html))


def test_plain_text_turn_keeps_lines_that_only_look_like_labels():
    doc = read(FIXTURES / "plain-names.txt")
    assert (doc.date.iso(), doc.authors) == ("2024-03-04", ["Lena Sorvik"])
    second = [p.text for p in doc.sections[2].passages]
    assert second == ["They never left. The reason is simple: every government wants leverage.",
                      "Note: both panelists spoke in a personal capacity."]
    third = [p.text for p in doc.sections[3].passages]
    assert third[1] == "The data are at https://example.org/tariffs: look at the second table."
    assert third[2].startswith("- steel")


def test_description_after_a_comma_and_stage_directions():
    doc = read(FIXTURES / "caps-honorifics.txt")
    director = doc.sections[2]
    assert (director.label, director.bio) == ("DR. MARIA OKONJO-BELL", "Director of the Coastal Trade Institute")
    assert doc.sections[3].passages[0].text == "Thanks for inviting me. [Laughter] I will keep it short."


def test_markdown_links_and_emphasis_are_rendered_and_sanitized():
    doc = read(FIXTURES / "bold-labels.md")
    assert doc.date.iso() == "2024-05-02"
    first, link = doc.sections[1].passages[0], doc.sections[4].passages[0]
    assert first.html == "Welcome back. Today we talk about <em>tariffs</em>."
    assert link.html == ('Steel is where the <a href="https://example.org/quotas" rel="noopener noreferrer">'
                         "quotas</a> bite first.")
    assert not any("**" in p.text or p.text.startswith(("Ana Reyes", "Tomas")) for p in doc.passages())


def test_a_heading_that_names_no_speaker_stays_a_heading():
    doc = read(FIXTURES / "heading-speakers.md")
    last = doc.sections[-1]
    assert (last.kind, last.heading, last.label) == ("body", "Closing remarks", None)
    assert [p.text for p in last.passages] == ["The moderator thanked both speakers."]
    assert [p.text for p in doc.sections[1].passages] == ["Quotas protect the small fleets.", "They also protect the stock."]


def test_wrapped_label_and_label_alone_on_its_line():
    doc = read(FIXTURES / "hard-wrapped.txt")
    chair = doc.sections[2]
    assert chair.line == 7  # where the wrapped label starts
    assert [p.line for p in chair.passages] == [9, 11]
    assert chair.passages[0].text == "Thank you very much. The northern route rests on three pillars:"
    assert doc.sections[1].passages[-1].text.endswith("ten minutes. Professor Rune Dahl, please.")


def test_timestamp_alone_with_the_name_then_the_turn_below():
    doc = read(FIXTURES / "timestamps.txt")
    fifth = doc.sections[5]
    assert (fifth.label, fifth.line) == ("Ana Reyes", 13)
    assert [(p.line, p.text) for p in fifth.passages] == [(14, "Insurance depends on escorts."),
                                                          (15, "Escorts depend on politics.")]


def test_q_and_a_labels():
    # "Q:"/"A:" labels are turns like any other: the transcript reader reads them (the Q&A
    # reader keeps interviews whose questions are unlabelled lines).
    path = FIXTURES / "qa-letters.txt"
    assert read(path).reader == "transcript"
    found, doc = read_directly(path)
    assert found is not None and doc.title == "Five Questions on the Grain Corridor"
    assert turns(doc) == [("Q", "Is the grain"), ("A", "It is open,"), ("Q", "Who pays for"),
                          ("A", "Importers do, and"), ("QUESTION", "Will it last"), ("A", "Only if the")]


@pytest.mark.parametrize("name, reader", [("not-a-transcript.txt", "article"), ("jump-list.txt", "article")])
def test_documents_with_colons_that_are_not_transcripts(name, reader):
    doc = read(FIXTURES / name)
    assert doc.reader == reader
    found, _ = read_directly(FIXTURES / name)
    assert found is None


# --- speaker labels, line by line -------------------------------------------------------------


@pytest.mark.parametrize(
    "line, label, rest, timestamp, description",
    [
        ("Ana Reyes: We start.", "Ana Reyes", "We start.", None, None),
        ("ANA REYES: We start.", "ANA REYES", "We start.", None, None),
        ("MR. LEE: Yes.", "MR. LEE", "Yes.", None, None),
        ("MS. DUARTE: No.", "MS. DUARTE", "No.", None, None),
        ("DR. OKONJO-BELL: Maybe.", "DR. OKONJO-BELL", "Maybe.", None, None),
        ("MR MILLER: Good afternoon.", "MR MILLER", "Good afternoon.", None, None),
        ("SECRETARY BLINKEN: Thank you.", "SECRETARY BLINKEN", "Thank you.", None, None),
        ("**Ana Reyes:** Hello", "Ana Reyes", "Hello", None, None),
        ("**Ana Reyes**: Hello", "Ana Reyes", "Hello", None, None),
        ("__Ana Reyes:__ Hello", "Ana Reyes", "Hello", None, None),
        ("*Ana Reyes:* Hello", "Ana Reyes", "Hello", None, None),
        ("### Ana Reyes", "Ana Reyes", "", None, None),
        ("### Ana Reyes:", "Ana Reyes", "", None, None),
        ("Ana Reyes：你好", "Ana Reyes", "你好", None, None),
        ("Ana Reyes (00:01:02): Hi", "Ana Reyes", "Hi", "00:01:02", None),
        ("Ana Reyes [00:01:02]: Hi", "Ana Reyes", "Hi", "00:01:02", None),
        ("[00:01:02] Ana Reyes: Hi", "Ana Reyes", "Hi", "00:01:02", None),
        ("(01:02) Ana Reyes: Hi", "Ana Reyes", "Hi", "01:02", None),
        ("Ana Reyes 00:01:02", "Ana Reyes", "", "00:01:02", None),
        ("Matt (00:02):", "Matt", "", "00:02", None),
        ("**Lex Fridman  (00:00:00)**： 对我们", "Lex Fridman", "对我们", "00:00:00", None),
        ("**Lex Fridman (00:00:00)** It’s hard", "Lex Fridman", "It’s hard", "00:00:00", None),
        ("RASHID KHALIDI:", "RASHID KHALIDI", "", None, None),
        ("RICHARD HAASS, President of the Council on Foreign Relations: Please,", "RICHARD HAASS", "Please,",
         None, "President of the Council on Foreign Relations"),
        ("Former President of South Africa Thabo Mbeki:", "Former President of South Africa Thabo Mbeki", "",
         None, None),
        ("Q: Why?", "Q", "Why?", None, None),
        ("A: Because.", "A", "Because.", None, None),
        ("Q. Why?", "Q", "Why?", None, None),
        ("QUESTION: Why?", "QUESTION", "Why?", None, None),
        ("MODERATOR: Welcome.", "MODERATOR", "Welcome.", None, None),
        ("AUDIENCE MEMBER: Hi.", "AUDIENCE MEMBER", "Hi.", None, None),
        ("PARTICIPANT: Hi.", "PARTICIPANT", "Hi.", None, None),
        ("QUESTIONER: Hi.", "QUESTIONER", "Hi.", None, None),
        ("Speaker 2: Yes.", "Speaker 2", "Yes.", None, None),
        ("DD:", "DD", "", None, None),
        ("李明：今天我们谈谈关税。", "李明", "今天我们谈谈关税。", None, None),
        ("**莱克斯·弗里德曼 (00:00:00)** 以下是", "莱克斯·弗里德曼", "以下是", "00:00:00", None),
        ("Jean-Luc de la Croix: Oui.", "Jean-Luc de la Croix", "Oui.", None, None),
        ("Hassan al-Amin: Yes.", "Hassan al-Amin", "Yes.", None, None),
        (" MR PATEL: Good afternoon", "MR PATEL", "Good afternoon", None, None),
    ],
)
def test_speaker_label(line, label, rest, timestamp, description):
    found = speaker_label(line)
    assert found is not None, line
    assert (found.label, found.rest, found.timestamp, found.description) == (label, rest, timestamp, description)


@pytest.mark.parametrize(
    "line",
    [
        "Note: both panelists spoke in a personal capacity.",
        "Editor's Note: this story was updated.",
        "Update: the vote was postponed.",
        "The reason is simple: every government wants leverage.",
        "U.N., the IMF, the World Bank and NATO, that protected our interests,",
        "At 10:30 the markets had already priced it in.",
        "https://example.org/tariffs: look at the table",
        "- Ana Reyes: a list item",
        "* Ana Reyes: a list item",
        "1. Ana Reyes: a list item",
        "> Source: https://example.org",
        "The United Nations has traditionally had three pillars:",
        "I have to ask myself and ask you too: Does anyone seriously",
        "This begs the question: who is actually the fringe?",
        "Trade and the Future of Europe: a view from the ports",
        "However: nothing changed.",
        "Related Experts: Ana Reyes and Tomas Ekberg",
        "Press Briefing: Latest Insights on Israel-Hamas War",
        "(Applause.)",
        "**Pavel Durov: Telegram, Freedom, Censorship | Lex Fridman Podcast**",
        "**(00:01:12)** Yes, he’s 100% that guy",
        "**Introduction**",
        "(00:00:27) But again, if you look at something like Veo",
        "X: marks the spot",
        "Monday: rain",
        "3:2 was the score",
        "他说：关税会提高物价。",
        "What's Next: the vote",
    ],
)
def test_not_a_speaker_label(line):
    assert speaker_label(line) is None


@pytest.mark.parametrize("line", [
    "A:" * 50_000, "AAAA:" * 20_000, "A" * 100_000 + ":", "**" + "A:" * 50_000, "# " + "A " * 50_000,
    "[00:00] " * 12_000, "Ab (00:01:02) " * 7_000, "：" * 100_000, "MR. " * 25_000 + ":",
])
def test_a_huge_line_is_read_in_a_bounded_window(line):
    start = time.perf_counter()
    for _ in range(10):
        speaker_label(line)
    assert time.perf_counter() - start < 0.5  # a backtracking pattern would take minutes


def _calls(text: str) -> int:
    source = SourceFile("t.txt", None, text, "", "utf-8")
    profile = cProfile.Profile()
    profile.runcall(read_document, source, None, Reporter(quiet=True))
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("make", [
    lambda n: "Title Here\n\n" + "".join(f"SPEAKER {chr(65 + i % 26)}: turn {i}.\n\n" for i in range(n)),
    lambda n: "".join(f"Ab Cd{i % 7}:\nwrapped line one\nwrapped line two:\n" for i in range(n)),
])
def test_reading_work_grows_linearly(make):
    _calls(make(300))
    ratio = _calls(make(1200)) / _calls(make(300))
    assert ratio < 6, f"4x the input made {ratio:.1f}x the work"


# --- real transcripts -------------------------------------------------------------------------


def devdoc(prefix: str) -> Path:
    return next((DEVCORPUS / "docs").glob(prefix + "-*"))


def truth(prefix: str) -> dict:
    return yaml.safe_load(next((DEVCORPUS / "truth").glob(prefix + "-*.yaml")).read_text(encoding="utf-8"))


# Labels as read by hand in each document, without timestamps (the truth files keep them).
DEV_LABELS = {
    "04": {"Lex Fridman", "Demis Hassabis"},
    "05": {"Daniel Denvir", "DD", "Linda Sarsour", "LS"},
    "09": {"Timothy Colton", "Board Chairman of the Foundation for Development and Support of the Valdai "
           "Discussion Club Andrei Bystritsky", "President of Russia Vladimir Putin", "Vladimir Putin",
           "Tarja Halonen", "Heinz Fischer", "Former President of Austria Heinz Fischer",
           "Former President of South Africa Thabo Mbeki", "Thabo Mbeki"},
    # The clips played in the programme (Gangel, Cheney, Powell) are turns too.
    "10": {"AMY GOODMAN", "JAMIE GANGEL", "DICK CHENEY", "COL. LAWRENCE WILKERSON", "COLIN POWELL",
           "GLENN GREENWALD"},
    "13": {"AMY GOODMAN", "RASHID KHALIDI"},
    "16": {"莱克斯·弗里德曼", "Lex Fridman", "帕维尔·杜罗夫", "Pavel Durov"},
    "22": {"MR PATEL", "QUESTION"},
    "23": {"Matt"},
    "24": {"Olivia Dalton"},
    "30": {"Andrew Schwartz", "Jon B. Alterman"},
}
TITLE_MATCHES_TRUTH = ["04", "05", "09", "10", "13", "16", "23", "24", "30"]


def _bare(label: str) -> str:
    return re.sub(r"\s*\(\d{1,2}(?::\d{2}){1,2}\)$", "", label).split(",")[0].strip()


@pytest.mark.parametrize("prefix", sorted(DEV_LABELS))
def test_devcorpus_transcripts(prefix):
    doc = read(devdoc(prefix))
    assert (doc.reader, doc.kind) == ("transcript", "transcript")
    assert labels(doc) == DEV_LABELS[prefix]
    listed = {_bare(x) for c in truth(prefix)["contributors"] for x in c.get("labels") or []}
    assert listed <= labels(doc)
    if prefix in TITLE_MATCHES_TRUTH:
        assert doc.title == truth(prefix)["title"]
    assert not doc.title.startswith("#")


@pytest.mark.parametrize("prefix, expected", [
    ("05", [("Daniel Denvir", "Welcome to The"), ("DD", "Linda Sarsour. Welcome"), ("Linda Sarsour", "Thank you for"),
            ("DD", "What exactly have")]),
    ("09", [("Timothy Colton", "Good afternoon, ladies"),
            ("Board Chairman of the Foundation for Development and Support of the Valdai Discussion Club "
             "Andrei Bystritsky", "Thank you very"),
            ("Timothy Colton", "Very good."), ("President of Russia Vladimir Putin", "Tarja, Heinz, Thabo,")]),
    ("10", [("AMY GOODMAN", "Today marks the"), ("JAMIE GANGEL", "In your view,"), ("DICK CHENEY", "Yes."),
            ("JAMIE GANGEL", "Should we still")]),
    ("13", [("AMY GOODMAN", "Newly released documents"), ("RASHID KHALIDI", "Well, this was"),
            ("AMY GOODMAN", "Now, what about")]),
    ("04", [("Lex Fridman", "对我们人类来说"), ("Lex Fridman", "It’s hard for"), ("Demis Hassabis", "是的，完全正确。"),
            ("Demis Hassabis", "Yes, exactly. I")]),
])
def test_devcorpus_first_turns(prefix, expected):
    got = [(label, text[:len(want)]) for (label, text), (_, want) in zip(turns(read(devdoc(prefix))), expected)]
    assert got == expected


def test_continuation_paragraphs_stay_with_their_speaker():
    doc = read(devdoc("04"))
    fourth = [s for s in doc.sections if s.kind == "turn"][3]
    assert fourth.label == "Demis Hassabis"
    texts = [p.text for p in fourth.passages]
    assert texts[0].startswith("Yes, exactly.")
    assert texts[1].startswith("(00:00:27) 但是") and texts[2].startswith("(00:00:27) But again,")


@pytest.mark.parametrize("prefix, expected", [
    ("14", {"RICHARD HAASS", "SECRETARY HILLARY RODHAM CLINTON", "HAASS", "CLINTON", "QUESTIONER"}),
    ("19", {"MR MILLER", "QUESTION"}),
])
def test_transcripts_that_the_qa_reader_claims_first(prefix, expected):
    # QAReader precedes the transcript reader and takes documents where a question is followed
    # by a labelled answer; the transcript reader reads them fully when asked.
    found, doc = read_directly(devdoc(prefix))
    assert found is not None and labels(doc) == expected
    if prefix == "14":
        assert doc.title == truth("14")["title"]
        haass = next(s for s in doc.sections if s.label == "RICHARD HAASS")
        assert haass.bio == "President of the Council on Foreign Relations"
        texts = [p.text for p in doc.passages()]
        assert "(Applause.)" in texts  # stage directions are text
        assert any("the U.N., the IMF, the World Bank and NATO, that protected" in t for t in texts)


@pytest.mark.parametrize("prefix", ["06", "11", "12", "15", "21", "25", "26", "27", "28", "29", "31", "32", "33",
                                    "34", "35"])
def test_devcorpus_documents_that_are_not_transcripts(prefix):
    assert read(devdoc(prefix)).reader != "transcript"


# --- the seeds keep their readers -------------------------------------------------------------


@pytest.mark.parametrize("name, reader", [
    ("atlantic-council-experts-react-blinken-beijing.txt", "roundup"),
    ("usip-blinken-china-trip-stabilize-ties.txt", "qa"),
    ("foreign-policy-china-isnt-buying-bidens-balancing-act.txt", "article"),
    ("chinafile-whats-at-stake-blinken-heads-to-beijing.txt", "conversation"),
    ("blinken-launches-high-stakes-talks.txt", "article"),
])
def test_seeds_keep_their_readers(name, reader):
    assert read(CONTENT / name).reader == reader
    found, _ = read_directly(CONTENT / name)
    assert found is None  # not even a transcript further down the table


def test_read_uses_what_detect_found(monkeypatch):
    from site_builder.readers import transcript

    text = (FIXTURES / "timestamps.txt").read_text(encoding="utf-8")
    source = SourceFile("t.txt", None, text, "", "utf-8")
    reader = TranscriptReader()
    found = reader.detect(source, text, None)
    monkeypatch.setattr(transcript, "parse", lambda *a: pytest.fail("parsed twice"))
    assert len(turns(reader.read(source, text, 1, None, found))) == 6
