"""What a build keeps on disk for the next one (`.site-builder-cache/`): parsed documents with
their extraction results, and for each output folder the record of the pages it holds
(incremental.PageCache), so that unchanged pages are neither rendered nor read again.

Entries are keyed by the hash of everything they were made from plus the code's version (a
hash of the package's own source), so an upgrade or a changed template never serves a stale
entry. Each entry carries a checksum of its payload: a truncated or corrupt file (a build
killed while writing, a full disk) is detected, ignored and rebuilt, never trusted. Entries
are written to a temporary name and renamed, so a reader never sees half an entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_MAGIC = b"SBC1"


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class DiskCache:
    """A folder of checksummed entries in two namespaces: `docs` (pickled) and `pages` (a JSON record per output folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self.broken = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.root / code_version() / kind / key[:2] / key

    def _read(self, kind: str, key: str) -> bytes | None:
        try:
            raw = self._path(kind, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        checksum, payload = raw[4:36], raw[36:]
        if raw[:4] != _MAGIC or hashlib.sha256(payload).digest() != checksum:
            self.broken += 1
            return None
        self.hits += 1
        return payload

    def _write(self, kind: str, key: str, payload: bytes) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def get_document(self, key: str):
        payload = self._read("docs", key)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)  # noqa: S301 - written by this program, checksummed
        except Exception:  # noqa: BLE001 - an entry from an incompatible model: rebuild it
            self.broken += 1
            return None

    def put_document(self, key: str, doc) -> None:
        self._write("docs", key, pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))

    def get_pages(self, key: str) -> bytes | None:
        return self._read("pages", key)

    def put_pages(self, key: str, payload: bytes) -> None:
        self._write("pages", key, payload)


def document_key(rel: str, digest: str, sidecar_text: str) -> str:
    return hashlib.sha256(f"{code_version()}\0{rel}\0{digest}\0{sidecar_text}".encode()).hexdigest()
