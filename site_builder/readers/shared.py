"""What several readers compute from the same body, computed once per document.

The registry asks one reader after another whether it recognises a body, then the chosen
one reads it (readers/__init__.py). Several of them look at the body the same way: the
transcript reader's `detect` parses the Markdown the Markdown reader then reads, and the
roundup and Q&A readers both lay out the same plain text. Each such result is kept for the
last body it was asked about, and forgotten once the document is read (`forget`), so that
nothing outlives the document and reading one document never depends on the one before.
"""

from __future__ import annotations

from functools import wraps

from markdown_it import MarkdownIt

# One parser for every reader: a body parsed for detection is the body the reader renders.
MD = MarkdownIt("commonmark")

_MEMOS: list = []


def for_last_body(function):
    """`function` remembered for the last arguments it was called with (a body, and maybe a
    line number). The result is shared, so callers must not change it, or must copy it."""
    last = None

    @wraps(function)
    def remembered(*args):
        nonlocal last
        hit = last  # one read: another thread may replace it meanwhile
        if hit is not None and hit[0] == args:
            return hit[1]
        value = function(*args)
        last = (args, value)
        return value

    def forget() -> None:
        nonlocal last
        last = None

    _MEMOS.append(forget)
    return remembered


def forget() -> None:
    """Drop what was kept for the document just read."""
    for memo in _MEMOS:
        memo()


@for_last_body
def markdown_tokens(body: str) -> list:
    """The CommonMark block tokens of `body`. Readers only read them; rendering an image
    rewrites its `alt` from its own children, which gives the same tokens again."""
    return MD.parse(body)
