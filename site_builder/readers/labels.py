"""Speaker labels: the "Name:" that opens a turn in a transcript, interview, panel or podcast.

`speaker_label(line)` reads one line and knows the common ways of writing a label (plain,
capitals, with honorifics or a title, in bold or italics, as a Markdown heading, with a
timestamp, with a description after a comma, role words such as Q or MODERATOR, names in
scripts without capitals followed by a full-width colon). It judges the label by its shape
only; whether a document is a transcript is decided over all its lines by the reader.

Only a bounded window at the start of a line is examined, so a line of any length costs
the same and no pattern can backtrack over it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from site_builder.vocabulary import (
    ANSWER_WORDS, AUDIENCE_WORDS, CONNECTORS, HONORIFICS, HOST_WORDS, INTERVIEWER_WORDS, MODERATOR_WORDS,
    MONTHS_DAYS, PARTICLES, STOPWORDS, TITLE_WORDS,
)

_WINDOW = 200  # characters at the start of a line where a label can be
MAX_NAME_WORDS, MAX_NAME_CHARS = 6, 60
# A title of office before the name ("Former President of Ruritania Ana Ruiz", "Board
# Chairman of the Foundation for ... Jane Roe") makes a label longer than any name.
MAX_TITLED_WORDS, MAX_TITLED_CHARS = 18, 130
_MAX_DESCRIPTION = 90  # characters after the comma in "NAME, description:"
_MAX_UNCASED = 12  # characters of one word in a script without capitals (李明, 莱克斯·弗里德曼)
# Chinese prose introduces a quotation with a verb before the colon ("他说：", "外交部表示："); a
# speaker label is a name or a role (主持人, 问, 答).
_SAYS = ("说", "道", "表示", "指出", "认为", "称", "强调", "写道")

ROLE_WORDS = HOST_WORDS | MODERATOR_WORDS | INTERVIEWER_WORDS | AUDIENCE_WORDS | ANSWER_WORDS | {
    "participant", "questioner", "interviewee", "respondent", "guest", "panelist", "panellist",
    "narrator", "announcer", "operator", "interpreter", "translator", "audience members",
    "unidentified male", "unidentified female", "unidentified man", "unidentified woman",
}
# Words that open a "Word: text" line in ordinary prose or page furniture without naming anyone.
# A label made only of these ("Note", "Editor's Note", "Press Briefing", "Bottom Line") is none.
NOT_LABEL_WORDS = frozenset("""
    note notes nb ps source sources update updated updates editor's editor’s editors correction clarification
    disclaimer warning caution tip tips example examples step summary abstract background conclusion
    conclusions context overview introduction intro outro agenda topic topics subject re fwd from to cc bcc
    date time location venue title author authors tags tag categories category keywords photo photos image
    images video audio caption credit credits watch listen read related more see also contact email phone
    tel fax website web twitter facebook instagram linkedin youtube breaking exclusive analysis opinion
    comment comments key bottom line takeaway takeaways point points lesson lessons result results goal
    goals problem problems solution solutions reason reasons price prices cost total yes pros cons status
    transcript transcription episode season part chapter section table figure fig appendix definition hint
    rule rules fact facts quote quotes translation original english chinese error ok important fyi aside
    reminder spoiler content sponsor sponsored advertisement ad disclosure full text statement press
    release briefing news brief daily weekly report story here today yesterday tomorrow week month year
    plus bonus edit edited featured pictured above below left right top previously
    lede headline headlines byline dateline published posted filed share print subscribe publication type
    what's here's that's it's there's let's
