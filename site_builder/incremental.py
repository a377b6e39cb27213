"""Which pages a rebuild can take from the last build instead of rendering them again.

A page's bytes are a function of the documents it is built from (`Page.sources`) and of
what every page shares: templates, static files (their hashes are in asset URLs), the
site config, the issue taxonomy, expert curation, and the slug and display name of every
article and person (links and names on one page come from other documents). A page is
re-rendered when that fingerprint changes; the shared part is hashed once per build.
"""

from __future__ import annotations

import hashlib
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
    for article in corpus.articles:
        digest.update(f"{article.doc.source}\0{article.slug}\0{article.doc.title}\0".encode())
    for person in corpus.people:
        digest.update(f"{person.key}\0{person.slug}\0{person.name}\0{person.role}\0".encode())
    return digest.hexdigest()


class PageCache:
    """Rendered bytes of the last build, by output path, with the fingerprint they were made from."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, bytes]] = {}
        self.rendered = 0
        self.reused = 0
        self.disk = None  # a DiskCache: pages an earlier process rendered

    def fingerprint(self, shared: str, page: Page, digests: dict[str, str]) -> str:
        sources = digests if page.sources is ALL else {s: digests[s] for s in page.sources}
        digest = hashlib.sha256(f"{shared}\0{page.template}\0".encode())
        for source in sorted(sources):
            digest.update(f"{source}\0{sources[source]}\0".encode())
        return digest.hexdigest()

    def render(self, page: Page, fingerprint: str, render) -> bytes | str:
        cached = self._pages.get(page.output)
        if cached and cached[0] == fingerprint:
            self.reused += 1
            return cached[1]
        key = hashlib.sha256(f"{fingerprint}\0{page.output}".encode()).hexdigest()
        stored = self.disk.get_page(key) if self.disk is not None else None
        if stored is not None:
            self._pages[page.output] = (fingerprint, stored)
            self.reused += 1
            return stored
        payload = render()
        self._pages[page.output] = (fingerprint, payload)
        if self.disk is not None:
            self.disk.put_page(key, payload)
        self.rendered += 1
        return payload

    def keep_only(self, outputs: set[str]) -> None:
        """Forget pages the site no longer has, so a long serve session does not grow without bound."""
        self._pages = {k: v for k, v in self._pages.items() if k in outputs}
