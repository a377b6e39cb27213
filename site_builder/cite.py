"""Citations of every article and of each expert's part of it: Chicago author-date text for the
page, and BibTeX, RIS and CSL-JSON files beside it (articles/<slug>/cite.bib, .ris, .json).

Everything here is plain text built from document data: the template escapes what it shows,
and each file format gets the escaping its own syntax needs. Nothing depends on the time of
the build (no "accessed" date), so the same corpus always gives the same bytes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from site_builder.corpus import Article, Corpus
from site_builder.extract.people import ANALYSIS_KINDS
from site_builder.models import PartialDate
from site_builder.render import Renderer, format_date
from site_builder.vocabulary import HONORIFICS, HOUSE_BYLINE_WORDS, PARTICLES, STOPWORDS, SUFFIXES, TITLE_WORDS

FILES = (("bib", "BibTeX", "application/x-bibtex"),
         ("ris", "RIS", "application/x-research-info-systems"),
         ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json"))
SECTION_TITLE = "Contribution"  # a contributor's part that has no heading of its own
# Chicago 17 (15.9): up to ten authors are all listed; past ten, the first seven and "et al.".
MAX_LISTED, LISTED_WHEN_CUT = 10, 7
# Degrees are left out of a citation; generational suffixes belong to the name.
_NAME_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
_DEGREES = SUFFIXES - set(_NAME_SUFFIXES)
# Words that make a byline an organisation. Not every ORG_WORDS word: "House", "Post" or "Street"
# end the names of real people too.
_ORGANISATION_WORDS = {
    "institute", "institution", "center", "centre", "council", "committee", "commission", "department",
    "ministry", "office", "bureau", "agency", "university", "college", "school", "academy", "foundation",
    "endowment", "coalition", "initiative", "program", "programme", "project", "forum", "society",
    "association", "group", "company", "corporation", "inc", "ltd", "llc", "news", "press", "times",
    "journal", "magazine", "review", "daily", "tribune", "herald", "gazette", "radio", "television", "tv",
    "broadcasting", "channel", "newspaper", "network", "government", "administration", "staff", "editors",
    "team", "desk", "newsroom", "wire", "agencies", "reuters", "contributors", "editorial", "board", "&",
}
_TERMINAL = (".", "?", "!", "…")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """One line of text: file formats such as RIS end a field at the line's end."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


# --- names ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name:
    """A person's name split for citing, or an organisation's (or a single word) as `literal`."""

    family: str = ""
    given: str = ""
    particle: str = ""  # lowercase "van", "de la": kept before the family name, never dropped
    suffix: str = ""
    literal: str = ""

    @property
    def surname(self) -> str:
        """What the text names the person by: "Roe", "van Gogh", "Example Institute"."""
        return self.literal or " ".join(p for p in (self.particle, self.family) if p)

    def inverted(self) -> str:
        """'Roe, Jane Q.'; 'King, Martin Luther, Jr.' (Chicago's first author)."""
        if self.literal:
            return self.literal
        return ", ".join(p for p in (self.surname, self.given, self.suffix) if p)

    def natural(self) -> str:
        """'Jane Q. Roe'; 'Martin Luther King Jr.' (Chicago's other authors)."""
        return self.literal or " ".join(p for p in (self.given, self.surname, self.suffix) if p)


def _bare(token: str) -> str:
    return token.strip(".,").lower()


def _acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and token.isupper() and not re.fullmatch(r"(?:[A-Z]\.)+", token)


def _describes(part: str) -> bool:
    """'Senior Fellow', 'Staff Reporter' after a comma: what the person is, not a name."""
    return any(_bare(t) in TITLE_WORDS or _bare(t) in HOUSE_BYLINE_WORDS for t in part.split())


