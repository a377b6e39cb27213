"""Small text helpers shared by readers, extraction and rendering."""

from __future__ import annotations

import re
import unicodedata

# Capitals of the Latin, Greek and Cyrillic scripts, for the patterns that find names
# ("Zoë Šaráčová is a fellow ..."). Latin Extended-A mixes cases, so callers that care
# check str.isupper; a plain class (not a negated one) lets `re` skip straight to capitals.
UP = r"[A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩЀ-Я]"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_APOSTROPHES = re.compile(r"(?<=\w)['\u2019](?=\w)")


def slugify(value: str, max_length: int = 80) -> str:
    """A URL-safe slug that keeps non-Latin scripts: 'Émile Zola' -> 'emile-zola', '中参馆' -> '中参馆'."""
    decomposed = unicodedata.normalize("NFKD", value)
    # ASCII has no combining marks: most headings and names need no pass over their characters.
    stripped = decomposed if decomposed.isascii() else "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = unicodedata.normalize("NFKC", stripped).lower().replace("_", "-")
    stripped = _APOSTROPHES.sub("", stripped)  # "isn't" -> "isnt", not "isn-t"
    slug = _NON_WORD.sub("-", stripped).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def squash(value: str) -> str:
    """Collapse runs of white space (including non-breaking spaces) to one space."""
    # Called for every line and paragraph, mostly on text that is already squashed: str.split
    # and `\s` agree on what white space is (every code point; U+00A0 included), and the only
    # white space a printable string can hold is the ASCII space.
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return " ".join(value.split())


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is free; records the result in `taken`."""
    slug = base or "untitled"
    n = 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug
