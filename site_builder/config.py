"""Typed site configuration from `content/site.yaml`: every problem reported at once."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, fields, replace
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
    accent: str = ""  # the brand's colour, #rgb or #rrggbb, for links, buttons and rules
    logo: str = ""  # an image in the content folder, shown beside the title; published as brand/<name>
    # Where `url:` is in site.yaml, for messages; not a setting, and not part of the fingerprint.
    url_line: int | None = field(default=None, repr=False, compare=False)

    def placeholder_url_warning(self, require_url: bool = False, source: str = "site.yaml") -> str | None:
        """A warning when `url` cannot be the site's public address: a reserved example or local
        host, which canonical links, the sitemap and the feed would point at; or, with
        `require_url` (a deploy), no url at all. None when the url is fine, or absent and not required.

        Only a deploy needs this: the preview server serves on localhost whatever the url says."""
        if not self.url:
            if not require_url:
                return None
            return (f"{source}: no url; canonical links are site-relative and the sitemap and the feed "
                    "have no absolute addresses. Set url to the site's public address.")
        if not is_placeholder_url(self.url):
            return None
        where = f"{source}:{self.url_line}" if self.url_line else source
        return (f"{where}: url is a placeholder ({self.url}); canonical links, the sitemap and the feed "
                "will point there. Set it to the site's public address.")

    @property
    def logo_path(self) -> str:
        """Where the logo is published, under the base URL."""
        return "brand/" + self.logo.replace("\\", "/").rsplit("/", 1)[-1] if self.logo else ""

    def with_url(self, url: str | None) -> SiteConfig:
        """This config with `url` as its public address, unless site.yaml names a real one."""
        if not url or (self.url and not is_placeholder_url(self.url)):
            return self
        url = url.strip()
        if urlparse(url).scheme not in ("http", "https") or not urlparse(url).hostname:
            raise BuildError(f"--url must be an absolute http(s) address, got '{url}'")
        return replace(self, url=url.rstrip("/") + "/", url_line=None)

    def with_base_url(self, base_url: str | None) -> SiteConfig:
        if base_url is None:
            return self
        return replace(self, base_url=normalize_base_url(base_url))


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


_STRINGS = {f.name for f in fields(SiteConfig)} - {"url_line"}

# RFC 2606 and RFC 6761: names that can never be a public site.
_RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def is_placeholder_url(url: str) -> bool:
    """True for an address no one can publish at: a reserved example domain or TLD, localhost
    or a loopback address, or a host whose first label is `example` (example.github.io is the
    GitHub user "example", whose address a template ships with)."""
    try:
        host = (urlparse(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:  # an unparsable port or bracketed host: not an address anyone reaches
        return True
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        return (labels[0] == "example" or labels[-1] in _RESERVED_TLDS
                or any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS))
    return address.is_loopback or address.is_unspecified


_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")
_PAGE = (0xFD, 0xFC, 0xFA)  # the light background of static/style.css


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _brand_errors(values: dict, content: Path) -> list[str]:
    errors = []
    accent = values.get("accent", "")
    if accent:
        if not _COLOUR.fullmatch(accent):
            errors.append(f"'accent' must be a colour written #rgb or #rrggbb, got '{accent}'")
        else:
            digits = accent[1:] if len(accent) == 7 else "".join(c * 2 for c in accent[1:])
            rgb = tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
            ratio = contrast(rgb, _PAGE)
            # Links are written in it on the page, and button labels on it: both need 4.5:1.
            if ratio < 4.5:
                errors.append(f"'accent' {accent} is too light to read as link text: contrast {ratio:.1f}:1 "
                              "with the page, 4.5:1 needed; choose a darker colour")
            else:
                values["accent"] = "#" + digits.lower()
    logo = values.get("logo", "")
    if logo:
        target = (content / logo).resolve()
        if Path(logo).is_absolute() or content.resolve() not in target.parents:
            errors.append(f"'logo' must be a file inside the content folder, got '{logo}'")
        elif target.suffix.lower() not in LOGO_TYPES:
            errors.append(f"'logo' must be an image ({', '.join(LOGO_TYPES)}), got '{logo}'")
        elif not target.is_file():
            errors.append(f"'logo' file not found: {logo}")
    return errors


def load(path: Path) -> SiteConfig:
    """Read and validate `site.yaml`; a missing file gives the defaults."""
    if not path.exists():
        return SiteConfig()
    text = yamlload.read_text(path, path.name)
    data = yamlload.load(text, path.name)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError(f"{path.name}: expected a mapping of settings, got {type(data).__name__}")
    errors: list[str] = []
    values: dict = {}
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
    errors += _brand_errors(values, path.parent)
    if errors:
        raise BuildError(f"{path.name}: " + "; ".join(errors))
    if values.get("url"):
        values["url_line"] = _key_line(text, "url")
    return SiteConfig(**values)


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