def parse_name(text: str) -> Name:
    """Split a byline name. Names are never looked up: the shape decides, and whatever does not
    look like one person's name (one word, an organisation, an acronym) is cited as written."""
    text = clean(text)
    if not text:
        return Name()
    head, *extra = [clean(p) for p in text.split(",")]
    suffix = ""
    inverted_given = None
    for part in extra:
        bare = _bare(part)
        if bare in _NAME_SUFFIXES:
            suffix = _NAME_SUFFIXES[bare]
        elif bare in _DEGREES or not part or _describes(part):
            continue
        elif inverted_given is None and len(part.split()) <= 3:
            inverted_given = part  # "Roe, Jane Q.": the byline is already family first
        else:
            return Name(literal=text)
    tokens = head.split()
    family_from = None
    if inverted_given is not None:
        given_tokens = [t for t in inverted_given.split() if _bare(t) not in HONORIFICS]
        family_from = len(given_tokens)
        tokens = given_tokens + tokens
    while len(tokens) > 1 and _bare(tokens[0]) in HONORIFICS:
        tokens = tokens[1:]
    while len(tokens) > 1 and _bare(tokens[-1]) in SUFFIXES:
        suffix = _NAME_SUFFIXES.get(_bare(tokens[-1]), suffix)
        tokens = tokens[:-1]
    words = [_bare(t) for t in tokens]
    if (len(tokens) < 2 or len(tokens) > 5 or any(w in _ORGANISATION_WORDS for w in words)
            or any(_acronym(t) for t in tokens) or any(c.isdigit() for c in head)):
        return Name(literal=text)
    if family_from is None:
        # The family name is the last word and any particles just before it: "Ludwig van
        # Beethoven", "Robert De Niro"; never the first word, which is always a given name.
        family_from = len(tokens) - 1
        while family_from > 1 and words[family_from - 1] in PARTICLES:
            family_from -= 1
    given, family = tokens[:family_from], tokens[family_from:]
    particle = []
    while len(family) > 1 and family[0] in PARTICLES:  # lowercase only: "De Niro" is the family name itself
        particle.append(family.pop(0))
    if not given or not family:
        return Name(literal=text)
    return Name(family=" ".join(family), given=" ".join(given), particle=" ".join(particle), suffix=suffix)


# --- what is cited -------------------------------------------------------------------------

@dataclass(slots=True)
class Item:
    """One citable thing: an article, or one contributor's section of it."""

    article: Article
    authors: list[Name]
    title: str
    date: PartialDate | None
    url: str  # absolute where the site has an address
    page_url: str  # the article's page on this site
    anchor: str | None = None  # a section's anchor on that page; None for the article itself
    publication: str = ""

    @property
    def is_section(self) -> bool:
        return self.anchor is not None


def article_item(article: Article, renderer: Renderer) -> Item:
    doc = article.doc
    page = renderer.absolute(article.path)
    return Item(article, [n for n in map(parse_name, doc.authors) if n != Name()], clean(doc.title),
                doc.date, clean(doc.url) or page, page, publication=clean(doc.publication))


def section_items(article: Article, renderer: Renderer) -> list[Item]:
    """An item per section whose speaker is an expert, in page order."""
    doc = article.doc
    page = renderer.absolute(article.path)
    items = []
    for section in doc.sections:
        person = article.speakers.get(section.anchor)
        if person is None or not person.is_expert:
            continue
        # The document's own spelling is what is cited; a transcript's label ("MR. LEE") is not a name.
        written = section.speaker if section.speaker and not section.label else person.name
        name = parse_name(written)
        items.append(Item(article, [name] if name != Name() else [], clean(section.heading) or SECTION_TITLE,
                          doc.date, f"{page}#{section.anchor}", page, section.anchor, clean(doc.publication)))
    return items


def items(article: Article, renderer: Renderer) -> list[Item]:
    return [article_item(article, renderer), *section_items(article, renderer)]


# --- Chicago author-date ---------------------------------------------------------------------

def _end(text: str, mark: str = ".") -> str:
    return text if text.endswith(_TERMINAL) else text + mark


def _quoted(title: str) -> str:
    # Quotation marks inside a quoted title become single ones (Chicago 6.9).
    inner = title.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    return f'"{_end(inner)}"'


