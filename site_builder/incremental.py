"""Which pages a rebuild can take from the last build instead of rendering them again.

A page's bytes are a function of the documents it is built from (`Page.sources`) and of
what every page shares: templates, static files (their hashes are in asset URLs), the
site config, the issue taxonomy, expert curation, and what pages show of other documents:
each article's slug, title, date, publication, experts and main issues, and each person's
slug, name, role and first affiliation. A page is
re-rendered when that fingerprint changes; the shared part is hashed once per build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from site_builder.diskcache import code_version
from site_builder.pages import ALL, Page


def _hash_tree(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def shared_fingerprint(templates: Path, static: Path, config, taxonomy, curation, corpus) -> str:
    digest = hashlib.sha256(code_version().encode())
    _hash_tree(digest, templates)
    _hash_tree(digest, static)
    for part in (config, taxonomy, curation):
        digest.update(repr(part).encode() + b"\0")
    # What a page shows of other documents: their titles, dates and publications in lists and
    # citations, which experts and main issues they have ("more from this expert", the map).
    for article in corpus.articles:
        doc = article.doc
        digest.update(f"{doc.source}\0{article.slug}\0{doc.title}\0{doc.date}\0{doc.publication}\0"
                      f"{article.issues}\0{[p.key for p in article.experts]}\0".encode())
    for person in corpus.people:
        digest.update(f"{person.key}\0{person.slug}\0{person.name}\0{person.role}\0"
                      f"{person.affiliations[:1]}\0".encode())
    return digest.hexdigest()


def _digest_of(digests: dict[str, str], sources: list[str]) -> bytes:
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source}\0{digests[source]}\0".encode())
    return digest.digest()


class PageCache:
    """What the output folder holds of the last build: for each page, the fingerprint it was
    rendered from and the size and modification time its file had then.

    A page whose fingerprint is unchanged and whose file is still as it was left is neither
    rendered nor read again. No page's bytes are kept in memory. The preview server keeps one
    PageCache for its whole session; a new process loads the last build's from the disk cache
    (`load`), keyed by the output folder, so `site-builder build` after one edit renders only
    the pages that depend on it. A file changed by hand has another size or time, so it is rendered.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, int, int]] = {}
        self._all: tuple[dict, bytes] | None = None  # (the digests, their hash): what ALL pages depend on
        self.rendered = 0
        self.reused = 0

    def fingerprint(self, shared: str, page: Page, digests: dict[str, str]) -> str:
        digest = hashlib.sha256(f"{shared}\0{page.template}\0".encode())
        if page.sources is ALL:
            # Hundreds of pages (every list page) depend on every document: hashed once per build.
            if self._all is None or self._all[0] is not digests:
                self._all = (digests, _digest_of(digests, sorted(digests)))
            digest.update(self._all[1])
        else:
            digest.update(_digest_of(digests, sorted(page.sources)))
        return digest.hexdigest()

    def fresh(self, out: Path, output: str, fingerprint: str) -> bool:
        """True when `out/output` is the page this fingerprint renders, as the last build left it."""
        entry = self._pages.get(output)
        if entry is None or entry[0] != fingerprint:
            return False
        try:
            stat = os.stat(out / output)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != entry[1:]:
            return False
        self.reused += 1
        return True

    def record(self, out: Path, fingerprints: dict[str, str]) -> None:
        """After a commit: the pages now in `out`, and the state of their files."""
        pages = {}
        for output, fingerprint in fingerprints.items():
            try:
                stat = os.stat(out / output)
            except OSError:
                continue
            pages[output] = (fingerprint, stat.st_size, stat.st_mtime_ns)
        self._pages = pages

    @staticmethod
    def _key(out: Path) -> str:
        return hashlib.sha256(str(out.resolve()).encode()).hexdigest()

    def load(self, disk, out: Path) -> None:
        """Take the last build's record for `out` from the disk cache, when this process has none."""
        if self._pages or disk is None:
            return
        payload = disk.get_pages(self._key(out))
        try:
            pages = json.loads(payload) if payload is not None else {}
            self._pages = {output: (e[0], int(e[1]), int(e[2])) for output, e in pages.items()}
        except (ValueError, TypeError, IndexError, AttributeError):
            self._pages = {}  # a record from another format: render everything

    def save(self, disk, out: Path) -> None:
        if disk is not None:
            disk.put_pages(self._key(out), json.dumps(self._pages, sort_keys=True).encode())
