"""Shared fixtures: sites built from the seed corpus into temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.build import Options, build

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def build_site(out: Path, content: Path = CONTENT, **options):
    return build(Options(content=content, out=out, **options))


def config_only(folder: Path) -> Path:
    """A new content folder under `folder` holding the seed site's site.yaml and issues.yaml only."""
    content = folder / "content"
    content.mkdir()
    for name in ("site.yaml", "issues.yaml"):
        shutil.copy(CONTENT / name, content / name)
    return content


def tree_bytes(folder: Path) -> dict[Path, bytes]:
    """Every file under `folder`, by relative path: to show that a folder was left as it was."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "_site"
    build_site(out)
    return out


@pytest.fixture(scope="session")
def prefixed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prefixed") / "_site"
    build_site(out, base_url="/some/prefix/")
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the seed content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target