def _author_list(names: list[Name]) -> str:
    if len(names) > MAX_LISTED:
        shown = [names[0].inverted()] + [n.natural() for n in names[1:LISTED_WHEN_CUT]]
        return ", ".join(shown) + ", et al."
    if len(names) == 1:
        return names[0].inverted()
    if len(names) == 2:
        return f"{names[0].inverted()}, and {names[1].natural()}"
    return ", ".join([names[0].inverted()] + [n.natural() for n in names[1:-1]]) + f", and {names[-1].natural()}"


def _year(date: PartialDate | None) -> str:
    return str(date.year) if date else "n.d."


def _full_date(date: PartialDate | None) -> str:
    # The year already follows the author; a day or month adds something only when known.
    return format_date(date) if date and date.month else ""


def chicago_prefix(item: Item) -> str:
    """The reference-list entry up to its URL, which the page can swap for a passage's."""
    year = _end(_year(item.date))
    if item.is_section:
        who = _end(_author_list(item.authors)) if item.authors else ""
        start = f"{who} {year} {_quoted(item.title)}" if who else f"{_quoted(item.title)} {year}"
        container = "In " + clean(item.article.doc.title)
        if item.publication:
            container = (container if container.endswith(_TERMINAL) else container + ",") + " " + item.publication
        return f"{start} {_end(container)}"
    full_date = _full_date(item.date)
    if item.authors:
        container = ", ".join(p for p in (item.publication, full_date) if p)
        parts = [_end(_author_list(item.authors)), year, _quoted(item.title), _end(container) if container else ""]
    elif item.publication:
        # Chicago 15.47: without a byline, the publication stands in the author's place.
        parts = [_end(item.publication), year, _quoted(item.title), _end(full_date) if full_date else ""]
    else:
        parts = [_quoted(item.title), year, _end(full_date) if full_date else ""]
    return " ".join(p for p in parts if p)


def chicago(item: Item) -> str:
    return f"{chicago_prefix(item)} {item.url}."


def _short_title(title: str) -> str:
    words = re.split(r"[:?!]", title, maxsplit=1)[0].split()[:4]
    return " ".join(words).rstrip(".,;") or title


def in_text(item: Item) -> str:
    names = item.authors
    if len(names) > 3:
        who = f"{names[0].surname} et al."
    elif len(names) == 3:
        who = f"{names[0].surname}, {names[1].surname}, and {names[2].surname}"
    elif names:
        who = " and ".join(n.surname for n in names)
    elif item.publication and not item.is_section:
        who = item.publication
    else:
        who = f'"{_short_title(item.title)}"'
    return f"({who} {_year(item.date)})"


# --- types -----------------------------------------------------------------------------------

def csl_type(item: Item) -> str:
    if item.is_section:
        return "chapter"  # a part with its own author inside a larger work: "In <article>"
    kind = item.article.doc.kind
    if kind == "news":
        return "article-newspaper"
    if kind == "blog":
        return "post-weblog"
    if kind in ANALYSIS_KINDS or kind in ("roundup", "qa", "conversation", "article"):
        return "article-magazine" if item.publication else "webpage"
    return "webpage"


_RIS_TYPES = {"article-newspaper": "NEWS", "article-magazine": "MGZN", "post-weblog": "BLOG",
              "webpage": "ELEC", "chapter": "CHAP"}


def ris_type(item: Item) -> str:
    return _RIS_TYPES.get(csl_type(item), "GEN")


def bibtex_type(item: Item) -> str:
    if item.is_section:
        return "incollection"
    # @article needs a journal: without a publication the entry is @misc.
    return "article" if csl_type(item) in ("article-newspaper", "article-magazine", "post-weblog") else "misc"


# --- keys ------------------------------------------------------------------------------------

def _ascii_words(text: str) -> list[str]:
    text = re.sub(r"['\u2019]s\b", "", text)  # "What's" -> "What"
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # "U.S." -> "US"
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded.replace("'", ""))


