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

from site_builder.extract.names import TOKEN

EXPERT_NOUNS = (
    r"fellow|professor|prof|expert|analyst|scholar|researcher|lecturer|economist|historian|academic|"
    r"sinologist|specialist|commentator|strategist|think[- ]tank|research"
)
THINK_TANKS = (
    r"institute|institution|center|centre|council|foundation|fund|endowment|university|college|school|"
    r"coalition|initiative|hub|program|programme|forum|society|academy|studies|think[- ]tank|project|"
    r"consultancy|trust"
)
LEADERS = (
    r"director|president|chair|chairman|chairwoman|head|founder|co-founder|advisor|adviser|executive|"
    r"ceo|dean|partner|lead|principal|manager|assistant|associate"
)
OFFICIALS = (
    r"official|officials|spokesperson|spokesman|spokeswoman|minister|secretary|ambassador|rep|reps|sen|"
    r"senator|representative|congressman|congresswoman|lawmaker|legislator|democrat|republican|envoy|"
    r"diplomat|leader|president|premier|chancellor|governor|mayor|general|admiral|commander|advisor|"
    r"adviser|speaker|commissioner|councilor|councillor|chairman|king|queen|prince|deputy|"
    r"undersecretary|negotiator|consul|delegate|czar|tsar|coordinator|director|gov|gen|adm|amb"
)
FORMER_OFFICIAL = (
    r"official|officer|diplomat|ambassador|secretary|minister|adviser|advisor|negotiator|envoy"
)
PRESS = r"reporter|journalist|correspondent|editor|columnist|writer"

_EXPERT = re.compile(rf"\b(?:{EXPERT_NOUNS})s?\b", re.I)
_FORMER = re.compile(rf"\bformer\b[^,;.]*?\b(?:{FORMER_OFFICIAL})s?\b", re.I)
_LEADER_OF_TANK = re.compile(rf"\b(?:{LEADERS})\b[^;]*?\b(?:{THINK_TANKS})\b", re.I)
_OFFICIAL = re.compile(rf"\b(?:{OFFICIALS})s?\b\.?", re.I)
_AT_TANK = re.compile(rf"^(?:of|at|with|from)\b[^;]*?\b(?:{THINK_TANKS})\b", re.I)
_PRESS = re.compile(rf"\b(?:{PRESS})s?\b", re.I)
_PROFESSOR = re.compile(r"\bprof(?:essor)?\b", re.I)


def classify(title: str | None, phrase: str | None, default: str) -> str:
    """'expert' | 'official' | `default`, from a title before the name and a phrase about them."""
    title, phrase = title or "", phrase or ""
    if _PROFESSOR.search(title) or _EXPERT.search(title) or _EXPERT.search(phrase) or _FORMER.search(phrase):
        return "expert"
    if _LEADER_OF_TANK.search(phrase) or _LEADER_OF_TANK.search(title):
        return "expert"
    if _OFFICIAL.search(title) or _OFFICIAL.search(phrase):
        return "official"
    if _AT_TANK.search(phrase):  # "Jane Roe of the Example Institute", with no title
        return "expert"
    if _PRESS.search(phrase):
        return "other"
    return default


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
    for match in _AFFILIATION.finditer(phrase or ""):
        preposition, org = match.group(1), match.group(2).rstrip(".,;:")
        if not org[:1].isupper():
            continue
        if preposition in ("at", "with") or _ORG_WORD.search(org):
            return org
    return None
