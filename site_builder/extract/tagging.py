"""Issue tags for a piece of text: whole-word, case-insensitive, plural-aware keyword matching.

A passage is tagged with an issue when it is about the issue, not when one of
its words passes by:

- an issue's `keywords` are strong: one is enough; its `weak_keywords` are
  words with other uses or that mostly pass by ("sanctions", "partners",
  "human rights"): a passage needs two hits of them (two different ones, or one
  it comes back to), or a strong one;
- words of an office title next to a person's name are no evidence: in
  "Climate Envoy Ann Doe met ..." the passage is about a meeting, not the
  climate (`title_spans`). The name itself still counts (a leader's name can be a keyword).

Each keyword is compiled once (see `IssueTagger`); word sets let most passages
skip every regex, so tagging stays one pass over the text.

An article lists its main issues only (`main_issues`): those covering a good
share of its text, not every issue one of its passages touches.

What counts as a passage's text is the caller's choice; `section_tags` shows
the convention used by the tests: a section heading counts for the section's
first passage only (a heading announces what follows it, not the whole section).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from site_builder.extract.taxonomy import Issue

_SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"  # "co-op", "co op", "state-to-state"
_WORD = re.compile(r"\w+")
_VOWELS = "aeiou"
_STRONG = -1  # the group of every strong keyword; weak keywords get groups 0, 1, ...


def forms(word: str) -> list[str]:
    """The lower-case spellings a keyword's last word matches: itself and its plural
    (or its singular, for a plural keyword): hotline/hotlines, ally/allies, chips/chip."""
    lower = word.lower()
    if word.isupper() and len(word) <= 5:  # an acronym: AI, APEC, G7
        return [lower, lower + "s"]
    if lower.endswith("ies") and len(lower) > 4:
        return [lower[:-3] + "y", lower]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        return [lower, lower[:-1] + "ies"]
    if lower.endswith(("ss", "us", "is", "x", "z", "ch", "sh")):
        return [lower, lower + "es"]
    if lower.endswith("s") and len(lower) > 3 and lower[-2] not in "aio":
        return [lower[:-1], lower]
    return [lower, lower + "s", lower + "es"]


def _words(keyword: str) -> list[str]:
    return [w for w in re.split(_SEPARATOR, keyword.strip()) if w]


def keyword_pattern(keyword: str) -> str:
    """A lower-case regex for one keyword; spaces and hyphens between its words are interchangeable."""
    *head, last = _words(keyword)
    escape = lambda w: re.escape(w.lower()).replace("'", "['’]").replace("’", "['’]")
    tail = "(?:" + "|".join(escape(f) for f in forms(last)) + ")"
    return _SEPARATOR.join([escape(w) for w in head] + [tail])


# --- office titles next to a name ------------------------------------------------

# Words that end an office title. Heads of state and government ("President",
# "Premier", "Prime Minister") are left out: the word before them names the
# country the person leads ("Taiwan President ..."), which is evidence.
_TITLE_HEADS = frozenset("""
    envoy secretary undersecretary minister ambassador representative spokesperson spokesman
    spokeswoman adviser advisor director chair chairman chairwoman chairperson commissioner
    coordinator administrator czar tsar counselor counsellor councilor councillor negotiator
""".split())
_OPENERS = frozenset({"of", "for", "on", "to"})  # "Secretary of State", "Envoy for Climate", "Ambassador to China"
_CONNECTORS = _OPENERS | {"and", "the"}  # "... for East Asian and Pacific Affairs", "Director of the ..."
# Words that cannot be part of a title run: a title never reaches back past them.
_STOP = frozenset("""
    a an the and or but nor of for to in on at by with from as than that this these those which who
    whom whose what when where while if is are was were be been has have had will would can could
    should may might must not no it its he she they we i you his her their our your said says told
""".split())
_NOT_NAME = frozenset("""
    the a an i it this that in on at of for and but monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    office department ministry commission council committee agency bureau administration house
    senate congress party government embassy