""".split())

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_BRACKETED_TS = rf"[(\[]?({_TS})[)\]]?"
_LEADING_TS = re.compile(rf"[(\[]({_TS})[)\]]\s*")
_TRAILING_TS = re.compile(rf"\s*{_BRACKETED_TS}$")
# "core" then an optional timestamp then the colon; bounded, and the lazy core can only grow
# to the first colon, so matching stays linear in the window.
_SPLIT = re.compile(rf"([^:：\n]{{1,{MAX_TITLED_CHARS + _MAX_DESCRIPTION}}}?)\s*(?:{_BRACKETED_TS})?\s*([:：])")
_ALONE_WITH_TS = re.compile(rf"(.{{1,{MAX_TITLED_CHARS}}}?)\s+{_BRACKETED_TS}")
_QA_PERIOD = re.compile(r"([QA])\.\s+(?=\S)")
_LIST_ITEM = re.compile(r"(?:[-+•]|\*(?=\s)|\d{1,3}[.)])\s")
_HEADING = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MARKUP = ("**", "__", "*", "_")
_NAME_MARKS = "'’-."
_UNCASED_JOINERS = "·・‧•"
_PREFIXES = PARTICLES | {"d", "l"}
_PREFIXED = re.compile(r"([A-Za-z]{1,5})[-'’](\w)")


@dataclass(frozen=True, slots=True)
class Label:
    """One speaker label as the line writes it."""

    label: str  # as written, without markup, timestamp and colon: "MR. LEE", "AUDIENCE MEMBER", "Q"
    rest: str  # the text after the label on the same line; "" when the label is alone
    timestamp: str | None = None  # "00:01:02"
    description: str | None = None  # what followed a comma: "President of the Council on Foreign Relations"
    # Set by markup, a timestamp, capitals or a role word: shapes ordinary sentences do not take.
    strong: bool = False
    heading: bool = False  # a Markdown heading whose whole text is the label


def speaker_label(line: str) -> Label | None:
    """The speaker label that opens `line`, or None."""
    s = line.strip()
    head = s[:_WINDOW]
    if not head or head[0] == ">" or _LIST_ITEM.match(head):
        return None
    if head[0] == "#":
        return _heading(s)
    for mark in _MARKUP:
        if head.startswith(mark):
            return _marked(s, mark)
    return _plain(s)


def _plain(s: str) -> Label | None:
    head = s[:_WINDOW]
    if ":" not in head and "：" not in head:
        # Every shape below but "Q. text" needs a colon (a timestamp has one too), and lines of
        # prose mostly have none: the lazy pattern would try each position of the window.
        qa = _QA_PERIOD.match(head)
        return Label(qa.group(1), s[qa.end():].strip(), None, None, strong=True) if qa else None
    stamp = None
    lead = _LEADING_TS.match(head)
    start = lead.end() if lead else 0
    if lead:
        stamp = lead.group(1)
    m = _SPLIT.match(head, start)
    if m:
        rest = s[m.end():].strip()
        if _colon_ok(m.group(3), s[m.end():m.end() + 1]):
            found = _core(m.group(1), stamp or m.group(2), rest)
            if found:
                return found
    if len(s) <= MAX_TITLED_CHARS + 12 and (alone := _ALONE_WITH_TS.fullmatch(s)) and not lead:
        # "Name 00:01:02" or "Name (00:01:02)" alone on its line, the turn below it.
        return _core(alone.group(1), alone.group(2), "")
    qa = _QA_PERIOD.match(head)
    if qa:
        return Label(qa.group(1), s[qa.end():].strip(), stamp, None, strong=True)
    return None


def _colon_ok(colon: str, after: str) -> bool:
    # "At 10:30", "https://", "3:2" are not labels; a full-width colon may touch the next word,
    # and in bilingual text an ASCII colon may touch a CJK character.
    if colon == "：" or not after:
        return True
    return after.isspace() or not after.isascii()


def _marked(s: str, mark: str) -> Label | None:
    """`**Name:**`, `**Name**:`, `__Name:__`, `*Name:*`, `**Name (00:01:02)**`: the markup closes
    right after the label, so a bold sentence that merely contains a colon is not one."""
    close = s.find(mark, len(mark), _WINDOW)
    if close <= len(mark) or (mark in ("*", "_") and s[len(mark)] == mark):
        return None
    inner, after = s[len(mark):close].strip(), s[close + len(mark):]
    stripped = after.lstrip()
    if inner.endswith((":", "：")):
        core, rest = inner[:-1], after.strip()
    elif stripped[:1] in (":", "："):
        core, rest = inner, stripped[1:].strip()
    else:
        core, rest = inner, after.strip()
        # Without a colon only a timestamp says the bold words are a speaker: "**Lex (00:01)** Text".
        if not (_LEADING_TS.match(core) or _TRAILING_TS.search(core)):
            return None
    found = _core(core, None, rest)
    return Label(found.label, rest, found.timestamp, found.description, strong=True) if found else None


def _heading(s: str) -> Label | None:
    """`### Name` or `### Name:` heading the turn that follows."""
    if len(s) > _WINDOW:
        return None
    m = _HEADING.match(s)
    if not m:
        return None
    text = m.group(2).strip()
    for mark in ("**", "__"):
        if len(text) > 4 and text.startswith(mark) and text.endswith(mark):
            text = text[2:-2].strip()
    text = text[:-1] if text.endswith((":", "：")) else text
    found = _core(text, None, "")
    if not found:
        return None
    return Label(found.label, "", found.timestamp, found.description, strong=found.strong, heading=True)


def _core(text: str, stamp: str | None, rest: str) -> Label | None:
    """Validate what stands before the colon: a timestamp, a name-like run, a description."""
    text = text.strip()
    lead = _LEADING_TS.match(text)
    if lead:
        stamp, text = stamp or lead.group(1), text[lead.end():]
    trail = _TRAILING_TS.search(text)
    if trail:
        stamp, text = stamp or trail.group(1), text[:trail.start()]
    name, _, description = text.partition(",")
    name, description = name.strip(), description.strip() or None
    if description is not None and not _description_ok(description):
        return None
    shape = _name_shape(name)
    if shape is None:
        return None
    return Label(name, rest, stamp, description, strong=shape or stamp is not None)


def _description_ok(text: str) -> bool:
    # "President of the Council on Foreign Relations", "former secretary of state": a short
    # phrase opening with a capital or a title word, not a clause ("the IMF, the World Bank and").
    first = text.split()[0].lower()
    return (len(text) <= _MAX_DESCRIPTION and (text[0].isupper() or first in TITLE_WORDS)
            and not any(c in text for c in ";!?()[]\"“”") and ". " not in text)


def _word_kind(word: str) -> str | None:
    """'name', 'uncased', 'particle', 'connector' or None for one word of a label."""
    if word in CONNECTORS:
        return "connector"
    lower = word.lower()
    if lower in PARTICLES:
        return "particle"  # de, van, bin
    prefixed = _PREFIXED.match(word)
    if prefixed and prefixed.group(1).lower() in _PREFIXES and word[prefixed.end() - 1].isupper():
        return "name"  # al-Assad, d'Estaing
    if word[0].isupper():
        return "name" if all(c.isalpha() or c in _NAME_MARKS for c in word) else None
    if (len(word) <= _MAX_UNCASED and all(_uncased(c) for c in word) and not word.endswith(_SAYS)
            and not all(c in _UNCASED_JOINERS for c in word)):
        return "uncased"
    return None


def _uncased(c: str) -> bool:
    # Letters of scripts without capitals (Han, Arabic, Hebrew, Devanagari...) and their marks.
    if c in _UNCASED_JOINERS:
        return True
    if c.isalpha():
        return not c.isupper() and not c.islower()
    return unicodedata.category(c).startswith("M")


def _name_shape(name: str) -> bool | None:
    """None if `name` is no label; otherwise whether its shape is strong (capitals, a role word)."""
    words = name.split()
    if not words:
        return None
    lower = [w.lower().rstrip(".") for w in words]
    role = " ".join(lower[:-1] if len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 2 else lower)
    if role in ROLE_WORDS and words[0][0].isupper():
        return True  # Q, QUESTION, MODERATOR, AUDIENCE MEMBER, Speaker 2
    titled = any(w in TITLE_WORDS for w in lower)
    if len(words) > (MAX_TITLED_WORDS if titled else MAX_NAME_WORDS):
        return None
    if len(name) > (MAX_TITLED_CHARS if titled else MAX_NAME_CHARS):
        return None
    kinds = [_word_kind(w) for w in words]
    if None in kinds or kinds[-1] not in ("name", "uncased") or kinds[0] == "connector":
        return None
    if "connector" in kinds and not titled:
        return None  # "Trade and the Future of Europe" is a headline, "Secretary of State Lee" a title
    if len(words) == 1 and len(words[0].rstrip(".")) == 1:
        return None  # single letters other than Q and A are list markers or initials
    if lower[0] in STOPWORDS and lower[0] not in HONORIFICS:
        return None  # "The reason", "However", "In Summary"
    letters = [c for c in name if c.isalpha()]
    shouted = len(letters) >= 2 and all(not c.islower() for c in letters) and any(c.isupper() for c in letters)
    if all(w in NOT_LABEL_WORDS or w in STOPWORDS for w in lower) or (lower[0] in NOT_LABEL_WORDS and not shouted):
        return None  # "Editor's Note", "Related Experts"; "PRICE" in capitals is a surname
    if len(words) == 1 and lower[0] in MONTHS_DAYS:
        return None
    return shouted
