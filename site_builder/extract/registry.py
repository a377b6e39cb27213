"""Everyone a document names, so that "Doe said" or "Li tweeted" finds the
full name and the title the document gave that person earlier (or later)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from site_builder.extract.names import (
    HONORIFICS, RUN, clean_name, is_org_word, is_possessive, name_words, person_key, split_run,
)
from site_builder.extract.quotes import appositive
from site_builder.extract.roles import has_title

Position = tuple[int, int]  # (passage number in the document, offset in its text)
_AFFILIATION_TAIL = re.compile(r"(?:of|at|with|from|for)\s+\S")
_CLAUSE_BREAK = re.compile(r"[.;:!?()“”\"—–]")
_LEADING_CONNECTORS = re.compile(r"^(?:(?:and|of|for|the|to|on|&)\s+)+")
_APPOSITIVE_END = re.compile(r"[“”\"]|[.;](?=\s|$)")
_THAT = re.compile(r"\bthat\b")


@dataclass(slots=True)
class Person:
    name: str
    titles: list[str] = field(default_factory=list)  # words written before the name (role evidence)
    styled: str | None = None  # the first title written before the name, as stated
    phrases: list[str] = field(default_factory=list)  # "a fellow at ..." written after it
    confirmed: bool = False  # the document treats it as a person (title, description, speech)
    role: str | None = None  # set for contributors: their section says what they are
    seen: list[Position] = field(default_factory=list)


class PersonIndex:
    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def add(
        self, name: str, at: Position, title: str = "", phrase: str | None = None,
        confirmed: bool = False, styled: str | None = None,
    ) -> Person:
        person = self.people.setdefault(person_key(name), Person(name))
        if len(name) > len(person.name):
            person.name = name  # "Mary S. Major" over "Mary Major": the fuller form
        if title.strip():
            person.titles.append(title.strip())
        if phrase:
            person.phrases.append(phrase)
        if styled and not person.styled:
            person.styled = styled
        person.confirmed = person.confirmed or confirmed or has_title(title) or bool(phrase)
        person.seen.append(at)
        return person

    def scan(self, text: str, number: int) -> None:
        """Register every multi-word name in one passage, with the title before it and
        an appositive after it ("Li Wei, an expert on ...")."""
        for run in RUN.finditer(text):
            words = run.group()
            if " " not in words:
                continue  # one word is never a full name; most runs are "Paris", "Roe’s"
            for first, name, title, styled, last in _names_in_run(words):
                if first:
                    title = (_lookback(text, run.start()) + " " + title).strip()
                phrase = _following(text, run.end()) if last else None
                self.add(name, (number, run.start()), title, phrase, styled=styled)

    def resolve(self, subject: str, at: Position, confirmed_only: bool = True) -> tuple[Person, str, str | None] | None:
        """The person a subject names: (person, title written before, affiliation written after).

        The name must end the subject or be followed only by where they work
        ("Professor Lee Min-ho of Example University"). A full name is taken as
        written. A single word is a short reference to a name met elsewhere in
        the document: its last word ("Doe") or, failing that, its
        first ("Li" for "Li Wei", family name first); the nearest earlier
        mention wins, else the first later one.
        """
        subject = subject.strip().rstrip(".,")
        runs = list(RUN.finditer(subject))
        if not runs:
            return None
        run = runs[-1]
        lead, words_in_run = subject[: run.start()], run.group().split()
        if len(lead.split()) > 4 or _THAT.search(lead):
            return None  # a clause, not a subject: "said in a statement that New Delhi ..."
        for local, prefix, tokens in reversed(split_run(run.group())):
            if is_possessive(tokens[-1]):
                return None  # "Roe’s aide said"
            begin = len(prefix.split())
            rest = " ".join(words_in_run[begin + len(tokens) :] + [subject[run.end() :]]).strip()
            if rest and not _AFFILIATION_TAIL.match(rest):
                continue  # "Example" in "Example University": look further left
            title = (lead + " " + prefix).strip()
            words = name_words(" ".join(tokens))
            if len(words) >= 2:
                person = self.add(clean_name(tokens), at, title, None, True, _styled(local, title))
                return person, title, rest or None
            # "Mr. Roe": an honorific says a person is meant even if "Jane Roe" had no title.
            polite = any(w.rstrip(".").lower() in HONORIFICS for w in title.split())
            found = self._short(words[0], at, confirmed_only and not polite) if words else None
            if found:
                return found, title, rest or None
        return None

    def _short(self, word: str, at: Position, confirmed_only: bool) -> Person | None:
        # People the document marks as people (a title, a description) come first.
        pools = [[p for p in self.people.values() if p.confirmed]]
        if not confirmed_only:
            pools.append([p for p in self.people.values() if not p.confirmed])
        for pool in pools:
            names = [(p, name_words(p.name)) for p in pool]
            matches = [p for p, w in names if len(w) > 1 and w[-1] == word] or [
                p for p, w in names if len(w) > 1 and w[0] == word
            ]
            if matches:
                return _nearest(matches, at)
        return None


def _nearest(people: list[Person], at: Position) -> Person:
    def score(person: Person) -> tuple[int, Position]:
        earlier = [s for s in person.seen if s < at]
        if earlier:
            return (1, max(earlier))
        first = min(person.seen)
        return (0, (-first[0], -first[1]))

    return max(people, key=score)


@lru_cache(maxsize=16384)  # the same names come back in passage after passage, and document after document
def _names_in_run(run: str) -> tuple[tuple[bool, str, str, str | None, bool], ...]:
    """The people one capitalised run names, as `scan` records them, but for what depends on
    the words around the run: (first in the run, name, title in the run, styled title, last
    in the run and not a possessive, so that a description may follow)."""
    words_in_run = run.split()
    candidates = split_run(run)
    found = []
    for n, (local, prefix, tokens) in enumerate(candidates):
        after = len(prefix.split()) + len(tokens)
        if len(name_words(" ".join(tokens))) < 2 or (after < len(words_in_run) and is_org_word(words_in_run[after])):
            continue  # not a name, or the start of one: "Example Marshall Fund"
        title = local if has_title(local) else prefix
        last = n == len(candidates) - 1 and not is_possessive(tokens[-1])
        found.append((n == 0, clean_name(tokens), title, _styled(local, prefix), last))
    return tuple(found)


def _styled(local: str, prefix: str) -> str | None:
    """The title as written right before a name: "Assistant Foreign Minister"."""
    for words in (local, prefix):
        words = _LEADING_CONNECTORS.sub("", words).strip()
        if has_title(words):
            return words
    return None


def _lookback(text: str, start: int) -> str:
    """Up to four words before a name in the same clause: "Ruritania’s foreign minister, Li Wei"."""
    before = text[max(0, start - 80) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    before = before[cut:].rstrip()
    if before.endswith(","):
        before = before[:-1]  # a title set off by a comma: "foreign minister, Li Wei"
    return " ".join(before.rsplit(",", 1)[-1].split()[-4:])


def _following(text: str, end: int) -> str | None:
    if not text.startswith(", ", end):
        return None  # most names are followed by no description: the rest of the text is not copied
    rest = text[end:]
    stop = _APPOSITIVE_END.search(rest)
    return appositive(rest[2 : stop.start() if stop else len(rest)])
