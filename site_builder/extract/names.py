"""Person names: spotting them in running text, and the key that merges one person.

Names are found by shape (runs of capitalised words), never from a list of
people, so the same code works for any corpus. The word lists here are titles,
connectors and organisation words: the vocabulary *around* names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from site_builder.text import UP

from site_builder.vocabulary import (  # noqa: F401 - re-exported for extract/
    ABBREVIATIONS, CONNECTORS, HONORIFICS, MONTHS_DAYS, ORG_WORDS, PARTICLES, PLACE_STARTS, STOPWORDS,
    SUFFIXES, TITLE_WORDS,
)

TOKEN = rf"(?:(?:{'|'.join(ABBREVIATIONS)})\.|(?:[A-Z]\.){{1,3}}|{UP}[\w’'\-]*)"
_LINK = "|".join(sorted(CONNECTORS | PARTICLES, key=len, reverse=True))
RUN = re.compile(rf"(?={UP})(?<![\w’'\-]){TOKEN}(?:[ \u00a0]+(?:(?:{_LINK})[ \u00a0]+)*{TOKEN})*")
NOT_NAMES = frozenset(ORG_WORDS | MONTHS_DAYS | TITLE_WORDS | STOPWORDS)
_POSSESSIVE = re.compile(r"[’']s?$")
_POSSESSIVE_END = re.compile(r"[’']s$|s[’']$")
_INITIAL = re.compile(r"[A-Z]\.")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_LETTER = re.compile(r"[A-Z]\.?")


def _bare(token: str) -> str:
    return token.rstrip(".").lower()


def is_possessive(token: str) -> bool:
    return bool(_POSSESSIVE_END.search(token))


def is_org_word(token: str) -> bool:
    return _bare(_POSSESSIVE.sub("", token)) in ORG_WORDS


@lru_cache(maxsize=65536)  # the same capitalised words recur in every document
def _name_token(token: str) -> bool:
    """A word that can be part of a person's name (not an acronym, title or organisation)."""
    word = _POSSESSIVE.sub("", token)
    if _INITIALS.fullmatch(word):
        return len(word) == 2  # a middle initial "K."; "U.S." is not a name
    if not word or not word[0].isupper() or word.upper() == word:
        return False
    bare = _bare(word)
    # "Presidents Ana Ruiz and Li Wei": a plural title is a title too.
    return bare not in NOT_NAMES and not (bare.endswith("s") and bare[:-1] in TITLE_WORDS)


def split_run(run: str) -> list[tuple[str, str, list[str]]]:
    """Person-name candidates in one capitalised run: (words since the previous
    person, all words before it in the run, name words).

    "Deputy Secretary of State for Coastal and Island Affairs Jane Roe"
    ends with the name ["Jane", "Roe"], whose run prefix is its title.
    Single words are kept: callers resolve them as short references.
    """
    tokens = run.split()
    found: list[tuple[str, str, list[str]]] = []
    start = 0  # where the words since the previous person begin
    i = 0
    while i < len(tokens):
        if not _name_token(tokens[i]) or _INITIAL.fullmatch(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not is_possessive(tokens[j - 1]) and (
            _name_token(tokens[j]) or (tokens[j] in PARTICLES and j + 1 < len(tokens) and _name_token(tokens[j + 1]))
        ):
            j += 1
        if _bare(tokens[i]) in PLACE_STARTS and j - i > 1:
            i += 1
            continue
        name = tokens[i:j]
        suffix = name[-1:] if len(name) > 2 and _bare(name[-1]) in SUFFIXES else []
        name = name[:-1] if suffix else name  # "Jr." does not count towards a name's length
        # After a title the run may carry its object: "Ambassador to China Nicholas Burns",
        # "... Island Affairs Jane Roe". The person is the last two words.
        limit = 2 if i > 0 and (tokens[i - 1] in CONNECTORS or len(name) > 3) else 3
        if len(name) > limit:
            keep = limit + 1 if _INITIAL.fullmatch(name[-2]) else limit
            i, name = max(i, j - len(suffix) - keep), name[-keep:]
        name = name + suffix
        found.append((" ".join(tokens[start:i]), " ".join(tokens[:i]), name))
        # A title's object ("Secretary of State for East Asian ...") is not a person
        # whose title ends here; "Jane Roe and US Ambassador ..." is.
        if len(name) > 1 and (i == 0 or tokens[i - 1] not in CONNECTORS - {"and", "&"}):
            start = j
        i = j
    return found


def clean_name(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _POSSESSIVE.sub("", text) if is_possessive(tokens[-1]) else text


def name_words(name: str) -> list[str]:
    return [_bare(w) for w in name.split() if not _LETTER.fullmatch(w)]


_KEY_SPLIT = re.compile(r"[\s,]+")
_KEY_INITIAL = re.compile(r"[^\W\d_]\.?|(?:[^\W\d_]\.)+")
_KEY_DROP = re.compile(r"[^\w-]+")


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """The merge key for one person: 'Dr. Mary S. Major' -> 'mary-major'.

    Honorifics, single-letter initials, suffixes, diacritics, case and
    punctuation go; every other word stays, so two people who share only a
    surname (or only a given name) never collide.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    kept = []
    for word in _KEY_SPLIT.split(text.replace("’", "'")):
        bare = word.strip(".'\"()")
        if not bare or bare in HONORIFICS or bare in SUFFIXES:
            continue
        if _KEY_INITIAL.fullmatch(bare) or _KEY_INITIAL.fullmatch(word):
            continue  # an initial: "S." in "Mary S. Major"
        kept.append(_KEY_DROP.sub("", bare))
    return "-".join(w for w in kept if w) or re.sub(r"\W+", "-", text).strip("-")
