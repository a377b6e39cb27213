"""Who a transcript's speaker label names, and the part they play.

Readers record labels as written ("MR. LEE", "RICHARD HAASS", "Q", "AUDIENCE MEMBER",
"DD"); this module turns each into a person of the document's `PersonIndex` (the fullest
form of the name the document gives anywhere: intro, bio, caption) or into a role with no
person. The role is read from the text, never from who someone is:
- a label that is a role word ("MODERATOR", "QUESTION", "AUDIENCE MEMBER") is that role;
- a title of office in the label or before the name in the text makes an official;
- the words around the name ("your host", "moderated by", "presider") make a host or moderator;
- a speaker whose turns are mostly questions, while others answer, is the interviewer;
- every other speaker is a contributor whose role `roles.classify` reads from their description,
  and an expert when nothing says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from site_builder.extract.names import is_org_word, name_words, person_key, split_run
from site_builder.extract.registry import Person, PersonIndex
from site_builder.extract.roles import classify
from site_builder.vocabulary import (
    AUDIENCE_WORDS, HONORIFICS, HOST_WORDS, INTERVIEWER_WORDS, MODERATOR_WORDS, TITLE_WORDS,
)

ROLE_OF_WORD = {
    **{w: "audience" for w in AUDIENCE_WORDS},
    **{w: "interviewer" for w in INTERVIEWER_WORDS},
    **{w: "host" for w in HOST_WORDS},
    **{w: "moderator" for w in MODERATOR_WORDS},
}
# Words around a name that give the part played in this conversation.
_HOST_NEAR = re.compile(r"\b(?:host(?:ed)?|co-?host|anchor|presenter|i[’']m your host|this is)\b", re.I)
_MODERATOR_NEAR = re.compile(r"\b(?:moderat(?:or|ed|es|ing)|presid(?:er|ed|ing)|chaired by|in conversation with)\b", re.I)
_INTERVIEWER_NEAR = re.compile(r"\b(?:interview(?:er|ed|s)? by|spoke with|speaks with|talked (?:to|with)|asked)\b", re.I)
_SELF_INTRO = re.compile(r"\b(?:I[’']m|I am|this is|my name is)\s+$", re.I)
_ROLE_WORD = re.compile(r"[\w’'\- ]+")


@dataclass(slots=True)
class Turn:
    section: object  # models.Section
    label: str
    person: Person | None = None
    role: str | None = None  # host | moderator | interviewer | audience | official | expert | other
    title: str = ""  # title words in the label ("SECRETARY", "AMB.")
    clip: bool = False  # a recording played in the programme: quoted, not taking part


@dataclass(slots=True)
class Speakers:
    """The turns of one document with whom and which role each label names."""

    turns: list[Turn] = field(default_factory=list)
    by_label: dict[str, tuple[Person | None, str | None]] = field(default_factory=dict)


def _words(label: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", label.strip(" :：.-–—")) if w]


def role_label(label: str) -> str | None:
    """The role a label names instead of a person: "AUDIENCE MEMBER" -> audience, "Q" -> interviewer."""
    bare = re.sub(r"[^\w’'\- ]+", " ", label).lower()
    bare = re.sub(r"\s+\d+$", "", " ".join(bare.split()))  # "Questioner 2"
    return ROLE_OF_WORD.get(bare)


def split_title(label: str) -> tuple[str, list[str]]:
    """("SECRETARY", ["HILLARY", "CLINTON"]) from "SECRETARY HILLARY CLINTON": honorifics and
    titles of office are not part of a name."""
    words = _words(label)
    title = []
    while len(words) > 1 and words[0].rstrip(".").lower() in TITLE_WORDS | HONORIFICS:
        title.append(words.pop(0))
    return " ".join(title), words


def split_label(words: list[str]) -> tuple[str, list[str]]:
    """(title, name words) of a label: "President of Ruritania Ana Ruiz" -> ("President of
    Ruritania", [Ana, Ruiz]); "SECRETARY JANE MARY ROE" -> ("Secretary", [...])."""
    shown = [_display([w]) for w in words]
    candidates = split_run(" ".join(shown))
    if candidates:
        local, prefix, tokens = candidates[-1]
        if tokens and len(tokens) <= 4:
            return prefix, tokens
    title, name = split_title(" ".join(shown))
    return title, name


def _shout(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _display(words: list[str]) -> str:
    # "ROE" in a label, "Roe" in the text: a name shouted in capitals is written as a name.
    return " ".join(w.capitalize() if _shout(w) and not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in words)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).lower()


def find_person(words: list[str], index: PersonIndex) -> Person | None:
    """The person of the document a label's name words stand for: a full name as written (or
    its fuller form), a surname or given name alone, or initials ("JR" for Jane Roe)."""
    if not words:
        return None
    lowered = [w.lower().rstrip(".,") for w in words]
    people = list(index.people.values())
    if len(words) >= 2:
        key = person_key(" ".join(words))
        # Text copied without apostrophes writes "Jane Roes memoir": that form's titles are hers.
        stray = index.people.get(key + "s")
        if key in index.people:
            found = index.people[key]
            if stray is not None and stray is not found:
                found.titles.extend(stray.titles)
            return found
        if stray is not None:
            return stray
        for person in people:  # "Jane Roe" for "Jane Mary Roe"
            mine = name_words(person.name)
            if len(mine) >= 2 and mine[0] == lowered[0] and mine[-1] == lowered[-1]:
                return person
        return None
    word = lowered[0]
    if re.fullmatch(r"[a-z]{2,3}", word) and _shout(words[0]):  # initials: "DD", "LS"
        by_initials = [p for p in people if len(name_words(p.name)) >= 2 and _initials(p.name.split()) == word]
        if len(by_initials) == 1:
            return by_initials[0]
    for position in (-1, 0):  # surname first, then a given name ("Jane")
        found = [p for p in people if len(name_words(p.name)) >= 2 and name_words(p.name)[position] == word]
        if found:
            return min(found, key=lambda p: min(p.seen))
    return None


def _part_from_context(person: Person, texts: list[str], own: str = "") -> str | None:
    """Host or moderator, when the words say so right next to the name ("host Jane Roe",
    "Jane Roe, our moderator", "moderated by Jane Roe"), or in the speaker's own opening
    ("I'm Jane Roe, and I'll be moderating")."""
    patterns = _context_patterns(person.name)
    for text in texts:
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                part = m.group("part").lower()
                return "host" if part.startswith(_HOST_PARTS) else "moderator"
    mine = re.search(r"\bI(?:[’']m| am| will| have been asked to| was asked to)\b[^.?!]{0,100}?\b(host(?:ing)?\b|moderat)", own[:800])
    if mine:
        return "host" if mine.group(1).startswith("host") else "moderator"
    return None


@lru_cache(maxsize=1024)  # compiled once per name, not once per document and speaker
def _context_patterns(full_name: str) -> tuple[re.Pattern, ...]:
    names = [re.escape(full_name)] + [re.escape(w) for w in full_name.split()[-1:] if len(w) > 2]
    name = "(?:" + "|".join(names) + ")"
    before = re.compile(rf"\b(?P<part>host|co-?host|anchor|presenter|moderator|presider|chair)(?:ed by)?,?\s+(?:[A-Z][\w.]*\s+){{0,2}}{name}\b", re.I)
    after = re.compile(rf"\b{name},?\s+(?:(?:is|was|will be)\s+)?(?:the\s+|our\s+|your\s+|a\s+)?(?P<part>host|co-?host|anchor|presenter|moderator|presider)\b", re.I)
    by = re.compile(rf"\b(?P<part>moderated|hosted|chaired|presided over)\s+by\s+(?:[A-Z][\w.]*\s+){{0,2}}{name}\b", re.I)
    show = re.compile(rf"\b{re.escape(full_name)}(?:[’']s)?\s+(?P<part>Podcast|Show)\b")  # "Jane Roe Podcast"
    return before, after, by, show


# Words of `_part_from_context` that make a host; the others (moderator, presider, chair) a moderator.
_HOST_PARTS = ("host", "co-host", "cohost", "anchor", "presenter", "podcast", "show")


def resolve(sections, index: PersonIndex, intro_texts: list[str], title: str = "") -> Speakers:
    """Persons and roles for every turn section (any section with a `label`)."""
    speakers = Speakers()
    turns = [s for s in sections if s.label]
    for section in turns:
        label = section.label
        if label not in speakers.by_label:
            speakers.by_label[label] = _resolve_label(label, index)
        person, role = speakers.by_label[label]
        speakers.turns.append(Turn(section, label, person, role, split_title(label)[0]))
    _pair_translations(speakers)
    _mark_clips(speakers)
    _decide_parts(speakers, intro_texts, title)
    return speakers


def _resolve_label(label: str, index: PersonIndex) -> tuple[Person | None, str | None]:
    role = role_label(label)
    if role:
        return None, role
    words = _words(label)
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,3}", words[0]):  # initials: "DD" for a "D... D..."
        people = [p for p in index.people.values()
                  if len(name_words(p.name)) >= 2 and _initials(p.name.split()) == words[0].lower()]
        if len(people) == 1:
            return people[0], None
    first = words[0].rstrip(".").lower() if words else ""
    if first in ROLE_OF_WORD and len(words) > 1:  # "Moderator Jane Doe"
        role = ROLE_OF_WORD[first]
        words = words[1:]
    title, name = split_label(words)
    if not name or any(is_org_word(w) for w in name) or (len(name) < 2 and any(is_org_word(w) for w in words)):
        return None, "audience"  # "Example Daily": an outlet asking, not a person
    person = None
    for start in range(0, max(1, len(name) - 1)):  # "Ruritania Ana Ruiz": the name the text knows
        person = find_person(name[start:], index)
        if person is not None:
            break
    if person is None:
        display = _display(name)
        person = index.add(display, (10**9, 0), title, confirmed=True)
    if title:
        person.titles.append(title)
    return person, role


