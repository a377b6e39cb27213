"""Rendering many pages at once on every core.

A page's bytes depend only on the corpus and its own context, so the pages to render are
shared among forked workers, which inherit the renderer and the pages instead of having
them pickled. Results come back in page order and are handed on one by one, so the output
does not depend on how the work was shared, and no more than a few chunks of rendered
pages are held at once.

Forking is used only from a single-threaded process (the CLI): forking a threaded one,
such as the preview server, can deadlock on a lock another thread held. There, and for
small batches (a rebuild after one edit), pages are rendered in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence

from site_builder.readpool import watch_parent

PARALLEL_FROM = 200  # pages
CHUNK = 16

_state: tuple | None = None  # (renderer, pages): set before forking, read by the workers


def _render(renderer, page) -> bytes:
    return renderer.render(page.template, page=page, **page.context).encode("utf-8")


def _render_index(i: int) -> bytes:
    renderer, pages = _state
    return _render(renderer, pages[i])


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def render_pages(renderer, pages: Sequence, todo: list[int], jobs: int) -> Iterator[tuple[int, bytes]]:
    """(index, bytes) of each page in `todo`, in the order of `todo`."""
    workers = min(jobs, len(todo) // CHUNK + 1)
    if len(todo) < PARALLEL_FROM or workers < 2 or not _can_fork():
        for i in todo:
            yield i, _render(renderer, pages[i])
        return
    global _state
    _state = (renderer, pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers, watch_parent, (os.getpid(),)) as pool:
            yield from zip(todo, pool.imap(_render_index, todo, chunksize=CHUNK))
    finally:
        _state = None
