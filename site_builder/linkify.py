"""Link people's names inside passage HTML to their pages, without touching markup."""

from __future__ import annotations

import html
import re

# A tag, with '>' allowed inside quoted attribute values (nh3 writes every value in double
# quotes): a name inside title="..." must not be mistaken for text and linked.
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')


class NameLinker:
    """One compiled pattern per article: the full names (and aliases) of its experts."""

    def __init__(self, names_to_urls: dict[str, str]):
        self.urls = {html.escape(name, quote=False): url for name, url in names_to_urls.items() if name}
        names = sorted(self.urls, key=len, reverse=True)  # longest first: "Ann B. Lee" before "Ann Lee"
        self.pattern = re.compile(r"(?<![\w>])(" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None

    def __call__(self, fragment: str) -> str:
        if self.pattern is None:
            return fragment
        out, in_link = [], 0
        for part in _TAG.split(fragment):
            if part.startswith("<"):
                lowered = part[:3].lower()
                if lowered.startswith("<a") and (len(part) < 3 or not part[2].isalnum()):
                    in_link += 1
                elif lowered.startswith("</a"):
                    in_link = max(0, in_link - 1)
                out.append(part)
            elif in_link or not part:
                out.append(part)
            else:
                out.append(self.pattern.sub(lambda m: f'<a class="person" href="{html.escape(self.urls[m.group(1)])}">{m.group(1)}</a>', part))
        return "".join(out)