# A briefing held by a government: its speakers (other than the press asking) hold office.
_GOVERNMENT_BRIEFING = re.compile(
    r"(?:department of state|state department|white house|foreign ministry|ministry of|spokesperson|"
    r"press secretary|government|prime minister|president)[^.]{0,80}(?:briefing|press conference|gaggle|remarks)|"
    r"(?:briefing|press conference|gaggle)[^.]{0,40}(?:department of state|state department|white house|"
    r"foreign ministry|ministry)", re.I)
# How a host or moderator opens: a welcome, or introducing the guest.
_WELCOME = re.compile(r"\b(?:welcome|good (?:morning|afternoon|evening)[^.]{0,40}\band welcome|"
                      r"thank(?:s| you) (?:all )?for (?:joining|being with|coming)|"
                      r"the following is an? (?:conversation|interview) with|my guests? (?:today )?(?:is|are)|"
                      r"joining (?:me|us) (?:today|now)|today (?:i[’']m|we[’']re) (?:joined|talking|speaking) with)\b", re.I)
_SHOW = re.compile(r"\b(?:podcast|episode|show|program|programme|broadcast|radio|listeners|viewers)\b", re.I)


_CLIP = re.compile(r"\b(?:excerpt|clip|aired|pre-?taped|footage|sound ?bite|recording|let[’']s (?:go to|listen|take a look)"
                   r"|(?:video|audio) of)\b", re.I)


