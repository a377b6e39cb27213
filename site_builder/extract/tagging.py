"""Issue tags for a piece of text: whole-word, case-insensitive, plural-aware keyword matching.

Each issue's keywords are compiled once into a single regular expression, so
tagging a passage costs one scan per issue however many keywords it has.

What counts as a passage's text is the caller's choice; `section_tags` shows
the convention used by the tests: a section heading counts for the section's
first passage only (a heading announces what follows it, not the whole section).
"""

from __future__ import annotations

import re

from site_builder.extract.taxonomy import Issue

_SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"  # "mil-mil", "mil mil", "military-to-military"
_VOWELS = "aeiou"


def _word(word: str) -> str:
    return re.escape(word).replace("'", "['’]").replace("’", "['’]")


def _plural(word: str) -> str:
    """The word or its plural (or its singular, for a plural keyword)."""
    lower = word.lower()
    if word.isupper() and len(word) <= 5:  # an acronym: AI, APEC, AIs
        return _word(word) + "s?"
    if lower.endswith("ies") and len(lower) > 4:
        return _word(word[:-3]) + "(?:y|ies)"
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        return _word(word[:-1]) + "(?:y|ies)"
    if lower.endswith(("ss", "us", "is", "x", "z", "ch", "sh")):
        return _word(word) + "(?:es)?"
    if lower.endswith("s") and len(lower) > 3 and lower[-2] not in "aio":
        return _word(word[:-1]) + "s?"
    return _word(word) + "(?:s|es)?"


def keyword_pattern(keyword: str) -> str:
    words = [w for w in re.split(_SEPARATOR, keyword.strip()) if w]
    return _SEPARATOR.join([_word(w) for w in words[:-1]] + [_plural(words[-1])])


def compile_keywords(keywords: list[str]) -> re.Pattern[str]:
    alternatives = sorted({keyword_pattern(k) for k in keywords if k.strip()}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


class IssueTagger:
    __slots__ = ("_rules",)

    def __init__(self, issues: list[Issue]):
        self._rules = [(issue.slug, compile_keywords(issue.keywords)) for issue in issues if issue.keywords]

    def tags(self, text: str) -> list[str]:
        """Slugs of the issues `text` mentions, in taxonomy order."""
        return [slug for slug, pattern in self._rules if pattern.search(text)]

    def matches(self, text: str) -> dict[str, list[str]]:
        """Which words of `text` triggered each issue (for explaining a tag)."""
        found = {slug: [m.group() for m in pattern.finditer(text)] for slug, pattern in self._rules}
        return {slug: words for slug, words in found.items() if words}

    def section_tags(self, section) -> list[tuple[str, list[str]]]:
        """(passage anchor, tags) for each passage; the heading counts for the first one."""
        result = []
        for n, passage in enumerate(section.passages):
            text = passage.text
            if n == 0 and section.heading:
                text = section.heading + "\n" + text
            result.append((passage.anchor, self.tags(text)))
        return result
