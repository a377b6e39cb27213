"""The one gate between document HTML and the page: an allowlist sanitizer (nh3).

Everything a reader puts into `Passage.html` comes from `inline_html` or
`text_html`, so templates may mark it safe without trusting the document.
"""

from __future__ import annotations

import html

import nh3

INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "q", "s", "small", "strong", "sub", "sup", "u"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto"}


def inline_html(fragment: str) -> str:
    """Sanitized inline HTML: links keep http(s)/mailto targets and get rel=noopener noreferrer."""
    return nh3.clean(
        fragment,
        tags=INLINE_TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        strip_comments=True,
    ).strip()


def text_html(text: str) -> str:
    """Plain text as HTML: everything escaped."""
    return html.escape(text, quote=False)
