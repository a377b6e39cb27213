"""The one check every URL from a document or its metadata passes before it reaches an attribute.

Browsers ignore tabs and newlines inside a URL and leading control characters and
spaces, so `java\tscript:` and ` javascript:` are the same as `javascript:`: the
scheme is read the way a browser reads it, and only an allowlist gets through.
"""

from __future__ import annotations

import re

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})
# Every attribute HTML reads as a URL (or a list of them); the sanitizer filters them all,
# even those it does not allow today, so widening its allowlist cannot open a hole.
URL_ATTRIBUTES = frozenset({
    "href", "src", "cite", "srcset", "poster", "action", "formaction", "data", "ping",
    "background", "longdesc", "lowsrc", "dynsrc", "usemap", "codebase", "classid",
    "manifest", "icon", "profile", "xlink:href", "itemtype", "archive",
})

_IGNORED = re.compile(r"[\t\n\r]")
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see, lower-cased; None for a relative URL."""
    m = _SCHEME.match(_EDGES.sub("", _IGNORED.sub("", url)))
    return m.group(1).lower() if m else None


def safe_url(value: object, schemes: frozenset[str] = LINK_SCHEMES, relative: bool = False) -> str | None:
    """`value` as a URL if its scheme is allowed (or it is relative and `relative` is set), else None."""
    if not isinstance(value, str):
        return None
    url = _EDGES.sub("", _IGNORED.sub("", value))
    if not url:
        return None
    scheme = scheme_of(url)
    if scheme is None:
        # `//host/x` is another site, not a path in this one.
        return url if relative and not url.startswith(("//", "\\\\", "/\\")) else None
    if scheme not in schemes:
        return None
    if scheme in WEB_SCHEMES and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#\s]", url):
        return None  # `http:foo` or `https:///x` names no host
    return url


def safe_srcset(value: str) -> str | None:
    """A srcset keeps only candidates whose URL is an absolute http(s) address."""
    kept = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts and safe_url(parts[0], WEB_SCHEMES):
            kept.append(" ".join(parts))
    return ", ".join(kept) or None


_SUBDOMAINS = {"www", "m", "amp", "edition", "mobile", "en", "news", "blog", "blogs"}
_SUFFIXES = {"com", "org", "net", "edu", "gov", "int", "co", "ac", "info", "news", "io"}


def publication_from_url(url: str | None, text: str = "") -> str | None:
    """The publication a document's own address names: its site's name as the text writes it
    ("ChinaFile" for www.chinafile.com when the text says "ChinaFile"), else the domain."""
    if not url or scheme_of(url) not in WEB_SCHEMES:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", url.strip(), flags=re.I).split("/")[0].split(":")[0].lower()
    labels = [label for label in host.split(".") if label]
    while len(labels) > 2 and labels[0] in _SUBDOMAINS:
        labels = labels[1:]
    if not labels:
        return None
    core = [label for label in labels if label not in _SUFFIXES and len(label) > 2] or labels[:1]
    name = core[-1]
    written = re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", text, re.I)
    if written and written.group() != name.lower():  # the text capitalises it: use that
        return written.group()
    return ".".join(labels)


# Query parameters in which click trackers and link shorteners carry the real address.
_TARGET_PARAMS = ("url", "u", "q", "target", "redirect", "redirect_url", "redirect_uri", "dest", "destination",
                  "link", "to", "goto", "out", "href", "r")
_EMBEDDED = re.compile(r"https?(?::|%3A)(?://|%2F%2F)", re.IGNORECASE)


def unwrap_redirect(url: str) -> str:
    """The address a tracking redirect leads to, where its own URL says it (`...?url=https%3A...`,
    `.../https://target/...`); else `url` unchanged. A reader's click should go to the source, not
    through a newsletter's or a mail filter's counter. Trackers that encode the target opaquely
    cannot be unwrapped and are left as they are."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    for _ in range(3):  # a redirect wrapped in another
        if scheme_of(url) not in WEB_SCHEMES:
            return url
        parts = urlsplit(url)
        found = None
        params = dict((k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=False))
        for name in _TARGET_PARAMS:
            value = params.get(name, "")
            for _ in range(2):  # some trackers encode twice
                if _EMBEDDED.match(value):
                    break
                value = unquote(value)
            if _EMBEDDED.match(value):
                found = value
                break
        if found is None:
            m = _EMBEDDED.search(parts.path)
            if m and m.start() > 0:
                found = unquote(parts.path[m.start():].split("__;", 1)[0].rstrip("_"))
                if parts.query and "__;" not in parts.path:
                    found += "?" + parts.query
        target = safe_url(found, WEB_SCHEMES) if found else None
        if target is None:
            return url
        url = target
    return url