# "Speaking on Example TV's Evening Hour, Roe defended ...": a recording from another programme.
_ON_AIR = re.compile(r"\b[Ss]peaking (?:on|to) [A-Z][\w’']*")


def _mark_clips(speakers: Speakers) -> None:
    """Broadcast transcripts play recordings: after a turn that announces one ("This is an excerpt
    of his interview ..."), the turns of other speakers until the announcer speaks again are the
    recording. Those speakers are quoted, not taking part in the conversation."""
    announcer = None
    taking_part: set[str] = set()  # who has spoken live: their next turn ends a recording
    for turn in speakers.turns:
        key = turn.person.name if turn.person else turn.label
        if announcer is not None and key != announcer and key not in taking_part:
            turn.clip = True
            continue
        announcer = None
        taking_part.add(key)
        tail = " ".join(p.text for p in turn.section.passages[-2:])[-400:]
        if _CLIP.search(tail) or _ON_AIR.search(tail):
            announcer = key


def _latin(label: str) -> bool:
    return bool(re.search(r"[A-Za-z]", label))


def _pair_translations(speakers: Speakers) -> None:
    """A bilingual transcript labels each turn twice, "李明：" then "Li Ming:": a label in another
    script whose turns are nearly always followed by one Latin label's turn is that speaker."""
    turns = speakers.turns
    following: dict[str, dict[str, int]] = {}
    for this, after in zip(turns, turns[1:]):
        following.setdefault(this.label, {})
        following[this.label][after.label] = following[this.label].get(after.label, 0) + 1
    counts: dict[str, int] = {}
    for turn in turns:
        counts[turn.label] = counts.get(turn.label, 0) + 1
    for label, nexts in following.items():
        if _latin(label) or not nexts:
            continue
        partner, times = max(nexts.items(), key=lambda item: item[1])
        if _latin(partner) and times >= 0.8 * counts[label] and speakers.by_label[partner][0] is not None:
            speakers.by_label[label] = speakers.by_label[partner]
            for turn in turns:
                if turn.label == label:
                    turn.person, turn.role = speakers.by_label[partner]


