"""Writes the site into its output folder, changing only what changed, all at once at the end.

A build that fails before `commit()` leaves the previous output untouched, a build killed
during it is finished by the next one, and no path may escape the output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from site_builder.errors import BuildError

SITE_MARKER = ".nojekyll"


def check_output_dir(out: Path, content: Path, project: Path) -> Path:
    """Refuse output folders whose replacement would destroy something else."""
    out = out.resolve()
    content = content.resolve()
    forbidden = {Path("/").resolve(), Path.home().resolve(), project.resolve()}
    if out in forbidden:
        raise BuildError(f"refusing to write the site to {out}: it is the root, home or project folder")
    if out == content or out in content.parents:
        raise BuildError(f"refusing to write the site to {out}: it contains the content folder {content}")
    if content in out.parents:
        raise BuildError(f"refusing to write the site to {out}: it is inside the content folder")
    if out.exists() and not out.is_dir():
        raise BuildError(f"refusing to write the site to {out}: it is a file")
    # Every site this tool writes has a .nojekyll; a folder without one is someone's files,
    # which the swap would delete.
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise BuildError(f"refusing to replace {out}: it is not empty and holds no site built by site_builder "
                         f"(no {SITE_MARKER}); remove it or choose another --out")
    return out


OWNER_FILE = ".site-builder-pid"  # in a build's temporary folder: which process is writing it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the temporary and old folders a killed build left beside `out`.

    A build writes `.NAME.*.tmp` and, while swapping, `.NAME.*.old`; both are normally gone when
    it ends. One whose writing process is still alive (a concurrent build) is left alone.
    """
    removed = []
    for leftover in sorted(out.parent.glob(f".{out.name}.*.tmp")) + sorted(out.parent.glob(f".{out.name}.*.old")):
        if not leftover.is_dir() or leftover.is_symlink():
            continue
        try:
            pid = int((leftover / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed


JOURNAL_SUFFIX = ".journal"  # beside the output: the moves and deletions of a commit under way


def _journal(out: Path) -> Path:
    return out.parent / f".{out.name}{JOURNAL_SUFFIX}"


def _apply(out: Path, plan: dict) -> None:
    """Carry out a commit's plan; safe to run again from any point (a killed commit is finished
    by the next build): a move whose staged file is gone was done, a deletion of a missing file too."""
    stage = Path(plan["stage"])
    for rel in plan["moves"]:
        source, target = stage / rel, out / rel
        if not source.exists():
            continue
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a folder where the new site has a file
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the new site has a folder
            blocker = next(p for p in [target.parent, *target.parent.parents] if p.is_file())
            blocker.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    for rel in plan["deletions"]:
        try:
            (out / rel).unlink()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
    for rel in sorted({str(Path(r).parent) for r in plan["deletions"]}, key=len, reverse=True):
        folder = out / rel
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()  # a folder the site no longer has
            folder = folder.parent
    shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> bool:
    """Finish a commit a killed build left half done. True when there was one."""
    journal = _journal(out)
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)
        return False
    _apply(out, plan)
    journal.unlink(missing_ok=True)
    return True


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


class SiteWriter:
    """Writes a site into `out`, touching only the files whose bytes changed.

    Every file of the new site is hashed; only files that differ from what `out` holds are
    written, into a staging folder beside it. Nothing in `out` changes until `commit()`, so a
    build that fails (`abort()`) leaves the previous site as it was. `commit()` first writes a
    journal of its moves and deletions, then carries them out, then removes the journal: a
    build killed during a commit is finished by the next build (`recover`), and one killed
    before it leaves only a staging folder, which the next build removes.
    """

    def __init__(self, out: Path):
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
        self.removed = remove_leftovers(out)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        (self.tmp / OWNER_FILE).write_text(str(os.getpid()))
        self.files = 0
        self.bytes = 0
        self.changed = 0
        self._written: set[str] = set()
        self._staged: list[str] = []

    def _target(self, rel: str) -> Path:
        target = (self.tmp / rel).resolve()
        if self.tmp.resolve() not in target.parents:
            raise BuildError(f"refusing to write outside the output folder: {rel}")
        return target

    def write(self, rel: str, data: str | bytes) -> None:
        target = self._target(rel)
        rel = target.relative_to(self.tmp.resolve()).as_posix()
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self.files += 1
        self.bytes += len(payload)
        self._written.add(rel)
        current = self.out / rel
        try:
            if current.is_file() and current.stat().st_size == len(payload) and current.read_bytes() == payload:
                return  # unchanged: the file in place stays, untouched
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
        self._staged.append(rel)
        self.changed += 1

    def write_chunks(self, rel: str, chunks) -> None:
        """Like `write`, for a file too large to hold at once (data/corpus.json of a large corpus):
        written piece by piece, then compared with the file in place by hash."""
        target = self._target(rel)
        rel = target.relative_to(self.tmp.resolve()).as_posix()
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with open(target, "wb") as out:
            for chunk in chunks:
                data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
                digest.update(data)
                size += len(data)
                out.write(data)
        self.files += 1
        self.bytes += size
        self._written.add(rel)
        current = self.out / rel
        try:
            if current.is_file() and current.stat().st_size == size and _file_digest(current) == digest.digest():
                target.unlink()  # unchanged: the file in place stays, untouched
                return
        except OSError:
            pass
        self._staged.append(rel)
        self.changed += 1

    def keep(self, rel: str) -> None:
        """A file the caller knows `out` already holds as the new site has it: left as it is."""
        rel = self._target(rel).relative_to(self.tmp.resolve()).as_posix()
        self.files += 1
        self.bytes += (self.out / rel).stat().st_size
        self._written.add(rel)

    def copy_tree(self, source: Path, rel: str) -> None:
        if not source.is_dir():
            return
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                self.write(f"{rel}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def commit(self) -> None:
        """Move the changed files into place and remove the files the site no longer has."""
        existing = []
        if self.out.is_dir():
            for folder, _, names in os.walk(self.out):
                base = Path(folder).relative_to(self.out)
                existing.extend((base / name).as_posix() for name in names)
        self.deleted = sorted(rel for rel in existing if rel not in self._written)
        plan = {"stage": str(self.tmp), "moves": sorted(self._staged), "deletions": self.deleted}
        journal = _journal(self.out)
        with open(journal, "w", encoding="utf-8") as handle:
            json.dump(plan, handle)
            handle.flush()
            os.fsync(handle.fileno())
        self.out.mkdir(exist_ok=True)
        os.chmod(self.out, 0o755)
        _apply(self.out, plan)
        journal.unlink(missing_ok=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
