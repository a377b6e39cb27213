"""Quotations in a passage and the words that attribute them.

This module only reads sentence shapes; deciding *who* a subject such as
"Doe" or "he" is belongs to `people.py`, which knows the document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from site_builder.extract.names import ABBREVIATIONS, RUN, UP

VERBS = (
    r"said|says|say|told|tells|added|adds|noted|notes|stated|remarked|remarks|commented|comments|"
    r"wrote|writes|tweeted|tweets|posted|argued|argues|explained|explains|warned|warns|observed|"
    r"insisted|insists|declared|declares|asked|asks|replied|responded|continued|cautioned|"
    r"emphasized|emphasised|stressed|suggested|acknowledged|conceded|contended|countered|"
    r"maintained|claimed|recalled|predicted|concluded|quipped|recounted|lamented|admitted|put it"
)
PARTICIPLES = (
    r"saying|telling|adding|noting|stating|declaring|writing|tweeting|warning|arguing|explaining|"
    r"insisting|remarking|commenting|stressing|emphasizing|emphasising|asking|claiming|predicting"
)
_ADVERB = r"(?:\w+ly|also|later|then|once|again|further|earlier|simply|has|have|had|has also|had also)"
# A description after a name starts in lower case ("a fellow at ...", "director of ...",
# "who leads ..."), but not with words that go on with the sentence (", during a briefing").
# A possessive may open it too: "Ruritania’s deputy foreign minister".
_APPOSITIVE_START = (
    r"(?:(?!(?:during|in|on|at|after|before|when|while|as|but|and|or|adding|saying|noting|which|"
    r"where|according|to|from|for|with|by|since|because|if|though|although|told|said|says|"
    rf"asked|then|also|\w+ing)\b)[a-z]|{UP}[\w\-]*[’']s\b|(?:[A-Z]\.){{2,}}[ \u00a0]+[a-z])"
)

_FURTHER = r"(?:a|an|and|former)\b"

_VERB = re.compile(rf"\b(?:(?P<part>{PARTICIPLES})|{VERBS})\b")
_ACCORDING_TAIL = re.compile(r"[ \u00a0]*,?[ \u00a0]*according to[ \u00a0]+(?P<rest>.*)", re.S)
_VERB_FIRST = re.compile(rf"[ \u00a0]*,?[ \u00a0]*(?:{VERBS})[ \u00a0]+(?P<rest>.*)", re.S)
_SUBJECT_FIRST = re.compile(
    rf"[ \u00a0]*,?[ \u00a0]*(?P<subj>[^,“”\"()]{{1,90}}?)"
    rf"(?:,[ \u00a0]+(?P<app>[^“”\"]*?),)?"  # "Roe, speaking in Paris, said" too
    rf"[ \u00a0]+(?:{_ADVERB}[ \u00a0]+)?(?:{VERBS})\b"
)
_SUBJECT_END = re.compile(
    rf"(?:(?P<pron>\b[Hh]e|\b[Ss]he)|(?P<run>{RUN.pattern})"
    rf"(?:,[ \u00a0]+(?P<app>{_APPOSITIVE_START}[^“”\"]*?),)?)[ \u00a0]+(?:{_ADVERB}[ \u00a0]+)?$"
)
_WRITES = re.compile(r"[ \u00a0]*,?[ \u00a0]*(?:writes|wrote)\b")
_DETERMINER = re.compile(r"\b(?:a|an|the|his|her|its|their|this|that|our)[ \u00a0]+$", re.I)
_BOUNDARY = re.compile(rf"[.!?][”\"’)]*[ \u00a0\n]+(?=[“\"‘(]?(?:{UP}|\d))")
_ABBREV_END = re.compile(rf"(?:\b(?:{'|'.join(ABBREVIATIONS)})|(?:\b[A-Z]\.)*\b[A-Z])$")


@dataclass(slots=True)
class Quote:
    start: int  # offset of the quoted words in the passage text
    end: int
    opened: int  # offset of the opening mark (of `start` when the mark is missing)
    closed: int  # offset just after the closing mark
    text: str
    stray: bool = False  # no opening mark: only an explicit attribution may claim it


@dataclass(slots=True)
class Attribution:
    """Who a sentence says spoke: a name, a title before it and a phrase after it."""

    subject: str  # "Rep. Ann Doe", "Doe", "he"
    phrase: str | None = None  # the appositive: "a fellow at the Example Institute"
    candidates: list[str] = field(default_factory=list)  # sentence subjects, first resolvable wins


_DOUBLE_MARK = re.compile(r"[“”\"]")
_OPENING_MARK = re.compile(r"[“\"]")
_SUFFIX_AFTER_COMMA = re.compile(r",[ \u00a0]+(Jr|Sr|II|III|IV)\b\.?")
_DESCRIPTION_CHUNK = re.compile(_APPOSITIVE_START)
_FURTHER_CHUNK = re.compile(_FURTHER)
_CLAUSE_CHUNK = re.compile(r"(?:\w+ly|he|she|it|they|we)\b")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=[^\W\d_])")
# A closing single mark follows a word or punctuation and is not followed by a letter
# (which would make it an apostrophe: "it's", "Taiwan's").
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?…])['’](?![^\W_])")


def _single_quotes(text: str) -> list[Quote]:
    """British house style quotes in single marks ('...,' said X). Only used in passages
    without double marks, where the single marks cannot be quotes inside quotes."""
    quotes, at = [], 0
    while True:
        opening = _SINGLE_OPEN.search(text, at)
        if not opening:
            return quotes
        closing = _SINGLE_CLOSE.search(text, opening.end() + 1)
        if not closing:
            return quotes
        quote = _quote(text, opening.end(), opening.start(), closing.end())
        if quote.text and len(quote.text.split()) >= 3:  # 'hawks' and 'doves' are scare quotes
            quotes.append(quote)
        at = closing.end()


def find_quotes(text: str) -> list[Quote]:
    """Curly or straight double quotes. A closing mark with no opening one at the very
    start of a passage (a typo the seeds have) quotes from the passage's first word.
    Passages with no double marks may quote with single ones."""
    if "'" in text or "‘" in text:
        if not any(mark in text for mark in "“”\""):
            return _single_quotes(text)
    quotes: list[Quote] = []
    opened: int | None = None
    for match in _DOUBLE_MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "“" or (mark == '"' and opened is None):
            opened = at
            continue
        if opened is None:
            if quotes or not text[:at].strip():
                continue
            lead = len(text) - len(text.lstrip())
            quotes.append(_quote(text, lead, lead, at + 1, stray=True))
            continue
        quotes.append(_quote(text, opened + 1, opened, at + 1))
        opened = None
    return [q for q in quotes if q.text]


def _quote(text: str, start: int, opened: int, closed: int, stray: bool = False) -> Quote:
    # The comma before the attribution belongs to the sentence, not to the speaker.
    inner = text[start : closed - 1]
    stripped = inner.strip().rstrip(",").rstrip()
    lead = len(inner) - len(inner.lstrip())
    return Quote(start + lead, start + lead + len(stripped), opened, closed, stripped, stray)


def boundaries(text: str) -> list[int]:
    """Offsets where sentences start; abbreviations and initials ("Rep.", "U.S.", "K.") are not ends."""
    starts = [0]
    for match in _BOUNDARY.finditer(text):
        if not _ABBREV_END.search(text[max(0, match.start() - 12) : match.start()]):
            starts.append(match.end())
    return starts


def sentence_span(text: str, starts: list[int], at: int) -> tuple[int, int]:
    # `starts` (from `boundaries`) begins with 0 and rises.
    following = bisect_right(starts, at)
    return starts[following - 1], (starts[following] if following < len(starts) else len(text))


def after(text: str, quote: Quote, end: int) -> Attribution | None:
    """`“...,” said Jane Roe, a fellow at X.` / `“...,” Roe, an analyst, said.` / `“...,” he added.`
    / `“...,” according to Jane Roe.`"""
    tail = text[quote.closed : end]
    next_open = _OPENING_MARK.search(tail)
    tail = tail[: next_open.start()] if next_open else tail
    verb_first = _VERB_FIRST.match(tail) or _ACCORDING_TAIL.match(tail)
    if verb_first:
        rest = verb_first.group("rest").rstrip().rstrip(".")
        rest = _SUFFIX_AFTER_COMMA.sub(r" \1.", rest)  # "Jan K. Roe, Jr., a former ..."
        subject, _, described = rest.partition(", ")
        phrase = appositive(described)
        if phrase is None and _WRITES.match(tail):
            phrase = "a writer"  # "..., writes Jane Roe for Example News": a writer elsewhere
        return Attribution(subject.strip(), phrase)
    subject_first = _SUBJECT_FIRST.match(tail)
    if subject_first:
        return Attribution(subject_first.group("subj").strip(), appositive(subject_first.group("app") or ""))
    return None


def before(text: str, quote: Quote, begin: int) -> Attribution | None:
    """`Roe noted that ... “...”` / `As Roe noted ...: “...”` / `Roe rebuked ..., declaring “...”`."""
    head = text[begin : quote.opened]
    for verb in reversed(list(_VERB.finditer(head))):
        left = head[: verb.start()]
        subject = _SUBJECT_END.search(left)
        if subject and subject.group("pron"):
            return Attribution(subject.group("pron"))
        if subject:
            return Attribution(subject.group("run"), appositive(subject.group("app") or ""))
        if verb.group("part") and not _DETERMINER.search(left):
            # "X seemingly rebuked ..., declaring that": the sentence's subject spoke.
            return Attribution("", None, [m.group() for m in RUN.finditer(left)])
    return None


def appositive(text: str) -> str | None:
    """The description after a name, as written: its first comma-separated chunk if
    that starts like a description ("a fellow at ...", "director of ..."), plus
    further chunks that start with "a"/"an" ("..., a conservative think tank").
    ", during a media briefing" or ", the talks failed" end it."""
    kept = []
    for chunk in text.split(", "):
        starts = _FURTHER_CHUNK if kept else _DESCRIPTION_CHUNK
        if not starts.match(chunk.strip()) or _CLAUSE_CHUNK.match(chunk):
            break
        kept.append(chunk)
    return ", ".join(kept).strip().rstrip(".") or None


def starts_sentence(text: str, quote: Quote, begin: int) -> bool:
    return not text[begin : quote.opened].strip() and quote.text[:1].isupper()


REPORTING = (
    r"said|says|told|tells|added|noted|notes|argued|argues|wrote|writes|explained|explains|warned|warns|"
    r"believes|believed|thinks|thought|contends|contended|suggested|suggests|stressed|stresses|maintains|"
    r"maintained|observed|observes|predicted|predicts|cautioned|cautions|insisted|insists|pointed out"
)
_TOLD = r"(?:told|tells)(?:[ \u00a0]+(?:the[ \u00a0]+)?(?:[A-Z][\w.’'\-]*[ \u00a0]*){1,5})?"
# "..., Jane Roe, a fellow at X, told Example News." / "..., said Jane Roe."
_REPORTED_END = re.compile(
    rf",[ \u00a0]+(?:(?:{REPORTING})[ \u00a0]+(?P<subj2>{RUN.pattern})(?:,[ \u00a0]+(?P<app2>[^,]+))?"
    rf"|(?P<pre>(?:(?:former|then|ex|retired|longtime|veteran|top)[ \u00a0\-]+)?)(?P<subj>{RUN.pattern})"
    rf"(?:,[ \u00a0]+(?P<app>{_APPOSITIVE_START}[^“”\"]*?),)?[ \u00a0]+"
    rf"(?:{_TOLD}|{REPORTING}))[ \u00a0]*[.!?]?$"
)
# "Jane Roe, a fellow at X, said (that) ..." / "Example Union President Jane Roe argues ..."
_REPORTED_START = re.compile(
    rf"^(?P<subj>{RUN.pattern})(?:,[ \u00a0]+(?P<app>{_APPOSITIVE_START}[^“”\"]*?),)?[ \u00a0]+"
    rf"(?:{_TOLD}|{REPORTING})[ \u00a0]+(?:that[ \u00a0]+)?(?P<rest>\S)"
)


def reported(text: str, starts: list[int]) -> list[tuple[int, int, Attribution]]:
    """Sentences that report what someone said without quoting them: "X said (that) ...",
    "..., X, a fellow at Y, told Z." Their words are the reporter's: a paraphrase."""
    found = []
    ends = starts[1:] + [len(text)]
    for begin, end in zip(starts, ends):
        sentence = text[begin:end].strip()
        if not sentence or any(mark in sentence for mark in "“”\"") or len(sentence) > 600:
            continue
        m = _REPORTED_START.match(sentence)
        if m:
            found.append((begin, end, Attribution(m.group("subj"), appositive(m.group("app") or ""))))
            continue
        m = _REPORTED_END.search(sentence)
        if m:
            subject = (m.group("pre") or "") + m.group("subj") if m.group("subj") else m.group("subj2")
            phrase = m.group("app") or (m.group("app2") or "").rstrip(".")
            found.append((begin, end, Attribution(subject, appositive(phrase) if phrase else None)))
    return found
