"""Typed site configuration from `content/site.yaml`: every problem reported at once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from site_builder import yamlload
from site_builder.errors import BuildError


@dataclass(slots=True, frozen=True)
class SiteConfig:
    title: str = "Research site"
    description: str = ""
    url: str = ""  # public address, e.g. https://org.github.io/repo/; "" when unknown
    base_url: str = "/"  # path the site is served under
    language: str = "en"
    cname: str = ""  # custom domain written to CNAME for GitHub Pages

    def with_base_url(self, base_url: str | None) -> SiteConfig:
        if base_url is None:
            return self
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["base_url"] = normalize_base_url(base_url)
        return SiteConfig(**values)


def normalize_base_url(value: str) -> str:
    """'/repo', 'repo/', '/repo/' -> '/repo/'; a full URL keeps only its path; characters a
    URL path cannot hold as they are (spaces, non-ASCII) are percent-encoded. Anything that
    would make every link of the site point elsewhere is a BuildError."""
    value = str(value).strip()
    path = urlparse(value).path if "://" in value else value
    problems = []
    if "?" in path or "#" in path:
        problems.append("a base URL is a path, without '?' or '#'")
    if "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        problems.append("it holds a backslash or a control character")
    segments = path.strip("/").split("/")
    if any(s in (".", "..") for s in segments):
        problems.append("'.' and '..' segments are not allowed")
    if path.strip("/") and any(s == "" for s in segments):
        problems.append("it holds an empty segment ('//')")
    if problems:
        raise BuildError(f"invalid base URL '{value}': " + "; ".join(problems) + " (expected a path such as /repo/)")
    path = quote(unquote(path.strip("/")), safe="/-._~!$&'()*+,;=:@")
    return "/" if not path else f"/{path}/"


_STRINGS = {f.name for f in fields(SiteConfig)}


def load(path: Path) -> SiteConfig:
    """Read and validate `site.yaml`; a missing file gives the defaults."""
    if not path.exists():
        return SiteConfig()
    data = yamlload.load(yamlload.read_text(path, path.name), path.name)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError(f"{path.name}: expected a mapping of settings, got {type(data).__name__}")
    errors: list[str] = []
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in _STRINGS:
            errors.append(f"unknown setting '{key}' (known: {', '.join(sorted(_STRINGS))})")
        elif value is None:
            continue
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            errors.append(f"'{key}' must be text, got {type(value).__name__}")
        else:
            values[key] = str(value).strip()
    if "title" in data and not values.get("title"):
        errors.append("'title' must not be empty")
    url = values.get("url", "")
    if url and urlparse(url).scheme not in ("http", "https"):
        errors.append(f"'url' must be an absolute http(s) address, got '{url}'")
    if url and not url.endswith("/"):
        values["url"] = url + "/"
    if "base_url" in values:
        try:
            values["base_url"] = normalize_base_url(values["base_url"])
        except BuildError as exc:
            errors.append(str(exc))
    if errors:
        raise BuildError(f"{path.name}: " + "; ".join(errors))
    return SiteConfig(**values)
