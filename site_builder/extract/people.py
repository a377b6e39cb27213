"""Contributors and quoted people of one document, in document order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.extract import quotes as q
from site_builder.extract.mentions import Mention
from site_builder.extract.names import PRONOUNS, RUN, person_key
from site_builder.extract.registry import Person, PersonIndex, Position
from site_builder.extract.roles import affiliation, classify
from site_builder.models import Document, Passage, Section

CONTRIBUTION_KINDS = {"contribution", "answer"}
PRONOUN_REACH = 2  # "he added" looks back this many passages for the last speaker
_ACCORDING = re.compile(rf"\b[Aa]ccording to[ \u00a0]+(?P<run>{RUN.pattern})")


@dataclass(slots=True)
class Speaker:
    person: Person
    title: str = ""  # written before the name: "Rep.", "Foreign Ministry spokesperson"
    phrase: str | None = None  # written after it: "a fellow at the Example Institute"
    where: str | None = None  # "of the Sample Center" right after the name


def extract_mentions(doc: Document) -> list[Mention]:
    passages = [(s, p) for s in doc.sections for p in s.passages]
    index = PersonIndex()
    for number, (_, passage) in enumerate(passages):
        index.scan(passage.text, number)
    for caption in doc.captions:  # placed last, so text near a quote wins over a photo caption
        index.scan(caption, len(passages))
    authors = {person_key(a) for a in doc.authors}

    found: list[tuple[Position, Mention]] = []
    first = {}
    for number, (section, _) in enumerate(passages):
        first.setdefault(id(section), number)
    for section in doc.sections:
        if section.kind in CONTRIBUTION_KINDS and section.speaker:
            number = first.get(id(section), len(passages))
            found.append(((number, -1), _contribution(section, index, number)))

    last: tuple[Speaker, int] | None = None  # the last quoted speaker and their passage number
    for number, (section, passage) in enumerate(passages):
        text, starts = passage.text, q.boundaries(passage.text)
        previous_close = 0
        for quote in q.find_quotes(text):
            at = (number, quote.start)
            begin = max(q.sentence_span(text, starts, quote.opened)[0], previous_close)
            end = q.sentence_span(text, starts, quote.closed)[1]
            previous_close = quote.closed
            recent = last if last and number - last[1] <= PRONOUN_REACH else None
            said = q.after(text, quote, end) or (None if quote.stray else q.before(text, quote, begin))
            if said is not None:
                who = _who(said, index, at, recent)
            elif recent and number - recent[1] <= 1 and q.starts_sentence(text, quote, begin):
                who = recent[0]  # an unattributed sentence quoted right after another continues it
            else:
                who = None
            if who is None:
                continue  # scare quotes, or "a senior official said"
            last = (who, number)
            found.append((at, _mention(who, quote.text, section, passage, authors)))
        for according in _ACCORDING.finditer(text):
            words = _according(text, starts, according)
            who = _who(q.Attribution(according.group("run")), index, (number, according.start()), None)
            if words and who and not _quotes_in_sentence(text, starts, according.start()):
                found.append(((number, according.start()), _mention(who, words, section, passage, authors)))
    found.sort(key=lambda item: item[0])
    return [mention for _, mention in found]


def _who(said: q.Attribution, index: PersonIndex, at: Position, recent) -> Speaker | None:
    if said.subject.lower() in PRONOUNS:
        return recent[0] if recent else None
    for subject in said.candidates or [said.subject]:
        found = index.resolve(subject, at)
        if found:
            person, title, where = found
            if said.phrase:
                person.phrases.insert(0, said.phrase)
            return Speaker(person, title, said.phrase, where)
    return None


def _mention(who: Speaker, text: str, section: Section, passage: Passage, authors: set[str]) -> Mention:
    person = who.person
    phrase = who.phrase or next(iter(person.phrases), None)
    if person.role:
        role = person.role
    elif person_key(person.name) in authors:
        role = "author"
    else:
        role = classify(" ".join([who.title, *person.titles]), phrase or who.where, "other")
    return Mention(
        name=person.name, role=role, kind="quote", passage=passage.anchor, section=section.anchor,
        text=text, affiliation=affiliation(phrase) or affiliation(who.where),
        bio=phrase or person.styled or who.where, line=passage.line,
    )


def _contribution(section: Section, index: PersonIndex, number: int) -> Mention:
    name = section.speaker.strip().rstrip(":").strip()
    if len(name.split()) == 1:
        # Q&A sections often name the speaker by surname; the intro gave the full name.
        found = index.resolve(name, (number, -1), confirmed_only=False)
        name = found[0].name if found else name
    bio = section.bio.strip() if section.bio else None
    about = _about(bio)
    role = classify(None, about, "expert")
    index.add(name, (number, -1), phrase=about, confirmed=True).role = role
    return Mention(
        name=name, role=role, kind="contribution",
        passage=section.passages[0].anchor if section.passages else section.anchor,
        section=section.anchor, text="", affiliation=affiliation(about), bio=bio, line=section.line,
    )


def _about(bio: str | None) -> str | None:
    """The bio without its subject: "X is a fellow at ..." -> "a fellow at ..."."""
    if not bio:
        return None
    match = re.match(r"^.{0,80}?\b(?:is|was|serves as|has been)\s+(.*)$", bio, re.S)
    return match.group(1) if match else bio


def _according(text: str, starts: list[int], match: re.Match) -> str | None:
    """The words an "according to X" sentence attributes to X, verbatim."""
    begin, end = q.sentence_span(text, starts, match.start())
    before = text[begin : match.start()].rstrip()
    if before.endswith(","):  # "..., according to X."
        return before[:-1].strip() or None
    if before:
        return None
    rest = text[match.end() : end].rstrip().rstrip(".!?")  # "According to X, a fellow at Y, ..."
    if not rest.startswith(", "):
        return None
    described = q.appositive(rest[2:])
    skip = len(described.split(", ")) if described else 0
    return ", ".join(rest[2:].split(", ")[skip:]).strip() or None


def _quotes_in_sentence(text: str, starts: list[int], at: int) -> bool:
    """An "according to" in a sentence with a quotation attributes that quotation instead."""
    begin, end = q.sentence_span(text, starts, at)
    return any(mark in text[begin:end] for mark in "“”\"")
