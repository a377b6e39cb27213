"""What a newcomer meets first: the demo builds cleanly, a placeholder address is called out,
and a first `make` says what it is doing during its silent minute."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.build import Options, build
from site_builder.config import SiteConfig, is_placeholder_url, load
from tests.conftest import CONTENT, ROOT


def test_the_demo_content_builds_without_a_warning(tmp_path):
    # A first build that warns teaches a newcomer to ignore warnings.
    result = build(Options(content=CONTENT, out=tmp_path / "_site"))
    assert result.warnings == [] and result.errors == []
    assert load(CONTENT / "site.yaml").placeholder_url_warning() is None


def test_the_undated_demo_article_says_why_in_its_sidecar():
    sidecar = (CONTENT / "blinken-launches-high-stakes-talks.meta.yaml").read_text(encoding="utf-8")
    assert "date: unknown" in sidecar
    assert any(line.startswith("#") for line in sidecar.splitlines())


# Hand-checked: which addresses nobody can publish a site at.
PLACEHOLDERS = {
    "https://research.example.org/": True,  # a subdomain of a reserved example domain
    "https://www.cfr.org/": False,
    "https://example.github.io/x/": True,  # GitHub user "example": a template's address
    "https://examples.org/": False,  # a real, registrable name that merely starts alike
    "http://localhost:8000/": True,
    "https://example.com/": True,
    "https://EXAMPLE.NET./blog/": True,
    "https://docs.example/": True,  # the reserved .example TLD
    "https://preview.localhost/": True,
    "http://127.0.0.1:8000/": True,
    "http://[::1]:8000/": True,
    "https://org.github.io/repo/": False,
    "https://www.usip.org/": False,
    "https://my-example.org/": False,
    "https://counterexample.com/": False,
}


@pytest.mark.parametrize("url", PLACEHOLDERS)
def test_placeholder_urls_are_told_from_real_ones(url):
    assert is_placeholder_url(url) is PLACEHOLDERS[url]
    warning = SiteConfig(url=url).placeholder_url_warning()
    assert (warning is not None) is PLACEHOLDERS[url]


def test_the_placeholder_warning_names_the_line_and_the_consequence(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("title: A site\ndescription: >-\n  Two lines\n  of description.\n"
                    "url: https://example.github.io/site_builder/\n", encoding="utf-8")
    assert load(site).placeholder_url_warning() == (
        "site.yaml:5: url is a placeholder (https://example.github.io/site_builder/); canonical links, "
        "the sitemap and the feed will point there. Set it to the site's public address.")


def test_a_missing_url_warns_only_when_one_is_required(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("title: A site\n", encoding="utf-8")
    assert load(site).placeholder_url_warning() is None
    assert "no url" in load(site).placeholder_url_warning(require_url=True)
    site.write_text("title: A site\nurl: https://www.cfr.org/\n", encoding="utf-8")
    assert load(site).placeholder_url_warning(require_url=True) is None


def test_the_line_of_url_is_not_a_setting_and_not_in_the_fingerprint(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("url: https://www.cfr.org/\n", encoding="utf-8")
    first = load(site)
    site.write_text("# moved down a line by a comment\nurl: https://www.cfr.org/\n", encoding="utf-8")
    second = load(site)
    assert (first.url_line, second.url_line) == (1, 2)
    assert first == second and repr(first) == repr(second)  # the page cache hashes repr(config)
    site.write_text("url_line: 3\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown setting 'url_line'"):
        load(site)


# Stands in for python3: `-m venv DIR` makes DIR/bin/python (this same script), `-m pip` logs its
# arguments and, for the package, installs a site-builder that only echoes. No network, no minute.
FAKE_PYTHON = r"""#!/bin/sh
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi
if [ "$1 $2" = "-m pip" ]; then
  echo "pip $*" >> "$FAKE_LOG"
  case "$*" in *" -e ."*) printf '#!/bin/sh\necho site-builder "$@"\n' > .venv/bin/site-builder
                          chmod +x .venv/bin/site-builder;; esac
  exit 0
fi
echo "python $*"
"""


@pytest.fixture
def fake_project(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, project / name)
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON, encoding="utf-8")
    fake.chmod(0o755)
    return project, fake, tmp_path / "pip.log"


def make(project: Path, fake: Path, log: Path, target: str) -> list[str]:
    env = {**os.environ, "FAKE_LOG": str(log)}
    env.pop("MAKEFLAGS", None)
    proc = subprocess.run(["make", "--no-print-directory", f"PYTHON={fake}", target], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [line.rstrip() for line in proc.stdout.splitlines()]


def test_a_first_make_says_what_it_installs_and_pip_stays_quiet(fake_project):
    project, fake, log = fake_project
    printed = make(project, fake, log, "build")
    assert printed[:2] == [
        "Creating the virtual environment in .venv (first run only)...",
        "Installing site_builder and its packages into .venv (about a minute, first run only)...",
    ], printed
    assert printed[-1] == "site-builder build"
    printed = make(project, fake, log, "test")
    assert printed[0] == ("Installing the test tools into .venv: pytest, Playwright and the rest of "
                          "pyproject.toml's test extra (first run only)..."), printed
    installs = log.read_text().splitlines()
    assert len(installs) == 3 and all(" -qq " in line for line in installs), installs

    assert make(project, fake, log, "build") == [".venv/bin/site-builder build", "site-builder build"]
    installed = project / ".venv" / "bin" / "site-builder"
    past = installed.stat().st_mtime - 60
    os.utime(installed, (past, past))  # pyproject.toml now newer than the install: the next run installs again
    printed = make(project, fake, log, "build")
    assert printed[0] == "Installing site_builder and its packages into .venv (about a minute, pyproject.toml changed)..."

