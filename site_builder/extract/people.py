"""Contributors and quoted people of one document, in document order."""

from __future__ import annotations

import re

from site_builder.extract import quotes as q
from site_builder.extract.mentions import Mention
from site_builder.extract.names import PRONOUNS, RUN, person_key
from site_builder.extract.registry import Person, PersonIndex, Position
from site_builder.extract.roles import affiliation, classify
from site_builder.models import Document, Section

CONTRIBUTION_KINDS = {"contribution", "answer"}
_ACCORDING = re.compile(rf"\baccording to[ \u00a0]+(?P<run>{RUN.pattern})")


def extract_mentions(doc: Document) -> list[Mention]:
    passages = [(s, p) for s in doc.sections for p in s.passages]
    index = PersonIndex()
    for number, (section, passage) in enumerate(passages):
        index.scan(passage.text, number)
    for caption in doc.captions:  # last, so text near a quote wins over a photo caption
        index.scan(caption, len(passages))
    authors = {person_key(a) for a in doc.authors}

    found: list[tuple[Position, Mention]] = []
    first_passage = {}
    for number, (section, _) in enumerate(passages):
        first_passage.setdefault(id(section), number)
    for section in doc.sections:
        if section.kind in CONTRIBUTION_KINDS and section.speaker:
            number = first_passage.get(id(section), len(passages))
            found.append(((number, -1), _contribution(section, index, number)))

    last: Person | None = None
    last_number = -2
    for number, (section, passage) in enumerate(passages):
        text, starts = passage.text, q.boundaries(passage.text)
        previous_close = 0
        for quote in q.find_quotes(text):
            at = (number, quote.start)
            begin, _ = q.sentence_span(text, starts, quote.opened)
            _, end = q.sentence_span(text, starts, quote.closed)
            begin = max(begin, previous_close)
            who = _who(q.after(text, quote, end), index, at, last)
            if who is None and not quote.stray:
                who = _who(q.before(text, quote, begin), index, at, last)
                if who is None and last and number - last_number <= 1 and q.starts_sentence(text, quote, begin):
                    # An unattributed sentence-long quote right after another continues it.
                    who = (last, "", None)
            previous_close = quote.closed
            if who is None:
                continue
            last, last_number = who[0], number
            found.append((at, _mention(who, quote.text, section, passage, index, authors)))
        for according in _ACCORDING.finditer(text):
            said = _according(text, starts, according)
            who = _who(q.Attribution(according.group("run")), index, (number, according.start()), None)
            if said and who and not _inside_quote(text, according.start()):
                found.append(((number, according.start()), _mention(who, said, section, passage, index, authors)))
    found.sort(key=lambda item: item[0])
    return [mention for _, mention in found]


def _who(att: q.Attribution | None, index: PersonIndex, at: Position, last: Person | None):
    """(person, title as written, appositive) for an attribution, or None."""
    if att is None:
        return None
    if att.subject.lower() in PRONOUNS:
        return (last, "", None) if last else None
    for subject in att.candidates or [att.subject]:
        found = index.resolve(subject, at)
        if found:
            person, title = found
            if att.phrase:
                person.phrases.insert(0, att.phrase)
            return person, title, att.phrase
    return None


def _mention(who, text: str, section: Section, passage, index: PersonIndex, authors: set[str]) -> Mention:
    person, title, phrase = who
    phrase = phrase or next(iter(person.phrases), None)
    if person.role:
        role = person.role
    elif person_key(person.name) in authors:
        role = "author"
    else:
        role = classify(" ".join([title, *person.titles]), phrase, "other")
    bio = phrase or person.title or (title if title[:1].isupper() else None) or None
    return Mention(
        name=person.name, role=role, kind="quote", passage=passage.anchor, section=section.anchor,
        text=text, affiliation=affiliation(phrase), bio=bio, line=passage.line,
    )


def _contribution(section: Section, index: PersonIndex, number: int) -> Mention:
    speaker = section.speaker.strip().rstrip(":").strip()
    name = speaker
    if len(speaker.split()) == 1:
        # Q&A sections often name the speaker by surname; the intro gave the full name.
        found = index.resolve(speaker, (number, -1), confirmed_only=False)
        name = found[0].name if found else speaker
    bio = section.bio.strip() if section.bio else None
    about = _about(bio, name)
    role = classify(None, about, "expert")
    person = index.add(name, (number, -1), phrase=about, confirmed=True)
    person.role = role
    anchor = section.passages[0].anchor if section.passages else section.anchor
    return Mention(
        name=name, role=role, kind="contribution", passage=anchor, section=section.anchor,
        text="", affiliation=affiliation(about), bio=bio, line=section.line,
    )


def _about(bio: str | None, name: str) -> str | None:
    """The bio without its subject: "X is a fellow at ..." -> "a fellow at ..."."""
    if not bio:
        return None
    match = re.match(r"^.{0,80}?\b(?:is|was|serves as|has been)\s+(.*)$", bio, re.S)
    return match.group(1) if match else bio


def _according(text: str, starts: list[int], match: re.Match) -> str | None:
    """The words an "according to X" sentence attributes to X, verbatim."""
    begin, end = q.sentence_span(text, starts, match.start())
    before = text[begin : match.start()].rstrip()
    if before.endswith(","):
        return before[:-1].strip() or None
    if not before:
        rest = text[match.end() : end]
        comma = rest.find(", ")
        said = rest[comma + 2 :].strip().rstrip(".!?").strip() if comma >= 0 else ""
        return said or None
    return None


def _inside_quote(text: str, at: int) -> bool:
    return any(quote.opened <= at < quote.closed for quote in q.find_quotes(text))
