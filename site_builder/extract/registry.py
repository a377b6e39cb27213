"""Everyone a document names, so that "Krishnamoorthi said" or "Hua tweeted" finds the
full name and the title the document gave that person earlier (or later)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.extract.names import RUN, clean_name, is_possessive, name_words, person_key, split_run
from site_builder.extract.quotes import appositive
from site_builder.extract.roles import has_title

Position = tuple[int, int]  # (passage number in the document, offset in its text)
_CLAUSE_BREAK = re.compile(r"[.;:!?()“”\"—–]")


@dataclass(slots=True)
class Person:
    name: str
    titles: list[str] = field(default_factory=list)  # words written before the name
    phrases: list[str] = field(default_factory=list)  # "a fellow at ..." written after it
    confirmed: bool = False  # the document treats it as a person (title, description, speech)
    role: str | None = None  # set for contributors: their section says what they are
    seen: list[Position] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((t for t in self.titles if has_title(t) and t[:1].isupper()), None)


class PersonIndex:
    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def add(self, name: str, at: Position, title: str = "", phrase: str | None = None, confirmed: bool = False) -> Person:
        person = self.people.setdefault(person_key(name), Person(name))
        if len(name) > len(person.name):
            person.name = name  # "Bonnie S. Glaser" over "Bonnie Glaser": the fuller form
        if title.strip():
            person.titles.append(title.strip())
        if phrase:
            person.phrases.append(phrase)
        person.confirmed = person.confirmed or confirmed or has_title(title) or bool(phrase)
        person.seen.append(at)
        return person

    def scan(self, text: str, number: int) -> None:
        """Register every multi-word name in one passage, with the title before it and
        an appositive after it ("Shen Dingli, an expert on ...")."""
        for run in RUN.finditer(text):
            candidates = split_run(run.group())
            for n, (descriptor, tokens) in enumerate(candidates):
                if len(name_words(" ".join(tokens))) < 2:
                    continue
                title = descriptor
                if n == 0:
                    title = (_lookback(text, run.start()) + " " + descriptor).strip()
                phrase = None
                if n == len(candidates) - 1 and not is_possessive(tokens[-1]):
                    phrase = _following(text, run.end())
                self.add(clean_name(tokens), (number, run.start()), title, phrase)

    def resolve(self, subject: str, at: Position, confirmed_only: bool = True) -> tuple[Person, str] | None:
        """The person a subject names, and the title written with it.

        A full name is taken as written. A single word is a later short
        reference: it matches a known name's last word ("Krishnamoorthi") or,
        failing that, its first ("Shen" for "Shen Dingli", family name first);
        the nearest earlier mention wins, else the first later one.
        """
        subject = subject.strip().rstrip(".,")
        runs = list(RUN.finditer(subject))
        if not runs or runs[-1].end() != len(subject):
            return None
        candidates = split_run(runs[-1].group())
        if not candidates:
            return None
        descriptor, tokens = candidates[-1]
        if is_possessive(tokens[-1]) or not runs[-1].group().endswith(tokens[-1]):
            return None
        title = (subject[: runs[-1].start()] + " " + descriptor).strip()
        words = name_words(" ".join(tokens))
        if len(words) >= 2:
            return self.add(clean_name(tokens), at, title, confirmed=True), title
        if not words:
            return None
        pool = [p for p in self.people.values() if (p.confirmed or not confirmed_only) and len(name_words(p.name)) >= 2]
        by_last = [p for p in pool if name_words(p.name)[-1] == words[0]]
        by_first = [p for p in pool if name_words(p.name)[0] == words[0]]
        matches = by_last or by_first
        if not matches:
            return None
        return _nearest(matches, at), title


def _nearest(people: list[Person], at: Position) -> Person:
    def score(person: Person) -> tuple[int, Position]:
        earlier = [s for s in person.seen if s < at]
        if earlier:
            return (1, max(earlier))
        first = min(person.seen)
        return (0, (-first[0], -first[1]))

    return max(people, key=score)


def _lookback(text: str, start: int) -> str:
    """Up to four words before a name in the same clause: "China’s foreign minister, Qin Gang"."""
    before = text[max(0, start - 80) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    before = before[cut:]
    if before.rstrip().endswith(",") and before[:-2].count(",") == 0:
        before = before.rstrip()[:-1]
    elif "," in before:
        before = before.rsplit(",", 1)[1]
    return " ".join(before.split()[-4:])


def _following(text: str, end: int) -> str | None:
    rest = text[end:]
    if not rest.startswith(", "):
        return None
    stop = re.search(r"[“”\"]|[.;](?=\s|$)", rest)
    return appositive(rest[2 : stop.start() if stop else len(rest)])
