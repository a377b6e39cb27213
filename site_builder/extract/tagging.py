"""Issue tags for a piece of text: whole-word, case-insensitive, plural-aware keyword matching.

Each issue's keywords are compiled once, into one regular expression per issue
(plus word sets that let most passages skip the regex; see `IssueTagger`).

What counts as a passage's text is the caller's choice; `section_tags` shows
the convention used by the tests: a section heading counts for the section's
first passage only (a heading announces what follows it, not the whole section).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder.extract.taxonomy import Issue

_SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"  # "co-op", "co op", "state-to-state"
_WORD = re.compile(r"\w+")
_VOWELS = "aeiou"


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


@dataclass(slots=True)
class _Rule:
    slug: str
    pattern: re.Pattern[str]  # every keyword, whole words, on lower-cased text
    words: frozenset[str]  # single-word keywords in all their forms: a set lookup decides
    # Phrases by first word: (other words it needs, forms of its last word, its own
    # regex). A phrase's regex runs only when all its words occur in the text, and
    # searching for one literal phrase is far cheaper than for the whole alternation.
    phrases: dict[str, list[tuple[frozenset[str], frozenset[str], re.Pattern[str]]]]


def compile_rule(issue: Issue) -> _Rule:
    keywords = [k for k in issue.keywords if _words(k)]
    alternatives = sorted({keyword_pattern(k) for k in keywords}, key=len, reverse=True)
    # No leading look-behind: it would stop `re` from skipping ahead to likely first
    # letters, which makes the search several times slower; `_search` checks it instead.
    pattern = re.compile(rf"(?:{'|'.join(alternatives)})(?!\w)")
    words: set[str] = set()
    phrases: dict[str, list[tuple[frozenset[str], frozenset[str], re.Pattern[str]]]] = {}
    for keyword in keywords:
        if _WORD.fullmatch(keyword):
            words.update(forms(keyword))
            continue
        tokens = _WORD.findall(keyword.lower())
        last = _words(keyword)[-1]
        ending = frozenset(forms(last)) if _WORD.fullmatch(last) else frozenset(tokens[-1:])
        own = re.compile(rf"{keyword_pattern(keyword)}(?!\w)")
        phrases.setdefault(tokens[0], []).append((frozenset(tokens[1:-1]), ending, own))
    return _Rule(issue.slug, pattern, frozenset(words), phrases)


def _phrase_found(rule: _Rule, words: set[str], lower: str) -> bool:
    for first in words.intersection(rule.phrases):
        for needed, ending, pattern in rule.phrases[first]:
            if needed <= words and not ending.isdisjoint(words) and next(_search(pattern, lower), None):
                return True
    return False


def _search(pattern: re.Pattern[str], lower: str) -> Iterator[re.Match[str]]:
    """Matches that start a word (the look-behind the patterns leave out)."""
    for match in pattern.finditer(lower):
        at = match.start()
        if at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] == "_"):
            yield match


class IssueTagger:
    """Tags text with issue slugs. Build it once: every keyword is compiled here.

    Tagging a passage first collects its words into a set (one C-level pass);
    an issue whose single-word keywords meet that set is tagged at once; a
    phrase's regex runs only when all of its words occur (to check that they
    are adjacent). Most passages cost one `findall` and a few set operations.
    The issue's whole regex gives the same answers and explains them: `matches`.
    """

    __slots__ = ("_rules",)

    def __init__(self, issues: list[Issue]):
        self._rules = [compile_rule(issue) for issue in issues]

    def tags(self, text: str) -> list[str]:
        """Slugs of the issues `text` mentions, in taxonomy order."""
        lower = text.lower()
        words = set(_WORD.findall(lower))
        found = []
        for rule in self._rules:
            if not rule.words.isdisjoint(words) or _phrase_found(rule, words, lower):
                found.append(rule.slug)
        return found

    def matches(self, text: str) -> dict[str, list[str]]:
        """Which words of `text` triggered each issue (to explain or debug a tag)."""
        lower = text.lower()
        source = text if len(text) == len(lower) else lower  # a few letters change length
        found = {}
        for rule in self._rules:
            spans = [m.span() for m in _search(rule.pattern, lower)]
            if spans:
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
