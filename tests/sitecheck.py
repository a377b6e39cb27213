"""Checks over a built site: every internal link and asset resolves, every fragment exists."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target_file(site: Path, base_url: str, url_path: str) -> Path | None:
    """The file a site URL path maps to, or None when it leaves the base URL."""
    if not url_path.startswith(base_url):
        return None
    rel = unquote(url_path[len(base_url):])
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(site: Path, base_url: str = "/") -> list[str]:
    """Every internal reference in every page that does not resolve, as 'page -> url (why)'."""
    problems = []
    for page in html_files(site):
        soup = _soup(page)
        for tag, attr in LINK_ATTRS:
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not value:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or value.startswith(("mailto:", "data:")):
                    continue
                where = f"{page.relative_to(site)} -> {value}"
                if not parts.path:  # same-page fragment
                    target = page
                else:
                    target = target_file(site, base_url, parts.path)
                    if target is None:
                        problems.append(where + " (outside the base URL)")
                        continue
                    if not target.is_file():
                        problems.append(where + " (no such file)")
                        continue
                if parts.fragment and target.suffix == ".html":
                    if _soup(target).find(id=unquote(parts.fragment)) is None:
                        problems.append(where + " (no element with that id)")
    return problems
