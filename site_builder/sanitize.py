"""The one gate between document HTML and the page: an allowlist sanitizer (nh3).

Everything a reader puts into `Passage.html` comes from `inline_html` or
`text_html`, so templates may mark it safe without trusting the document.
"""

from __future__ import annotations

import html
import re

import nh3
from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

from site_builder.urls import URL_ATTRIBUTES, safe_srcset, safe_url, unwrap_redirect

INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "img", "q", "s", "small", "strong", "sub", "sup", "u"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"},
              "img": {"src", "alt", "title", "width", "height"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A remote image loads only when scrolled to, and tells its host nothing about the reader's page.
IMAGE_ATTRIBUTES = {"img": {"loading": "lazy", "referrerpolicy": "no-referrer", "decoding": "async"}}


def _check_url_attributes(element: str, attribute: str, value: str) -> str | None:
    # nh3 checks schemes on href and src only; `cite`, `srcset`, `poster` and the rest go through here.
    if attribute == "srcset":
        return safe_srcset(value)
    if attribute == "href":
        checked = safe_url(value, relative=True)
        return unwrap_redirect(checked) if checked else None
    if attribute in URL_ATTRIBUTES:
        return safe_url(value, relative=True)
    return value


def inline_html(fragment: str) -> str:
    """Sanitized inline HTML: links keep http(s)/mailto targets and get rel=noopener noreferrer;
    images keep http(s) sources and load lazily without a referrer."""
    cleaned = nh3.clean(
        fragment,
        tags=INLINE_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_check_url_attributes,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=IMAGE_ATTRIBUTES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        strip_comments=True,
    ).strip()
    return _tidy(cleaned) if "<img" in cleaned or _LINK_WITHOUT_HREF.search(cleaned) else cleaned


_LINK_WITHOUT_HREF = re.compile(r"<a(?![^>]*\shref=)[\s>]")
# Escapes like nh3 (&, <, > in text; quotes in attributes) and writes <img> without "/>".
_HTML = HTMLFormatter(entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix="")


def _tidy(fragment: str) -> str:
    # An image goes unless its source is an absolute http(s) URL: a data: or javascript:
    # source was emptied by nh3, and a relative one pointed into the site it was copied from.
    # One without alt text gets an empty one (valid HTML, skipped by screen readers).
    # A link whose target nh3 removed is no link: its text stays, the <a rel> (invalid) goes.
    soup = BeautifulSoup(fragment, "html.parser")
    for img in soup.find_all("img"):
        if not img.get("src", "").lower().startswith(("https://", "http://")):
            img.decompose()
        elif img.get("alt") is None:
            img["alt"] = ""
    for link in soup.find_all("a"):
        if not link.get("href"):
            link.unwrap()
    return soup.decode(formatter=_HTML)


def text_html(text: str) -> str:
    """Plain text as HTML: everything escaped."""
    return html.escape(text, quote=False)