def base_key(item: Item) -> str:
    """'roe2023summit': first author's family name, year, first word of the title that says something."""
    if item.authors:
        first = item.authors[0]
        who = "".join(_ascii_words(first.family)) if not first.literal else next(iter(_ascii_words(first.literal)), "")
    else:
        who = next(iter(_ascii_words(item.publication)), "") if not item.is_section else ""
    word = next((w for w in _ascii_words(item.title) if w not in STOPWORDS), "")
    return f"{who or 'anon'}{item.date.year if item.date else 'nd'}{word}"


def assign_keys(articles: list[Article], renderer: Renderer) -> dict[tuple[str, str | None], str]:
    """(article slug, section anchor or None) -> BibTeX key, unique across `articles`, so that files
    of several articles can be merged. Clashes are settled by article slug then page order
    (the first keeps the plain key, the next get b, c, ...), never by build order."""
    entries = sorted(((base_key(item), article.slug, i, item.anchor)
                      for article in articles for i, item in enumerate(items(article, renderer))))
    keys: dict[tuple[str, str | None], str] = {}
    taken: set[str] = set()
    for base, slug, _, anchor in entries:
        key, n = base, 1
        while key in taken:
            n += 1
            key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
        taken.add(key)
        keys[(slug, anchor)] = key
    return keys


# --- BibTeX ----------------------------------------------------------------------------------