def _question_share(turns: list[Turn]) -> float:
    asked = sum(any(mark in p.text for p in t.section.passages for mark in "?？") for t in turns)
    return asked / len(turns) if turns else 0.0


def _decide_parts(speakers: Speakers, intro_texts: list[str], title: str) -> None:
    """Roles for the people behind the labels, once all turns are known. The part someone plays
    (host, moderator, interviewer) comes from the words around their name, from opening the
    conversation with a welcome, or from asking far more questions than the others answer."""
    by_person: dict[str, list[Turn]] = {}
    for turn in speakers.turns:
        if turn.person is not None:
            by_person.setdefault(person_key(turn.person.name), []).append(turn)
    if not by_person:
        return
    document = " ".join(intro_texts[:6] + [title])
    government = bool(_GOVERNMENT_BRIEFING.search(document))
    show = bool(_SHOW.search(document))
    press_asks = any(t.person is None and t.role in ("audience", "interviewer") for t in speakers.turns)
    shares = {key: _question_share(turns) for key, turns in by_person.items()}
    first_key = next(iter(by_person))
    first_text = " ".join(p.text for p in by_person[first_key][0].section.passages)[:600]
    speaking = len(by_person)
    decided: dict[str, str] = {}
    for key, turns in by_person.items():
        person = turns[0].person
        label_role = next((t.role for t in turns if t.role), None)
        # The title in the speaker's own label ("President of Russia") outweighs titles the text
        # gives the name elsewhere.
        labelled = " ".join(t.title for t in turns if t.title)
        titles = " ".join(person.titles)
        description = next(iter(person.phrases), None) or next((t.section.bio for t in turns if t.section.bio), None)
        kind = classify(labelled, None, "") if labelled and classify(labelled, None, "") == "official" else ""
        kind = kind or classify(titles, description, "").replace("press", "expert")
        context = _part_from_context(person, intro_texts, " ".join(p.text for p in turns[0].section.passages))
        others = sorted(v for k, v in shares.items() if k != key)
        typical = others[len(others) // 2] if others else 1.0  # the median answerer
        asks = ((len(turns) >= 3 or (speaking == 2 and len(turns) >= 2)) and bool(others) and shares[key] >= 0.4
                and shares[key] >= 1.5 * typical and shares[key] - typical >= 0.15)
        opens = key == first_key and speaking >= 2 and bool(_WELCOME.search(first_text))
        honorific_only = all(re.fullmatch(r"(?:MR|MS|MRS|DR)\.?\s+\S+", t.label, re.I) for t in turns)
        if label_role:
            decided[key] = label_role
        elif kind == "official" and not (opens or asks):
            decided[key] = "official"
        elif government or (press_asks and honorific_only and speaking == 1):
            decided[key] = "official"  # the briefer at a government's briefing, or "MR X" answering the press
        elif context:
            decided[key] = context
        elif opens or asks:
            decided[key] = "host" if show else ("moderator" if speaking >= 3 or opens else "interviewer")
        else:
            decided[key] = kind or "expert"
    for turn in speakers.turns:
        if turn.person is not None:
            turn.role = decided[person_key(turn.person.name)]
