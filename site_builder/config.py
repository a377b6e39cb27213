"""Typed site configuration from `content/site.yaml`: every problem reported at once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

import yaml

from site_builder.errors import BuildError, yaml_error


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
    """'/repo', 'repo/', '/repo/' -> '/repo/'; a full URL keeps only its path."""
    path = urlparse(value).path if "://" in value else value
    path = "/" + path.strip("/")
    return path if path == "/" else path + "/"


_STRINGS = {f.name for f in fields(SiteConfig)}


def load(path: Path) -> SiteConfig:
    """Read and validate `site.yaml`; a missing file gives the defaults."""
    if not path.exists():
        return SiteConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise yaml_error(path.name, exc) from None
    except UnicodeDecodeError:
        raise BuildError(f"{path.name}: not UTF-8 text") from None
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
        values["base_url"] = normalize_base_url(values["base_url"])
    if errors:
        raise BuildError(f"{path.name}: " + "; ".join(errors))
    return SiteConfig(**values)