# Braces become commands, not \{ \}: BibTeX counts braces even after a backslash, and one
# unbalanced brace would swallow the rest of the file.
_LATEX = str.maketrans({"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                        "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
                        "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def latex(text: str) -> str:
    return clean(text).translate(_LATEX)


def _bib_url(url: str) -> str:
    # url fields are read verbatim: only what cannot stand in a URL or would unbalance the field is encoded.
    return quote(clean(url), safe="!#$%&'()*+,-./:;=?@[]^_`|~")


def _bib_name(name: Name) -> str:
    if name.literal:
        return "{" + latex(name.literal) + "}"  # braced: BibTeX must not split "Atlantic Council"
    parts = [latex(name.surname)] + ([latex(name.suffix)] if name.suffix else []) + [latex(name.given)]
    return ", ".join(parts)


def bibtex_entry(item: Item, key: str) -> str:
    fields: list[tuple[str, str]] = []
    if item.authors:
        fields.append(("author", "{" + " and ".join(_bib_name(n) for n in item.authors) + "}"))
    fields.append(("title", "{{" + latex(item.title) + "}}"))  # double braces: keep the title's own capitals
    if item.is_section:
        fields.append(("booktitle", "{{" + latex(item.article.doc.title) + "}}"))
        if item.publication:
            fields.append(("publisher", "{" + latex(item.publication) + "}"))
    elif item.publication:
        fields.append(("journal" if bibtex_type(item) == "article" else "howpublished",
                       "{" + latex(item.publication) + "}"))
    if item.date:
        fields.append(("year", "{" + str(item.date.year) + "}"))
        if item.date.month:
            fields.append(("month", _MONTHS[item.date.month - 1]))
        fields.append(("date", "{" + item.date.iso() + "}"))  # biblatex's field; keeps the day
    fields.append(("url", "{" + _bib_url(item.url) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{bibtex_type(item)}{{{key},\n{body}\n}}\n"


def bibtex(article: Article, renderer: Renderer, keys: dict | None = None) -> str:
    keys = keys or assign_keys([article], renderer)
    return "\n".join(bibtex_entry(item, keys[(article.slug, item.anchor)]) for item in items(article, renderer))


# --- RIS -------------------------------------------------------------------------------------

def ris_record(item: Item, key: str) -> str:
    lines = [("TY", ris_type(item)), ("ID", key)]
    lines += [("AU", n.inverted()) for n in item.authors]
    lines.append(("TI", item.title))
    if item.is_section:
        lines.append(("T2", clean(item.article.doc.title)))
        if item.publication:
            lines.append(("PB", item.publication))
    elif item.publication:
        lines.append(("T2", item.publication))
    if item.date:
        lines.append(("PY", str(item.date.year)))
        if item.date.month:
            d = item.date
            lines.append(("DA", f"{d.year:04d}/{d.month:02d}/{f'{d.day:02d}' if d.day else ''}/"))
    lines.append(("UR", item.url))
    lines.append(("ER", ""))
    # The RIS specification: "TAG  - value", CRLF line ends; a record ends with "ER  - ".
    return "".join(f"{tag}  - {clean(value)}\r\n" for tag, value in lines)


def ris(article: Article, renderer: Renderer, keys: dict | None = None) -> str:
    keys = keys or assign_keys([article], renderer)
    return "\r\n".join(ris_record(item, keys[(article.slug, item.anchor)]) for item in items(article, renderer))


# --- CSL-JSON --------------------------------------------------------------------------------

def _csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    data = {"family": name.family, "given": name.given}
    if name.particle:
        data["non-dropping-particle"] = name.particle
    if name.suffix:
        data["suffix"] = name.suffix
    return data


def csl_item(item: Item, key: str) -> dict:
    data: dict = {"id": key, "type": csl_type(item), "title": item.title}
    if item.authors:
        data["author"] = [_csl_name(n) for n in item.authors]
    if item.date:
        d = item.date
        data["issued"] = {"date-parts": [[p for p in (d.year, d.month, d.day) if p is not None]]}
    if item.is_section:
        data["container-title"] = clean(item.article.doc.title)
        if item.publication:
            data["publisher"] = item.publication
    elif item.publication:
        data["container-title"] = item.publication
    data["URL"] = item.url
    return data


def csl_json(article: Article, renderer: Renderer, keys: dict | None = None) -> str:
    keys = keys or assign_keys([article], renderer)
    data = [csl_item(item, keys[(article.slug, item.anchor)]) for item in items(article, renderer)]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- the page and the build ------------------------------------------------------------------

def file_path(article: Article, ext: str) -> str:
    return f"{article.path}cite.{ext}"


def context(article: Article, renderer: Renderer) -> dict:
    """What templates/cite.html's `cite_block` shows, and what static/cite.js needs to cite a passage."""
    main, *sections = items(article, renderer)
    # Turns of one speaker share one citation text: the page carries each text once.
    parts: list[list[str]] = []
    by_anchor: dict[str, int] = {}
    for item in sections:
        part = [chicago_prefix(item), in_text(item)]
        if part not in parts:
            parts.append(part)
        by_anchor[item.anchor] = parts.index(part)
    data = {"page": main.page_url, "url": main.url, "text": chicago_prefix(main), "in_text": in_text(main),
            "parts": parts, "sections": by_anchor}
    return {
        "chicago": chicago(main),
        "in_text": in_text(main),
        "files": [{"label": label, "type": mime, "href": renderer.url(file_path(article, ext)),
                   "download": f"{article.slug}.{ext}"} for ext, label, mime in FILES],
        "bibtex_url": renderer.url(file_path(article, "bib")),
        "ris_url": renderer.url(file_path(article, "ris")),
        "csl_url": renderer.url(file_path(article, "json")),
        # Without a configured site address the URLs are paths ("/articles/x/"): cite.js makes
        # them absolute from the page's own address before showing or copying them.
        "data": data,
        # Plain text for an attribute, which the template escapes: no <script> element in the
        # page's content carries document text.
        "json": json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }


def register(renderer: Renderer) -> None:
    """Make `cite(article)` (this module's `context`) a template global: article.html calls
    `cite_block(cite(article))`. Pages are rendered before write_all runs, so this is separate."""
    renderer.env.globals["cite"] = lambda article: context(article, renderer)


def write_all(writer, corpus: Corpus, renderer: Renderer) -> None:
    keys = assign_keys(corpus.articles, renderer)
    for article in corpus.articles:
        writer.write(file_path(article, "bib"), bibtex(article, renderer, keys))
        writer.write(file_path(article, "ris"), ris(article, renderer, keys))
        writer.write(file_path(article, "json"), csl_json(article, renderer, keys))
