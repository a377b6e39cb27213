"""Writes the site into a temporary folder beside the output, then swaps it into place.

A build that fails before `commit()` leaves the previous output untouched,
and no path may escape the output folder.
"""

from __future__ import annotations

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


class SiteWriter:
    def __init__(self, out: Path):
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.removed = remove_leftovers(out)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        (self.tmp / OWNER_FILE).write_text(str(os.getpid()))
        self.files = 0
        self.bytes = 0

    def _target(self, rel: str) -> Path:
        target = (self.tmp / rel).resolve()
        if self.tmp.resolve() not in target.parents:
            raise BuildError(f"refusing to write outside the output folder: {rel}")
        return target

    def write(self, rel: str, data: str | bytes) -> None:
        target = self._target(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target.write_bytes(payload)
        self.files += 1
        self.bytes += len(payload)

    def copy_tree(self, source: Path, rel: str) -> None:
        if not source.is_dir():
            return
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                self.write(f"{rel}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def commit(self) -> None:
        """Swap the new site into place: two renames, so a reader never sees half a site."""
        old = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", suffix=".old", dir=self.out.parent))
            os.rmdir(old)
            os.rename(self.out, old)
        os.chmod(self.tmp, 0o755)
        (self.tmp / OWNER_FILE).unlink()
        os.rename(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
