"""Reading many documents at once on every core.

Each document is parsed once and independently of the others, so a large corpus is
split into chunks read by worker processes; results and warnings come back in input
order, so the output does not depend on how the work was shared. Small batches (a
rebuild after one edit, a small site) are read in this process: starting workers
costs more than they save.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from site_builder.errors import Reporter, SourceError
from site_builder.models import Document
from site_builder.extract import extract_mentions
from site_builder.readers import read_document

PARALLEL_FROM = 64  # documents
CHUNK = 32


def parse_many(items: list, reporter: Reporter, jobs: int = 1) -> list[Document | str]:
    """(source, sidecar, sidecar key lines) -> a Document, or the error message, for each, in order.

    `jobs` > 1 only from a program whose main module is import-safe (the CLI): worker
    processes are spawned, and spawning re-imports the main module.
    """
    workers = min(jobs, len(items) // CHUNK + 1)
    if len(items) < PARALLEL_FROM or workers < 2:
        return [_parse(item, reporter) for item in items]
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    results: list[Document | str] = []
    # spawn, not fork: the preview server runs threads, and forking a threaded process can deadlock.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=watch_parent, initargs=(os.getpid(),)) as pool:
        for outcomes, records in pool.map(_parse_chunk, chunks):
            reporter.replay(records)
            results.extend(outcomes)
    return results


def _parse(item, reporter: Reporter) -> Document | str:
    source, sidecar, lines = item
    try:
        doc = read_document(source, sidecar, reporter, lines)
        # Extraction depends on this document alone: done here, it runs on every core and is
        # cached with the document.
        doc.mentions = extract_mentions(doc)
        return doc
    except SourceError as exc:
        return str(exc)
    except RecursionError:
        return f"{source.rel}: nested too deeply to read"
    except Exception as exc:  # noqa: BLE001 - one unreadable document must not stop the site
        return f"{source.rel}: could not be read ({type(exc).__name__}: {exc})"


def _parse_chunk(chunk: list) -> tuple[list[Document | str], list]:
    reporter = Reporter(quiet=True)
    return [_parse(item, reporter) for item in chunk], reporter.records


def watch_parent(parent: int) -> None:
    """End this worker when the build that started it is gone: a killed build (SIGKILL gives it
    no chance to stop its pool) must not leave workers waiting on a queue forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