""".split())
# (what comes before a token, the token); a token is an abbreviation with dots ("U.S.")
# or a word with inner apostrophes or hyphens ("Ing-wen", "Taiwan’s").
_PAIRS = re.compile(r"(\W*)((?:[^\W\d_]\.){2,}|\w+(?:['’\-\u2010\u2011]\w+)*)")
_HYPHENS = "-\u2010\u2011"
_DEMONYM = re.compile(r"[A-Z]\w+(?:ian|ean|can|ese)")  # Russian, Korean, American, Taiwanese (not Taiwan)
_HEAD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_TITLE_HEADS, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
# Ministries: the word before one names a country ("Ukraine finance minister").
_PORTFOLIOS = frozenset("foreign finance defense defence interior economy trade commerce health justice".split())
_MAX_BEFORE = 5  # title words before the head: "Assistant Secretary", "U.S. Trade Representative"
# Characters read before and after a title word: a title and its name are short, and
# tokenizing is most of the cost of a passage with a title. A title that reaches the
# edge of the first look is read again with the wide one.
_WINDOW, _WIDE_WINDOW = (48, 96), (240, 360)
_NEAR = (40, 60)  # where a title's own words are, around its head word (its name may go further)
_WIDER = (-1, -1)  # what `_title_at` returns for "look again, wider"


def _capitalised(token: str) -> bool:
    return token[0].isupper()


def _possessive(token: str) -> bool:
    return token.endswith(("'s", "’s", "s'", "s’"))


def _namelike(token: str) -> bool:
    return _capitalised(token) and token.lower() not in _NOT_NAME and token.lower() not in _TITLE_HEADS


def _is_head(tokens: list[str], i: int) -> bool:
    word = tokens[i].lower()
    if word not in _TITLE_HEADS:
        if not any(c in word for c in _HYPHENS):
            return False
        if not any(p in _TITLE_HEADS for p in re.split(f"[{_HYPHENS}]", word)):  # "Secretary-General", "co-chair"
            return False
    return not (word == "minister" and i > 0 and tokens[i - 1].lower() == "prime")


def _head_positions(text: str, lower: str, present: set[str]) -> list[tuple[int, int]]:
    """(start, length) of each title word, in order. `str.find` per word present is many
    times faster than one case-insensitive alternation, which tries every position."""
    if len(lower) != len(text):  # a few letters change length: positions would not agree
        return [(m.start(), m.end() - m.start()) for m in _HEAD.finditer(text)]
    found = []
    for word in present:
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _word_char(lower[at - 1])) and (end == len(lower) or not _word_char(lower[end])):
                found.append((at, len(word)))
            at = lower.find(word, end)
    return sorted(found)


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def title_spans(text: str, lower: str | None = None, words: set[str] | None = None,
                evidence: set[str] | None = None) -> list[tuple[int, int]]:
    """Character spans of office titles written next to a person's name: "U.S. Climate
    Envoy" in "U.S. Climate Envoy Ann Doe", "commerce secretary" in "Ida Rowe,
    the commerce secretary, said". The name itself is not part of the span.

    `lower` and `words` are the text's lower case and set of words, when known. With
    `evidence`, a title word with none of those words near it is passed over: blanking
    its title would change no tag (a title longer than the first look is read whole
    only when the evidence is near its head word)."""
    lower = text.lower() if lower is None else lower
    present = _TITLE_HEADS.intersection(_WORD.findall(lower) if words is None else words)
    spans = []
    for at, length in _head_positions(text, lower, present) if present else ():
        if evidence is not None and evidence.isdisjoint(
                _WORD.findall(lower, max(0, at - _NEAR[0]), at + length + _NEAR[1])):
            continue
        span = _title_at(text, at, length, _WINDOW)
        if span is _WIDER:
            span = _title_at(text, at, length, _WIDE_WINDOW)
        if span is not None:
            spans.append(span)
    return spans



def _title_at(text: str, at: int, length: int, window: tuple[int, int]) -> tuple[int, int] | None:
    """The span of the title whose head word is at `at`, None when no name is next to it,
    or `_WIDER` when the window cut it."""
    tokens, gaps, h, origin = _window(text, at, length, *window)
    if not _is_head(tokens, h):
        return None
    joined = [False] + [not gap.strip() for gap in gaps[1:]]
    lower_head = not _capitalised(tokens[h])
    start = h  # walk back over the title's words: "U.S. Climate", "Taiwan Affairs Office"
    capitals = False  # "U.S. climate envoy": lower-case words come last, next to a lower-case head
    while start > 0 and h - start < _MAX_BEFORE and joined[start]:
        word = tokens[start - 1]
        if word.lower() in _STOP or _possessive(word):
            break
        if _capitalised(word):
            capitals = True
        elif capitals or not lower_head:
            break
        start -= 1
    end, name, last = _after_head(tokens, joined, h)
    cut = (start <= 1 and at > window[0]) or (last >= len(tokens) - 2 and at + length + window[1] < len(text))
    if cut and window is not _WIDE_WINDOW:
        return _WIDER
    if start < h and (_DEMONYM.fullmatch(tokens[start]) or start + 1 < h and tokens[start + 1].lower() in _PORTFOLIOS):
        start += 1  # "Russian Foreign Minister", "Ukraine finance minister": whose minister is evidence
    if name is None and not _name_before(tokens, gaps, joined, start):
        return None
    return _start(tokens, gaps, origin, start), _start(tokens, gaps, origin, end) + len(tokens[end])


def _window(text: str, at: int, length: int, before: int, after: int) -> tuple[list[str], list[str], int, int]:
    """The tokens around the title word at `at`, the text before each, the title word's
    index and where the first token starts. `findall` of (gap, token) pairs makes no
    match objects."""
    first = max(0, at - before)
    pairs = _PAIRS.findall(text, first, at)
    h = len(pairs)
    head_gap = text[first + sum(len(g) + len(t) for g, t in pairs):at]  # the last word to the title word
    pairs += _PAIRS.findall(text, at, at + length + after)
    gaps, tokens = (list(column) for column in zip(*pairs))
    gaps[h] = head_gap
    return tokens, gaps, h, first + len(gaps[0])


def _start(tokens: list[str], gaps: list[str], origin: int, i: int) -> int:
    """Where token i starts, given where token 0 does."""
    return origin + sum(map(len, tokens[:i])) + sum(map(len, gaps[1:i + 1]))


def _after_head(tokens: list[str], joined: list[bool], h: int) -> tuple[int, int | None, int]:
    """(last title token, first name token or None, last token read) for the words after
    a title's head: "Envoy Ann Doe" has no more title; "Secretary of State Ida Rowe" ends
    at "State"."""
    run: list[int] = []  # "of State Ida Rowe", "for climate Ann Doe"
    lower_words = 0  # lower-case portfolio words in a row, after a connector ("for climate")
    i = h + 1
    while i < len(tokens) and joined[i]:
        word, lower = tokens[i], tokens[i].lower()
        if _is_head(tokens, i):
            break  # a second title, with a span of its own
        if lower in _CONNECTORS:
            if lower == "the" and not (run and tokens[run[-1]].lower() in _OPENERS):
                break
            if lower == "and" and not 0 < _since_opener(tokens, run) <= 2:
                break  # "of Defense Lloyd Austin and ...": a second person; "for East Asian and Pacific Affairs": one title
            lower_words = 0
        elif _capitalised(word):
            lower_words = 0
        elif run and not _capitalised(tokens[run[-1]]) and lower not in _STOP and lower_words < 2:
            lower_words += 1
        else:
            break
        run.append(i)
        if _possessive(word):
            break
        i += 1
    stretch = []  # the capitalised words the run ends with
    for i in reversed(run):
        if tokens[i].lower() in _CONNECTORS or not _capitalised(tokens[i]):
            break
        stretch.insert(0, i)
    last_title = last = run[-1] if run else h
    if not stretch:
        return last_title, None, last
    before = run[: run.index(stretch[0])]
    if not before:
        first = stretch[0]  # "Envoy Ann Doe": all name
    elif not _capitalised(tokens[before[-1]]) and tokens[before[-1]].lower() not in _CONNECTORS:
        first = stretch[0]  # "envoy for climate Ann Doe"
    elif len(stretch) >= 3:
        first = stretch[-2]  # "Secretary of State Ida Rowe"
    elif len(stretch) == 2:
        first = stretch[-1]  # "Secretary of Commerce Rowe"
    else:
        return last_title, None, last  # "Secretary of State said": no name
    if not all(_namelike(tokens[i]) for i in range(first, stretch[-1] + 1)):
        return last_title, None, last
    return first - 1, first, last


def _since_opener(tokens: list[str], run: list[int]) -> int:
    """Capitalised words in `run` since its last opener ("of", "for", ...; 0 without one)."""
    count = 0
    for j in reversed(run):
        if tokens[j].lower() in _OPENERS:
            return count
        count += _capitalised(tokens[j])
    return 0


def _name_before(tokens: list[str], gaps: list[str], joined: list[bool], start: int) -> bool:
    """Whether a name and a comma come just before the title: "Ida Rowe, the commerce secretary"."""
    if start > 0 and joined[start] and tokens[start - 1].lower() in {"the", "a", "an"}:
        start -= 1
    if start == 0 or gaps[start].strip() != ",":
        return False
    return _namelike(tokens[start - 1])


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, at = [], 0
    for a, b in spans:
        if a < at:  # two heads in one title ("Envoy ... Director"): spans overlap
            a = at
        pieces.append(text[at:a])
        pieces.append(" " * max(b - a, 0))
        at = max(at, b)
    pieces.append(text[at:])
    return "".join(pieces)


# --- keywords ------------------------------------------------------------------------


def _key(keyword: str) -> tuple[str, ...]:
    """A keyword's words, the last in its first form: "crisis hotlines" -> ("crisis", "hotline")."""
    tokens = _WORD.findall(keyword.lower())
    return tuple(tokens[:-1]) + (forms(_words(keyword)[-1])[0] if _WORD.fullmatch(_words(keyword)[-1]) else tokens[-1],)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    return any(outer[i:i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))


