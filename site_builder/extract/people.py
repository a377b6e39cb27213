"""Contributors and quoted people of one document, in document order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.extract import quotes as q
from site_builder.extract.mentions import Mention
from site_builder.extract.names import RUN, person_key
from site_builder.extract.registry import Person, PersonIndex, Position
from site_builder.extract.roles import affiliation, classify, has_title, possessive_affiliations
from site_builder.extract.speakers import resolve as resolve_turns
from site_builder.models import Document, Passage, Section
from site_builder.vocabulary import HOUSE_BYLINE_WORDS, ORG_WORDS, PRONOUNS

CONTRIBUTION_KINDS = {"contribution", "answer"}
# Document kinds whose writers analyse rather than report (from a reader or `kind:` in metadata).
ANALYSIS_KINDS = {"opinion", "analysis", "essay", "commentary", "viewpoint", "op-ed", "oped", "column", "blog"}
FRAGMENT_WORDS = 4  # quoted words fewer than this, inside a sentence, are a fragment
PRONOUN_REACH = 2  # "he added" looks back this many passages for the last speaker
_ACCORDING = re.compile(rf"\b[Aa]ccording to[ \u00a0]+(?P<run>{RUN.pattern})")
_ENDS_WITH_BY = re.compile(r"\b[Bb]y$")
_BIO_SUBJECT = re.compile(r"^.{0,80}?\b(?:is|was|serves as|has been)\s+(.*)$", re.S)


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
    if doc.title:
        index.scan(doc.title, len(passages) + 1)
    authors = {person_key(a) for a in doc.authors}

    found: list[tuple[Position, Mention]] = []
    first = {}
    for number, (section, _) in enumerate(passages):
        first.setdefault(id(section), number)
    for section in doc.sections:
        if section.kind in CONTRIBUTION_KINDS and section.speaker and not section.label:
            number = first.get(id(section), len(passages))
            found.append(((number, -1), _contribution(section, index, number)))
    intro = [p.text for s in doc.sections if not s.label for p in s.passages][:40] + [doc.title]
    for turn in resolve_turns(doc.sections, index, intro, doc.title).turns:
        if turn.person is None or turn.role == "audience":
            continue  # a role with no name ("QUESTION"): its words stay on the article page only
        number = first.get(id(turn.section), len(passages))
        found.append(((number, -1), _turn(turn)))
    for position, author in enumerate(doc.authors):
        if _personal(author):
            found.append(((-1, position), _byline(author, doc, index)))
    named = {person_key(m.name) for _, m in found}
    for number, mention in _signalled(passages, authors | named):
        found.append(((number, -1), mention))

    last: tuple[Speaker, int] | None = None  # the last quoted speaker and their passage number
    for number, (section, passage) in enumerate(passages):
        text, starts = passage.text, q.boundaries(passage.text)
        previous_close = 0
        quotes = q.find_quotes(text)
        sayings = q.reported(text, starts) if section.label is None and section.kind not in CONTRIBUTION_KINDS else []
        for item in sorted([(x.opened, x) for x in quotes] + [(s[0], s) for s in sayings], key=lambda e: e[0]):
            if isinstance(item[1], tuple):  # a reported sentence: a paraphrase, and who "he" is next
                begin, end, said = item[1]
                who = _who(said, index, (number, begin), None)
                if who is not None:
                    last = (who, number)
                    found.append(((number, begin), _mention(who, text[begin:end].strip(), section, passage,
                                                            authors, "paraphrase")))
                continue
            quote = item[1]
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
            if len(quote.text.split()) < FRAGMENT_WORDS and quote.text[:1].islower():
                # A word or two quoted inside the reporter's sentence ("members were “stunned”"):
                # the sentence is the reporter's, so it is kept whole, as a paraphrase.
                sentence = text[begin:end].strip()
                found.append((at, _mention(who, sentence, section, passage, authors, "paraphrase")))
                continue
            found.append((at, _mention(who, quote.text, section, passage, authors)))
        if "ccording to" not in text:
            continue  # the pattern has no literal start to look for: it would be tried everywhere
        for according in _ACCORDING.finditer(text):
            words = _according(text, starts, according)
            who = _who(q.Attribution(according.group("run")), index, (number, according.start()), None)
            if words and who and not _quotes_in_sentence(text, starts, according.start()):
                # No quotation marks: the reporter's words about what X thinks, kept as the
                # reporter's sentence and never shown as X's own words.
                begin, end = q.sentence_span(text, starts, according.start())
                sentence = text[begin:end].strip()
                found.append(((number, according.start()),
                              _mention(who, sentence, section, passage, authors, "paraphrase")))
    found.sort(key=lambda item: item[0])
    claimed = {}
    for _, passage in passages[:60]:  # intros name who is whose: "USIP’s A, B and C discuss ..."
        claimed.update({person_key(n): org for n, org in possessive_affiliations(passage.text).items()})
    for _, mention in found:
        if mention.affiliation is None:
            mention.affiliation = claimed.get(person_key(mention.name))
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


def _mention(who: Speaker, text: str, section: Section, passage: Passage, authors: set[str],
             kind: str = "quote") -> Mention:
    person = who.person
    phrase = who.phrase or next(iter(person.phrases), None)
    if person.role:
        role = person.role
    elif person_key(person.name) in authors:
        role = "author"
    else:
        role = classify(" ".join([who.title, *person.titles]), phrase or who.where, "other")
        role = "expert" if role == "press" else role  # a journalist quoted in another's report comments
    return Mention(
        name=person.name, role=role, kind=kind, passage=passage.anchor, section=section.anchor,
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
    role = classify(None, about, "expert").replace("press", "expert")
    index.add(name, (number, -1), phrase=about, confirmed=True).role = role
    return Mention(
        name=name, role=role, kind="contribution",
        passage=section.passages[0].anchor if section.passages else section.anchor,
        section=section.anchor, text="", affiliation=affiliation(about), bio=bio, line=section.line,
    )


def _turn(turn) -> Mention:
    section = turn.section
    person = turn.person
    phrase = next(iter(person.phrases), None)
    if turn.clip and section.passages:  # a recording played in the programme: a quotation
        first = section.passages[0]
        return Mention(
            name=person.name, role=turn.role or "other", kind="quote", passage=first.anchor,
            section=None, text=first.text, affiliation=affiliation(phrase), bio=phrase or person.styled,
            line=first.line)
    return Mention(
        name=person.name, role=turn.role or "expert",
        kind="contribution" if section.kind in CONTRIBUTION_KINDS else "turn",
        passage=section.passages[0].anchor if section.passages else section.anchor,
        section=section.anchor, text="", affiliation=affiliation(phrase), bio=phrase or person.styled,
        line=section.line,
    )


_BIO_LINE = r"(?:is|was|serves as|has been)\s+(?:a|an|the)\s+([^.]{3,200})"


_NAME_LINE = re.compile(r"^(?:[A-Z][\w’'\-]*\.?|(?:de|van|von|bin|al|el|da|di|du|la|le)) ?"
                        r"(?:(?:[A-Z][\w’'\-]*\.?|de|van|von|bin|al|el|da|di|du|la|le) ?){1,4}$")
_BY_LINE = re.compile(r"^(?:[\w’' ]{0,40}\s)?[Bb]y\s+(?P<name>[A-Z][^,;:]{3,60})$")
_BIO_START = re.compile(r"^(?P<name>[A-Z][\w’'.\-]*(?: (?:[A-Z][\w’'.\-]*|de|van|von|bin|al|el|da|di|du|la|le)){1,4})"
                        r",? (?:is|was|serves as) (?:a|an|the) (?P<about>[^.]{3,250})")


def _signalled(passages, known: set[str]):
    """Contributors that a document's structure names without a reader knowing its format:
    a bio line ("Jane Roe is a senior fellow at X.") after a contribution, a name on a line of
    its own followed by a line of titles, or a "by Jane Roe" line inside the body. Each is a
    contribution of an expert when the words say they analyse policy."""
    found = []
    texts = [p.text for _, p in passages]
    listed = _jump_list(texts)
    for number, (section, passage) in enumerate(passages):
        if section.label or section.kind in CONTRIBUTION_KINDS:
            continue
        text = texts[number]
        if number in listed:
            name = listed[number]
            if person_key(name) not in known:
                known.add(person_key(name))
                found.append((number, Mention(
                    name=name, role="expert", kind="contribution", passage=passage.anchor, section=None,
                    text="", affiliation=None, bio=None, line=passage.line)))
            continue
        # What the reader shows next: the next passage, or a heading the reader made of a title line.
        following = None
        if number + 1 < len(passages):
            after = passages[number + 1]
            following = after[0].heading if after[0] is not section and after[0].heading else texts[number + 1]
        heading_by = passage is section.passages[0] and _ENDS_WITH_BY.search((section.heading or "").strip())
        name, about = None, None
        bio = _BIO_START.match(text)
        if bio and len(text.split()) <= 80 and _personal(bio.group("name")):
            name, about = bio.group("name"), bio.group("about")
        elif heading_by and _NAME_LINE.match(text) and _personal(text):
            name = text  # "Analysis by" / "Jane Roe"
        elif _NAME_LINE.match(text) and _personal(text) and following:
            if len(following.split()) <= 30 and not following.endswith(".") and has_title(following):
                name, about = text, following
        elif (by := _BY_LINE.match(text)) and _personal(by.group("name")) and number > 0:
            name = by.group("name")
        if not name or person_key(name) in known:
            continue
        role = classify(None, about, "expert").replace("press", "expert") if about else "expert"
        if role == "other":
            continue
        known.add(person_key(name))
        found.append((number, Mention(
            name=name, role=role, kind="contribution", passage=passage.anchor, section=None, text="",
            affiliation=affiliation(about), bio=(f"{name} is {about}" if bio else about), line=passage.line)))
    return found


_LISTED = re.compile(r"^(?P<name>[A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*){1,3}): (?P<headline>\S.{3,200})$")


def _jump_list(texts: list[str]) -> dict[int, str]:
    """A roundup's list of its contributions, "Jane Roe: What the talks changed", three or more
    in a row: the contributors, even when the contributions themselves are missing."""
    runs: list[list[tuple[int, str]]] = [[]]
    for number, text in enumerate(texts):
        m = _LISTED.match(text)
        if m and _personal(m.group("name")) and len(text.split()) <= 30:
            runs[-1].append((number, m.group("name")))
        elif runs[-1]:
            runs.append([])
    return {number: name for run in runs if len(run) >= 3 for number, name in run}


def _personal(byline: str) -> bool:
    """A byline that names a person, not a desk ("Editorial Staff") or an organisation."""
    words = [w.strip(".,").lower() for w in byline.split()]
    return len(words) >= 2 and not any(w in HOUSE_BYLINE_WORDS or w in ORG_WORDS for w in words)


def _byline(author: str, doc: Document, index: PersonIndex) -> Mention:
    """A writer of the piece: an expert when the piece is analysis or a bio line says they
    analyse policy ("X is a senior fellow at Y"), else its author (a reporter)."""
    bio = None
    for section in doc.sections:
        for passage in section.passages[-6:] + section.passages[:3]:
            found = _bio_after(author, passage.text)
            if found is not None:
                bio = found
                break
        if bio:
            break
    person = index.people.get(person_key(author))
    phrase = bio or (next(iter(person.phrases), None) if person else None)
    analysis = doc.kind in ANALYSIS_KINDS
    role = classify(None, phrase, "expert" if analysis else "author")
    if role in ("other", "press"):  # "a reporter at ...": the press reports, it is not an expert
        role = "author"
    first = next(doc.passages(), None)  # a byline stands for the whole piece: its first passage
    return Mention(
        name=author, role=role, kind="byline", passage=first.anchor if first else "", section=None, text="",
        affiliation=affiliation(phrase), bio=(f"{author} is a {bio}" if bio else None), line=0,
    )


_AFTER_AUTHOR = re.compile(r"[,]?\s+" + _BIO_LINE)


def _bio_after(author: str, text: str) -> str | None:
    """What follows "<author>, is a" at the first place of `text` where it does. The name is
    looked for as a string, not compiled into a pattern: a corpus has more authors than `re`
    keeps patterns, and compiling one costs more than reading the passages."""
    at = text.find(author)
    while at != -1:
        m = _AFTER_AUTHOR.match(text, at + len(author))
        if m:
            return m.group(1)
        at = text.find(author, at + 1)
    return None


def _about(bio: str | None) -> str | None:
    """The bio without its subject: "X is a fellow at ..." -> "a fellow at ..."."""
    if not bio:
        return None
    match = _BIO_SUBJECT.match(bio)
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
