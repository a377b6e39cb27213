"""Analyst or official? Decided from the words around a name, never from who it is.

`classify` reads two things the document states: the title written before a
name ("Rep.", "Chinese Foreign Minister") and the descriptive phrase after it
or the contributor's bio ("a fellow at the Example Institute"). Evidence
that someone analyses policy wins over evidence that they hold office,
because former officials who now comment ("a former top State Department
official") are the site's experts, and think-tank heads carry titles such as
"president" or "director" too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from site_builder.extract.names import TOKEN
from site_builder.text import UP
from site_builder.vocabulary import (
    EXPERT_NOUNS, FORMER_OFFICIAL, INTERGOVERNMENTAL, LEADERS, NON_GOVERNMENT, OFFICIALS, PRESS, THINK_TANKS,
)

_EXPERT = re.compile(rf"\b(?:{EXPERT_NOUNS})s?\b", re.I)
# Up to 80 characters between "former" and the office, periods of "U.S." included.
_FORMER = re.compile(rf"\b(?:former|formerly|ex-|who was|who served as|retired)(?:\b|(?<=-))[^,;]{{0,80}}?\b(?:{FORMER_OFFICIAL})s?\b", re.I)
# "Example Workers Association President", "president of the ... Union": a leader, not an office.
_LEADER_OF_NGO = re.compile(
    rf"\b(?:{LEADERS})\b[^;]*?\b(?:{NON_GOVERNMENT})s?\b|\b(?:{NON_GOVERNMENT})s?\b[^;,]*?\b(?:{LEADERS})\b", re.I)
_LEADER_OF_TANK = re.compile(rf"\b(?:{LEADERS})\b[^;]*?\b(?:{THINK_TANKS})\b", re.I)
_OFFICIAL = re.compile(rf"\b(?:{OFFICIALS})s?\b\.?", re.I)
_AT_TANK = re.compile(rf"^(?:of|at|with|from)\b[^;]*?\b(?:{THINK_TANKS})\b", re.I)
_PRESS = re.compile(rf"\b(?:{PRESS})s?\b", re.I)
_PROFESSOR = re.compile(r"\bprof(?:essor)?\b", re.I)
_INTERGOVERNMENTAL = re.compile(rf"(?<![\w.])(?:{INTERGOVERNMENTAL})(?![\w])")
_STAFF = re.compile(r"\b(?:chief|deputy|managing|head|director|economist|spokes\w+|official|secretary|"
                    r"president|chair\w*|representative|envoy|ambassador|general)\b", re.I)


@lru_cache(maxsize=8192)  # the same titles and bios come back in every passage that names someone
def classify(title: str | None, phrase: str | None, default: str) -> str:
    """'expert' | 'official' | 'press' | `default`, from a title before the name and a phrase
    about them. The caller decides what the press is: the author of a report, or a
    commentator when quoted in someone else's.

    A title before a name names the person by their office, current or former ("former Vice
    President Jane Roe"): an official. A description after it tells their background ("Jane
    Roe, a former State Department official"): someone who now comments, an expert. Present
    evidence of analysis (a fellowship, a chair, a think tank) outweighs a former office."""
    title, phrase = title or "", phrase or ""
    if _FORMER.search(phrase):
        return "expert"
    both = f"{title} {phrase}"
    if _INTERGOVERNMENTAL.search(both) and _STAFF.search(both):
        return "official"  # "the IMF's chief economist" speaks for the IMF
    if _PROFESSOR.search(title) or _EXPERT.search(title) or _EXPERT.search(phrase):
        return "expert"
    if _LEADER_OF_TANK.search(phrase) or _LEADER_OF_TANK.search(title):
        return "expert"
    if _LEADER_OF_NGO.search(phrase) or _LEADER_OF_NGO.search(title):
        return "expert"
    if _FORMER.search(title):
        return "official"
    press, office = _PRESS.search(phrase), _OFFICIAL.search(phrase)
    if press and (not office or press.start() < office.start()):
        return "press"  # "editor-in-chief of the Example Envoy": the first role noun is the one
    if _OFFICIAL.search(title) or _OFFICIAL.search(phrase):
        return "official"
    if _AT_TANK.search(phrase):  # "Jane Roe of the Example Institute", with no title
        return "expert"
    if _PRESS.search(phrase):
        return "press"
    return default


@lru_cache(maxsize=8192)  # asked of the words before every name found, which are mostly the same few
def has_title(text: str | None) -> bool:
    """Whether `text` holds an office or profession that marks a person ("foreign minister")."""
    text = text or ""
    return bool(_OFFICIAL.search(text) or _EXPERT.search(text) or _PROFESSOR.search(text))


# An organisation is a capitalised run; "and" joins only capitalised words
# ("Strategy and Security"), so "... Security and the Council’s Director" stops.
_ORG_RUN = rf"{TOKEN}(?:[ \u00a0]+(?:(?:of|for|on|de|du)[ \u00a0]+(?:the[ \u00a0]+)?|(?:and|&)[ \u00a0]+)?{TOKEN})*"
_AFFILIATION = re.compile(rf"\b(at|with|of|in|for)[ \u00a0]+(?:the[ \u00a0]+)?({_ORG_RUN})")
_ORG_WORD = re.compile(
    rf"\b(?:{THINK_TANKS}|department|ministry|agency|office|bureau|bank|company|corporation|committee|"
    r"commission|association|service|group|partners|times|post|journal|news|press|magazine)\b",
    re.I,
)


def affiliation(phrase: str | None) -> str | None:
    """The organisation a bio or appositive names, as stated: 'a fellow at the Example
    Institute' -> 'Example Institute'. "at"/"with" are enough; after "of"/"in" the
    run must look like an organisation, so 'an expert ... in Lyon' gives None."""
    phrase = phrase or ""
    for match in _AFFILIATION.finditer(phrase):
        preposition, org = match.group(1), match.group(2).rstrip(".,;:")
        if not org[:1].isupper():
            continue
        if preposition in ("at", "with") or _ORG_WORD.search(org):
            # A school or centre inside a parent keeps its parent: "... School of Public Policy
            # at the National University of Singapore".
            parent = _PARENT.match(phrase, match.start(2) + len(org))
            if parent and _ORG_WORD.search(parent.group("org")):
                org = phrase[match.start(2): parent.end("org")].rstrip(".,;:")
            return org
    return None


_PARENT = re.compile(rf",?[ \u00a0]+(?:at|of|in)[ \u00a0]+(?:the[ \u00a0]+)?(?P<org>{_ORG_RUN})")
_POSSESSIVE_LIST = re.compile(
    rf"(?P<org>{TOKEN}(?:[ \u00a0]+{TOKEN}){{0,5}})[’']s[ \u00a0]+"
    rf"(?P<names>{TOKEN}(?:[ \u00a0]+{TOKEN}){{1,3}}(?:,[ \u00a0]+{TOKEN}(?:[ \u00a0]+{TOKEN}){{1,3}})*"
    rf"(?:,?[ \u00a0]+and[ \u00a0]+{TOKEN}(?:[ \u00a0]+{TOKEN}){{1,3}})?)")
# What every match has (a token starts with a capital): few passages have it, and the pattern
# above is tried from each position of a passage that has not.
_POSSESSIVE_NAME = re.compile(rf"[’']s[ \u00a0]+{UP}")


def possessive_affiliations(text: str) -> dict[str, str]:
    """Names an organisation claims by a possessive: "the Institute’s Ana Ruiz" or a list,
    "USIP’s A, B and C" -> {each name: "USIP"}. The organisation must look like one (an
    acronym or an organisation word), so "the President’s Jane Roe" gives nothing."""
    found: dict[str, str] = {}
    if not _POSSESSIVE_NAME.search(text):
        return found
    for match in _POSSESSIVE_LIST.finditer(text):
        org = re.sub(r"^(?:The|the)[ \u00a0]+", "", match.group("org"))
        words = org.split()
        if not (_ORG_WORD.search(org) or (len(words) == 1 and re.fullmatch(r"[A-Z][A-Z&.\-]{1,9}", words[0]))):
            continue
        for name in re.split(r",?[ \u00a0]+and[ \u00a0]+|,[ \u00a0]+", match.group("names")):
            if name.strip():
                found[name.strip()] = org
    return found