def _weak_groups(weak: list[str]) -> list[int]:
    """A group per weak keyword; one inside another ("partners" in "Asian partners") share
    one, so that a single phrase is never counted as two different keywords."""
    keys = [_key(k) for k in weak]
    group = list(range(len(keys)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i, a in enumerate(keys):
        for j, b in enumerate(keys[:i]):
            if _contains(a, b) or _contains(b, a):
                group[root(i)] = root(j)
    return [root(i) for i in range(len(keys))]


@dataclass(slots=True)
class _Rule:
    slug: str
    strong: frozenset[str]  # single-word strong keywords in all their forms: a set lookup decides
    weak: dict[str, int]  # single-word weak keywords' forms -> their group
    # Phrases by first word: (other words it needs, forms of its last word, its own
    # regex, its group). A phrase's regex runs only when all its words occur in the
    # text, and searching for one literal phrase is far cheaper than for an alternation.
    phrases: dict[str, list[tuple[frozenset[str], frozenset[str], re.Pattern[str], int]]]
    keywords: list[tuple[re.Pattern[str], int]]  # every keyword's regex: the slow path of `matches`
    cue: frozenset[str] = frozenset()  # words one of which every match has: most rules stop here
    by_group: dict[int, list[re.Pattern[str]]] = field(default_factory=dict)  # weak keywords' regexes


def compile_rule(issue: Issue) -> _Rule:
    strong = [k for k in issue.keywords if _words(k)]
    weak = [k for k in issue.weak_keywords if _words(k)]
    groups = [_STRONG] * len(strong) + _weak_groups(weak)
    rule = _Rule(issue.slug, frozenset(), {}, {}, [])
    single: set[str] = set()
    for keyword, group in zip(strong + weak, groups):
        own = re.compile(rf"{keyword_pattern(keyword)}(?!\w)")
        rule.keywords.append((own, group))
        if group != _STRONG:
            rule.by_group.setdefault(group, []).append(own)
        if _WORD.fullmatch(keyword):
            if group == _STRONG:
                single.update(forms(keyword))
            else:
                rule.weak.update(dict.fromkeys(forms(keyword), group))
            continue
        tokens = _WORD.findall(keyword.lower())
        last = _words(keyword)[-1]
        ending = frozenset(forms(last)) if _WORD.fullmatch(last) else frozenset(tokens[-1:])
        rule.phrases.setdefault(tokens[0], []).append((frozenset(tokens[1:-1]), ending, own, group))
    rule.strong = frozenset(single)
    for form in single:  # a form that is strong somewhere is strong
        rule.weak.pop(form, None)
    rule.cue = rule.strong | frozenset(rule.weak) | frozenset(rule.phrases)
    return rule


def _tagged(rule: _Rule, words: set[str], lower: str) -> bool:
    """Whether `rule` tags the text, past the set lookups `IssueTagger.tags` makes first:
    a strong keyword, or two hits of weak ones (two different ones, or one used twice)."""
    weak = {rule.weak[w] for w in words.intersection(rule.weak)} if rule.weak else set()
    if len(weak) >= 2:
        return True
    for first in words.intersection(rule.phrases):
        for needed, ending, pattern, group in rule.phrases[first]:
            if group in weak or not needed <= words or ending.isdisjoint(words):
                continue
            if next(_search(pattern, lower), None) is None:
                continue
            if group == _STRONG:
                return True
            weak.add(group)
            if len(weak) >= 2:
                return True
    if not weak:
        return False
    (group,) = weak  # one weak keyword: does the passage come back to it?
    hits = [(m.start(), -m.end()) for pattern in rule.by_group[group] for m in _search(pattern, lower)]
    return len(_outermost(hits)) >= 2


def _outermost(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, -end) matches -> (start, end) of those no other match contains or overlaps
    before them: "Asian partners" once, not also "partners"."""
    kept, reach = [], 0
    for start, minus_end in sorted(hits):  # the longest first at each start
        if start >= reach:
            kept.append((start, -minus_end))
            reach = -minus_end
    return kept


def _search(pattern: re.Pattern[str], lower: str) -> Iterator[re.Match[str]]:
    """Matches that start a word (the look-behind the patterns leave out)."""
    for match in pattern.finditer(lower):
        at = match.start()
        if at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):
            yield match


class IssueTagger:
    """Tags text with issue slugs. Build it once: every keyword is compiled here.

    Tagging a passage first collects its words into a set (one C-level pass).
    Only a passage with a title word ("Secretary", "envoy") is scanned for office
    titles, which are blanked out before anything else. An issue whose strong
    single-word keywords meet the set is tagged at once; weak ones are counted by
    group (only a lone one is searched for a second hit); a phrase's regex runs
    only when all of its words occur (to check that they are adjacent). Most
    passages cost one `findall` and a few set operations.
    `matches` decides the same with every keyword's own regex, and explains it.
    """

    __slots__ = ("_rules", "_singles", "_phrases")

    def __init__(self, issues: list[Issue]):
        self._rules = [compile_rule(issue) for issue in issues]
        self._singles = frozenset().union(*(rule.strong | frozenset(rule.weak) for rule in self._rules))
        self._phrases: dict[str, dict[str, tuple[frozenset[str], frozenset[str], re.Pattern[str]]]] = {}
        for rule in self._rules:
            for first, entries in rule.phrases.items():
                for needed, ending, pattern, _ in entries:
                    self._phrases.setdefault(first, {})[pattern.pattern] = (needed, ending, pattern)

    def _evidence(self, words: set[str], lower: str) -> set[str]:
        """The words of the text that are part of a keyword: single-word keywords and the
        words of phrases found. A title with none of them changes no tag."""
        found = words.intersection(self._singles)
        for first in words.intersection(self._phrases):
            for needed, ending, pattern in self._phrases[first].values():
                if needed <= words and not ending.isdisjoint(words) and next(_search(pattern, lower), None):
                    found.add(first)
                    found.update(needed, ending.intersection(words))
        found.difference_update(_STOP)  # a keyword runs through a title on its other words
        return found

    def _prepare(self, text: str) -> tuple[str, set[str]]:
        """The text's lower case and its set of words, office titles blanked out."""
        lower = text.lower()
        words = set(_WORD.findall(lower))
        if _TITLE_HEADS.isdisjoint(words):
            return lower, words
        evidence = self._evidence(words, lower)
        if len(lower) != len(text):  # a few letters change length: blank the text itself
            spans = title_spans(text)
            lower = _blank(text, spans).lower() if spans else lower
        else:
            spans = [(a, b) for a, b in title_spans(text, lower, words, evidence)
                     if not evidence.isdisjoint(_WORD.findall(lower, a, b))]
            lower = _blank(lower, spans) if spans else lower
        return (lower, set(_WORD.findall(lower))) if spans else (lower, words)

    def tags(self, text: str) -> list[str]:
        """Slugs of the issues `text` is about, in taxonomy order."""
        lower, words = self._prepare(text)
        return [
            rule.slug for rule in self._rules
            if not rule.cue.isdisjoint(words) and (not rule.strong.isdisjoint(words) or _tagged(rule, words, lower))
        ]

    def matches(self, text: str) -> dict[str, list[str]]:
        """The words of `text` that made each of its tags (to explain or debug a tag)."""
        lower, _ = self._prepare(text)
        source = text if len(text) == len(lower) else lower  # a few letters change length
        found = {}
        for rule in self._rules:
            hits = [(m.start(), -m.end(), group) for pattern, group in rule.keywords for m in _search(pattern, lower)]
            groups = {group for _, _, group in hits}
            spans = _outermost([hit[:2] for hit in hits])
            if _STRONG in groups or len(groups) >= 2 or len(spans) >= 2:  # see `_tagged`
                found[rule.slug] = [source[a:b] for a, b in spans]
        return found

    def section_tags(self, section) -> list[tuple[str, list[str]]]:
        """(passage anchor, tags) for each passage; the heading counts for the first one."""
        result = []
        for n, passage in enumerate(section.passages):
            text = passage.text
            if n == 0 and section.heading:
                text = section.heading + "\n" + text
            result.append((passage.anchor, self.tags(text)))
        return result


# --- an article's main issues --------------------------------------------------------

MAIN_SHARE = 0.1  # an issue is a main one when its passages hold this share of the article's text
MAIN_LIMIT = 5


def main_issues(
    passage_tags: Sequence[Sequence[str]],
    sizes: Sequence[int] | None = None,
    *,
    share: float = MAIN_SHARE,
    limit: int = MAIN_LIMIT,
) -> list[str]:
    """The issues an article is mainly about, the most covered first.

    `passage_tags` are its passages' tags in order; `sizes` their lengths (one each
    when left out). An issue's coverage is the size of the passages tagged with it;
    an issue is a main one when that is at least `share` of the article's size. At
    most `limit` issues, and at least the most covered one when any passage is
    tagged: an article about one thing mentioned once is still about that thing.
    Ties go to the issue met first.
    """
    sizes = [1] * len(passage_tags) if sizes is None else sizes
    cover: dict[str, int] = {}  # first met first
    for tags, size in zip(passage_tags, sizes, strict=True):
        for slug in tags:
            cover[slug] = cover.get(slug, 0) + max(size, 1)
    if not cover:
        return []
    total = sum(max(size, 1) for size in sizes)
    ranked = sorted(cover, key=lambda slug: -cover[slug])  # stable: ties keep first-met order
    main = [slug for slug in ranked if cover[slug] >= share * total][:limit]
    return main or ranked[:1]
