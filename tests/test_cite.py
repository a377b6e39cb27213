"""Citations (site_builder/cite.py, templates/cite.html): Chicago author-date text checked against
hand-written entries, and the BibTeX, RIS and CSL-JSON files read back by independent parsers
(bibtexparser, rispy, jsonschema with the official CSL-JSON schema), on hand-built articles and
on the seed site as built."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import bibtexparser
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup

from site_builder import cite
from site_builder.build import PROJECT_DIR
from site_builder.config import SiteConfig
from site_builder.corpus import build as build_corpus
from site_builder.extract import person_key
from site_builder.models import Document, PartialDate, Passage, Section
from site_builder.people import Curation
from site_builder.render import Renderer
from tests.conftest import build_site

CSL_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "csl-data.json").read_text(encoding="utf-8"))
SITE = "https://research.site.org/"
HOSTILE = "50% of {C} & $x_1$ #1 ~ \\cmd"
# The inverse of cite.latex, written out: what a LaTeX reader makes of each escape.
UNLATEX = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\%": "%",
           r"\&": "&", r"\$": "$", r"\#": "#", r"\_": "_", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~"}


def renderer(url: str = SITE, base_url: str = "/") -> Renderer:
    return Renderer(PROJECT_DIR / "templates", PROJECT_DIR / "static",
                    SiteConfig(title="Blinken in Beijing", url=url, base_url=base_url))


def passage(anchor: str, text: str = "Some text.") -> Passage:
    return Passage(anchor=anchor, text=text, html=text, line=1)


def article(title: str = "Title", authors=(), publication=None, date=None, url=None, kind="news",
            sections=None, curation: Curation | None = None):
    doc = Document(source="doc.txt", title=title, kind=kind, reader="test", date=date, publication=publication,
                   url=url, authors=list(authors),
                   sections=sections or [Section(anchor="s-body", line=1, passages=[passage("p-1")])])
    return build_corpus([doc], [], curation or Curation()).articles[0]


def roundup():
    """Two experts' contributions (one with a heading), one official's, and an intro."""
    sections = [
        Section(anchor="intro", line=1, kind="intro", passages=[passage("p-1", "Experts on the talks.")]),
        Section(anchor="s-bonnie-s-glaser", line=2, kind="contribution", speaker="Bonnie S. Glaser",
                passages=[passage("p-2", "The talks matter."), passage("p-3", "They will go on.")]),
        Section(anchor="s-jane-roe", line=3, kind="contribution", speaker="Jane Roe", heading="Why it matters",
                passages=[passage("p-4", "It does.")]),
        Section(anchor="s-li-wei", line=4, kind="contribution", speaker="Li Wei", passages=[passage("p-5", "No.")]),
    ]
    curation = Curation(entries={person_key("Bonnie S. Glaser"): {"role": "expert"},
                                 person_key("Jane Roe"): {"role": "expert"},
                                 person_key("Li Wei"): {"role": "official"}})
    return article("Experts react: Will there be a thaw?", publication="Atlantic Council",
                   date=PartialDate(2023, 6, 19), kind="roundup", sections=sections, curation=curation)


def chicago(a, r=None) -> str:
    return cite.chicago(cite.article_item(a, r or renderer()))


def in_text(a) -> str:
    return cite.in_text(cite.article_item(a, renderer()))


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("Bonnie S. Glaser", cite.Name(family="Glaser", given="Bonnie S.")),
    ("Glaser, Bonnie S.", cite.Name(family="Glaser", given="Bonnie S.")),
    ("  Bonnie   S.\tGlaser ", cite.Name(family="Glaser", given="Bonnie S.")),
    ("Dexter Tiff Roberts", cite.Name(family="Roberts", given="Dexter Tiff")),
    ("Ludwig van Beethoven", cite.Name(family="Beethoven", given="Ludwig", particle="van")),
    ("Charles de la Fontaine", cite.Name(family="Fontaine", given="Charles", particle="de la")),
    ("Robert De Niro", cite.Name(family="De Niro", given="Robert")),
    ("Martin Luther King Jr.", cite.Name(family="King", given="Martin Luther", suffix="Jr.")),
    ("Martin Luther King, Jr.", cite.Name(family="King", given="Martin Luther", suffix="Jr.")),
    ("King, Martin Luther, Jr.", cite.Name(family="King", given="Martin Luther", suffix="Jr.")),
    ("John Smith III", cite.Name(family="Smith", given="John", suffix="III")),
    ("Dr. Jane Roe", cite.Name(family="Roe", given="Jane")),
    ("Jane Roe, PhD", cite.Name(family="Roe", given="Jane")),
    ("Jane Roe, Senior Fellow", cite.Name(family="Roe", given="Jane")),
    ("Zoë Šaráčová", cite.Name(family="Šaráčová", given="Zoë")),
    ("Edward House", cite.Name(family="House", given="Edward")),
    ("Reuters", cite.Name(literal="Reuters")),
    ("Atlantic Council", cite.Name(literal="Atlantic Council")),
    ("USIP Staff", cite.Name(literal="USIP Staff")),
    ("AFP", cite.Name(literal="AFP")),
    ("The Editors", cite.Name(literal="The Editors")),
    ("Bloomberg News", cite.Name(literal="Bloomberg News")),
])
def test_names_are_split_for_citing(written, expected):
    assert cite.parse_name(written) == expected


def test_name_orders():
    king = cite.parse_name("Martin Luther King Jr.")
    assert (king.inverted(), king.natural(), king.surname) == ("King, Martin Luther, Jr.", "Martin Luther King Jr.", "King")
    ludwig = cite.parse_name("Ludwig van Beethoven")
    assert (ludwig.inverted(), ludwig.natural(), ludwig.surname) == (
        "van Beethoven, Ludwig", "Ludwig van Beethoven", "van Beethoven")


# --- Chicago author-date -------------------------------------------------------------------------

def test_one_author_full_date():
    a = article("Blinken in Beijing", ["Bonnie S. Glaser"], "Atlantic Council", PartialDate(2023, 6, 18),
                "https://www.atlanticcouncil.org/blinken/")
    assert chicago(a) == ('Glaser, Bonnie S. 2023. "Blinken in Beijing." Atlantic Council, June 18, 2023. '
                          'https://www.atlanticcouncil.org/blinken/.')
    assert in_text(a) == "(Glaser 2023)"


def test_two_authors_month_only_and_no_original_url():
    a = article("China Isn't Buying Biden's Balancing Act", ["Robbie Gramer", "Christina Lu"], "Foreign Policy",
                PartialDate(2023, 6))
    assert chicago(a) == ('Gramer, Robbie, and Christina Lu. 2023. "China Isn\'t Buying Biden\'s Balancing Act." '
                          'Foreign Policy, June 2023. https://research.site.org/articles/china-isnt-buying-bidens-balancing-act/.')
    assert in_text(a) == "(Gramer and Lu 2023)"


def test_three_authors():
    a = article("What’s at Stake", ["Evan Medeiros", "Sheena Greitens", "Bonnie S. Glaser"], "ChinaFile",
                PartialDate(2023, 6, 16), "https://www.chinafile.com/x")
    assert chicago(a) == ('Medeiros, Evan, Sheena Greitens, and Bonnie S. Glaser. 2023. "What’s at Stake." '
                          'ChinaFile, June 16, 2023. https://www.chinafile.com/x.')
    assert in_text(a) == "(Medeiros, Greitens, and Glaser 2023)"


def test_four_authors_and_a_suffix_and_a_particle():
    a = article("Title", ["Martin Luther King Jr.", "Ludwig van Beethoven", "Jane Roe", "John Doe"], "Review",
                PartialDate(2020), "https://review.org/t")
    assert chicago(a) == ('King, Martin Luther, Jr., Ludwig van Beethoven, Jane Roe, and John Doe. 2020. "Title." '
                          'Review. https://review.org/t.')
    assert in_text(a) == "(King et al. 2020)"


def test_more_than_ten_authors_lists_seven():
    names = [f"Ann {family}" for family in ("Abel", "Baker", "Cole", "Dunn", "Eddy", "Frost", "Gray", "Hale",
                                            "Irwin", "Judd", "Kent")]
    a = article("Title", names, "Review", PartialDate(2020), "https://review.org/t")
    assert chicago(a) == ('Abel, Ann, Ann Baker, Ann Cole, Ann Dunn, Ann Eddy, Ann Frost, Ann Gray, et al. 2020. '
                          '"Title." Review. https://review.org/t.')


def test_no_byline_puts_the_publication_in_the_authors_place():
    a = article("Experts react: Will there be a thaw?", [], "Atlantic Council", PartialDate(2023, 6, 19))
    assert chicago(a) == ('Atlantic Council. 2023. "Experts react: Will there be a thaw?" June 19, 2023. '
                          'https://research.site.org/articles/experts-react-will-there-be-a-thaw/.')
    assert in_text(a) == "(Atlantic Council 2023)"


def test_no_byline_no_publication_no_date_starts_with_the_title():
    a = article("US-China tensions: Blinken launches high-stakes talks")
    assert chicago(a) == ('"US-China tensions: Blinken launches high-stakes talks." n.d. '
                          'https://research.site.org/articles/us-china-tensions-blinken-launches-high-stakes-talks/.')
    assert in_text(a) == '("US-China tensions" n.d.)'


def test_undated_with_author_and_publication():
    a = article("Talks", ["Florence Akano"], "BBC", url="https://bbc.co.uk/t")
    assert chicago(a) == 'Akano, Florence. n.d. "Talks." BBC. https://bbc.co.uk/t.'
    assert in_text(a) == "(Akano n.d.)"


def test_organisation_byline_and_quotes_inside_the_title():
    a = article('Why "Stabilize" Is the Word?', ["Reuters"], None, PartialDate(2024, 4, 2), "https://reuters.com/x")
    assert chicago(a) == 'Reuters. 2024. "Why \'Stabilize\' Is the Word?" April 2, 2024. https://reuters.com/x.'
    assert in_text(a) == "(Reuters 2024)"


def test_contributor_sections_are_citable_parts():
    a = roundup()
    r = renderer()
    parts = cite.section_items(a, r)
    assert [p.anchor for p in parts] == ["s-bonnie-s-glaser", "s-jane-roe"]  # experts only, in page order
    page = "https://research.site.org/articles/experts-react-will-there-be-a-thaw/"
    assert [cite.chicago(p) for p in parts] == [
        f'Glaser, Bonnie S. 2023. "Contribution." In Experts react: Will there be a thaw? Atlantic Council. {page}#s-bonnie-s-glaser.',
        f'Roe, Jane. 2023. "Why it matters." In Experts react: Will there be a thaw? Atlantic Council. {page}#s-jane-roe.',
    ]
    assert [cite.in_text(p) for p in parts] == ["(Glaser 2023)", "(Roe 2023)"]


def test_section_of_an_article_whose_title_ends_without_punctuation():
    a = article("Blinken in Beijing", ["Jane Roe"], "ChinaFile", PartialDate(2023), kind="conversation",
                sections=[Section(anchor="s-jane-roe", line=1, kind="contribution", speaker="Jane Roe",
                                  passages=[passage("p-1")])],
                curation=Curation(entries={person_key("Jane Roe"): {"role": "expert"}}))
    [part] = cite.section_items(a, renderer())
    assert cite.chicago(part) == ('Roe, Jane. 2023. "Contribution." In Blinken in Beijing, ChinaFile. '
                                  'https://research.site.org/articles/blinken-in-beijing/#s-jane-roe.')


# --- BibTeX ----------------------------------------------------------------------------------

def parse_bib(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library.entries


def test_bibtex_article_and_sections():
    entries = parse_bib(cite.bibtex(roundup(), renderer()))
    assert [(e.entry_type, e.key) for e in entries] == [
        ("article", "atlantic2023experts"), ("incollection", "glaser2023contribution"), ("incollection", "roe2023matters")]
    main, glaser, _ = ({f.key: f.value for f in e.fields} for e in entries)
    assert main == {"title": "{Experts react: Will there be a thaw?}", "journal": "Atlantic Council", "year": "2023",
                    "month": "jun", "date": "2023-06-19",
                    "url": "https://research.site.org/articles/experts-react-will-there-be-a-thaw/"}
    assert glaser == {"author": "Glaser, Bonnie S.", "title": "{Contribution}",
                      "booktitle": "{Experts react: Will there be a thaw?}", "publisher": "Atlantic Council",
                      "year": "2023", "month": "jun", "date": "2023-06-19",
                      "url": "https://research.site.org/articles/experts-react-will-there-be-a-thaw/#s-bonnie-s-glaser"}


def test_bibtex_names_and_types():
    a = article("Ein Bericht über China", ["Martin Luther King Jr.", "Ludwig van Beethoven", "Reuters"],
                date=PartialDate(2021, 1), kind="page")
    [entry] = parse_bib(cite.bibtex(a, renderer()))
    assert entry.entry_type == "misc" and entry.key == "king2021ein"
    assert entry["author"] == "King, Jr., Martin Luther and van Beethoven, Ludwig and {Reuters}"
    assert entry["title"] == "{Ein Bericht über China}"  # UTF-8 kept as it is
    assert entry["month"] == "jan" and entry["date"] == "2021-01"


@pytest.mark.parametrize("title", [HOSTILE, "a lone { brace", "a lone } brace", "\\end{document} }}} @misc{x,"])
def test_bibtex_escapes_latex_specials(title):
    a = article(title, ["Jane_Roe Smith"], "Pub & Co", PartialDate(2023), "https://x.org/a?b=1&c=%7B#frag")
    text = cite.bibtex(a, renderer())
    [entry] = parse_bib(text)  # one entry, every field in it: no brace was left unbalanced
    assert set(entry.fields_dict) == {"author", "title", "journal", "year", "date", "url"}
    title_value = entry["title"][1:-1]
    decoded = re.sub("|".join(re.escape(k) for k in UNLATEX), lambda m: UNLATEX[m.group()], title_value)
    assert decoded == title
    assert entry["author"] == r"Smith, Jane\_Roe"
    assert entry["journal"] == r"Pub \& Co"
    assert entry["url"] == "https://x.org/a?b=1&c=%7B#frag"  # url is verbatim in BibTeX: left as it is


def test_bibtex_hostile_title_exact():
    a = article(HOSTILE, date=PartialDate(2023))
    assert (r"title = {{50\% of \textbraceleft{}C\textbraceright{} \& \$x\_1\$ \#1 \textasciitilde{} "
            r"\textbackslash{}cmd}}") in cite.bibtex(a, renderer())


def test_bibtex_url_braces_and_spaces_are_encoded():
    a = article("T", url="https://x.org/a {b}\\c")
    [entry] = parse_bib(cite.bibtex(a, renderer()))
    assert entry["url"] == "https://x.org/a%20%7Bb%7D%5Cc"


def test_keys_are_unique_across_the_site_and_do_not_depend_on_order():
    one = article("China talks", ["Jane Roe"], "Pub", PartialDate(2023, 1), url="https://a.org/1")
    two = article("China trade", ["Jane Roe"], "Pub", PartialDate(2023, 2), url="https://a.org/2")
    two.slug = "china-trade"
    r = renderer()
    keys = cite.assign_keys([one, two], r)
    assert keys == cite.assign_keys([two, one], r)
    assert sorted(keys.values()) == ["roe2023china", "roe2023chinab"]
    assert keys[("china-talks", None)] == "roe2023china"


# --- RIS -------------------------------------------------------------------------------------

def test_ris_records():
    text = cite.ris(roundup(), renderer())
    assert "\n" not in text.replace("\r\n", "")  # CRLF everywhere, as the specification says
    assert text.startswith("TY  - MGZN\r\n") and text.endswith("ER  - \r\n")
    records = rispy.loads(text)
    page = "https://research.site.org/articles/experts-react-will-there-be-a-thaw/"
    assert records[0] == {"type_of_reference": "MGZN", "id": "atlantic2023experts",
                          "title": "Experts react: Will there be a thaw?", "secondary_title": "Atlantic Council",
                          "year": "2023", "date": "2023/06/19/", "urls": [page]}
    assert records[1] == {"type_of_reference": "CHAP", "id": "glaser2023contribution", "authors": ["Glaser, Bonnie S."],
                          "title": "Contribution", "secondary_title": "Experts react: Will there be a thaw?",
                          "publisher": "Atlantic Council", "year": "2023", "date": "2023/06/19/",
                          "urls": [page + "#s-bonnie-s-glaser"]}
    assert len(records) == 3


def test_ris_types_dates_and_names():
    a = article("Line one\nline two", ["Martin Luther King Jr.", "AFP"], "Times", PartialDate(2022, 3), kind="news")
    [record] = rispy.loads(cite.ris(a, renderer()))
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == "Line one line two"  # a line break would end the field
    assert record["authors"] == ["King, Martin Luther, Jr.", "AFP"]
    assert record["date"] == "2022/03//"
    undated = rispy.loads(cite.ris(article("T", kind="transcript"), renderer()))[0]
    assert undated["type_of_reference"] == "ELEC" and "year" not in undated and "date" not in undated


# --- CSL-JSON --------------------------------------------------------------------------------

def test_csl_json_is_valid_and_exact():
    text = cite.csl_json(roundup(), renderer())
    data = json.loads(text)
    jsonschema.validate(data, CSL_SCHEMA)
    page = "https://research.site.org/articles/experts-react-will-there-be-a-thaw/"
    assert data == [
        {"id": "atlantic2023experts", "type": "article-magazine", "title": "Experts react: Will there be a thaw?",
         "issued": {"date-parts": [[2023, 6, 19]]}, "container-title": "Atlantic Council", "URL": page},
        {"id": "glaser2023contribution", "type": "chapter", "title": "Contribution",
         "author": [{"family": "Glaser", "given": "Bonnie S."}], "issued": {"date-parts": [[2023, 6, 19]]},
         "container-title": "Experts react: Will there be a thaw?", "publisher": "Atlantic Council",
         "URL": page + "#s-bonnie-s-glaser"},
        {"id": "roe2023matters", "type": "chapter", "title": "Why it matters",
         "author": [{"family": "Roe", "given": "Jane"}], "issued": {"date-parts": [[2023, 6, 19]]},
         "container-title": "Experts react: Will there be a thaw?", "publisher": "Atlantic Council",
         "URL": page + "#s-jane-roe"},
    ]


@pytest.mark.parametrize(("date", "parts"), [(PartialDate(2023), [2023]), (PartialDate(2023, 6), [2023, 6]),
                                             (PartialDate(2023, 6, 18), [2023, 6, 18])])
def test_csl_json_dates_carry_only_known_parts(date, parts):
    [item] = json.loads(cite.csl_json(article("T", date=date), renderer()))
    assert item["issued"] == {"date-parts": [parts]}


def test_csl_json_names_types_and_no_accessed_date():
    a = article("T", ["Ludwig van Beethoven", "Martin Luther King Jr.", "Reuters"], "Daily", kind="news")
    [item] = json.loads(cite.csl_json(a, renderer()))
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["type"] == "article-newspaper"
    assert item["author"] == [{"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                              {"family": "King", "given": "Martin Luther", "suffix": "Jr."}, {"literal": "Reuters"}]
    assert "issued" not in item and "accessed" not in item


@pytest.mark.parametrize(("kind", "publication", "csl", "ris", "bib"), [
    ("news", "Times", "article-newspaper", "NEWS", "article"),
    ("analysis", "Review", "article-magazine", "MGZN", "article"),
    ("qa", None, "webpage", "ELEC", "misc"),
    ("blog", "War on the Rocks", "post-weblog", "BLOG", "article"),
    ("page", "Site", "webpage", "ELEC", "misc"),
    ("transcript", "Center", "webpage", "ELEC", "misc"),
])
def test_types_by_kind(kind, publication, csl, ris, bib):
    item = cite.article_item(article("T", publication=publication, kind=kind), renderer())
    assert (cite.csl_type(item), cite.ris_type(item), cite.bibtex_type(item)) == (csl, ris, bib)


# --- the template's context and the macro ------------------------------------------------------

def test_context_uses_the_base_url_and_absolute_urls():
    r = renderer(url="", base_url="/prefix/")
    a = article("Talks", ["Jane Roe"], "BBC", PartialDate(2023))
    context = cite.context(a, r)
    assert [f["href"] for f in context["files"]] == [
        "/prefix/articles/talks/cite.bib", "/prefix/articles/talks/cite.ris", "/prefix/articles/talks/cite.json"]
    assert (context["bibtex_url"], context["ris_url"], context["csl_url"]) == tuple(f["href"] for f in context["files"])
    assert [f["download"] for f in context["files"]] == ["talks.bib", "talks.ris", "talks.json"]
    assert context["chicago"] == 'Roe, Jane. 2023. "Talks." BBC. /prefix/articles/talks/.'
    assert context["in_text"] == "(Roe 2023)"
    assert context["data"] == {"page": "/prefix/articles/talks/", "url": "/prefix/articles/talks/",
                               "text": 'Roe, Jane. 2023. "Talks." BBC.', "in_text": "(Roe 2023)",
                               "parts": [], "sections": {}}


def test_context_shares_one_text_among_turns_of_one_speaker():
    sections = [Section(anchor=f"s-{i}", line=i, kind="turn", label="JANE ROE", passages=[passage(f"p-{i}")])
                for i in range(1, 4)]
    a = article("Hearing", publication="Center", kind="transcript", sections=sections,
                curation=Curation(entries={person_key("Jane Roe"): {"role": "expert"}}))
    data = cite.context(a, renderer())["data"]
    assert data["parts"] == [['Roe, Jane. n.d. "Contribution." In Hearing, Center.', "(Roe n.d.)"]]
    assert data["sections"] == {"s-1": 0, "s-2": 0, "s-3": 0}


def render_block(a, r: Renderer) -> BeautifulSoup:
    cite.register(r)
    html = r.env.from_string('{% from "cite.html" import cite_block %}{{ cite_block(cite(article)) }}'
                             ).render(article=a)
    return BeautifulSoup(html, "html.parser")


def test_cite_block_markup():
    r = renderer(url="", base_url="/prefix/")
    a = roundup()
    soup = render_block(a, r)
    details = soup.select_one("details.cite")
    assert details.summary.get_text(strip=True) == "Cite"
    text = soup.select_one("p#cite-text")
    assert text.get_text() == ('Atlantic Council. 2023. "Experts react: Will there be a thaw?" June 19, 2023. '
                               '/prefix/articles/experts-react-will-there-be-a-thaw/.')
    button = soup.select_one("button.cite-copy")
    assert button["type"] == "button" and button.has_attr("hidden") and button.get_text() == "Copy citation"
    assert soup.select_one("[role=status][aria-live=polite]") is not None
    links = [(a.get_text(), a["href"], a["download"], a["type"]) for a in details.select("a[download]")]
    base = "/prefix/articles/experts-react-will-there-be-a-thaw/cite"
    assert links == [("BibTeX", base + ".bib", "experts-react-will-there-be-a-thaw.bib", "application/x-bibtex"),
                     ("RIS", base + ".ris", "experts-react-will-there-be-a-thaw.ris", "application/x-research-info-systems"),
                     ("CSL-JSON", base + ".json", "experts-react-will-there-be-a-thaw.json",
                      "application/vnd.citationstyles.csl+json")]
    assert json.loads(details["data-cite"]) == cite.context(a, r)["data"]


def test_cite_block_keeps_document_text_as_text():
    hostile = '</script><script>alert(1)</script><b onmouseover="x">"&amp;'
    a = article(hostile, [hostile], hostile, PartialDate(2023), kind="news")
    r = renderer()
    cite.register(r)
    html = r.env.from_string('{% from "cite.html" import cite_block %}{{ cite_block(cite(article)) }}'
                             ).render(article=a)
    assert "<script>alert" not in html and "<b " not in html and "</script" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("script, b")
    assert soup.select_one("p#cite-text").get_text() == cite.context(a, r)["chicago"]
    assert json.loads(soup.select_one("details.cite")["data-cite"])["text"].startswith(hostile)


# --- the seed site as built ------------------------------------------------------------------

def read_files(site: Path, slug: str):
    folder = site / "articles" / slug
    bib = (folder / "cite.bib").read_text(encoding="utf-8")
    ris = (folder / "cite.ris").read_bytes().decode("utf-8")
    csl = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
    return parse_bib(bib), rispy.loads(ris), csl, ris


def site_articles(site: Path) -> list[dict]:
    return json.loads((site / "data" / "corpus.json").read_text(encoding="utf-8"))["articles"]


def site_root(site: Path) -> str:
    """What the site's URLs start with: its public address, or its base URL when it has none."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.find("link", rel="canonical")["href"]


def assert_resolves(site: Path, url: str) -> None:
    root = site_root(site)
    assert url.startswith(root), url
    parts = urlsplit(url[len(root):])
    page = site / unquote(parts.path) / "index.html"
    assert page.is_file(), url
    if parts.fragment:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find(id=unquote(parts.fragment)) is not None, url


@pytest.mark.parametrize(("fixture", "prefix"), [("seed_site", "/"), ("prefixed_site", "/some/prefix/")])
def test_every_article_has_the_three_files_and_they_agree(request, fixture, prefix):
    site = request.getfixturevalue(fixture)
    articles = site_articles(site)
    assert articles
    keys = []
    for item in articles:
        # The page's block links to the files under the base URL (templates/article.html includes it).
        page = BeautifulSoup((site / "articles" / item["slug"] / "index.html").read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in page.select("details.cite a[download]")]
        assert hrefs == [f"{prefix}articles/{item['slug']}/cite.{ext}" for ext in ("bib", "ris", "json")]
        entries, records, csl, raw_ris = read_files(site, item["slug"])
        jsonschema.validate(csl, CSL_SCHEMA)
        assert "\n" not in raw_ris.replace("\r\n", "")
        assert [e.key for e in entries] == [r["id"] for r in records] == [c["id"] for c in csl]
        assert csl[0]["title"] == records[0]["title"] == item["title"]
        assert entries[0]["url"] == records[0]["urls"][0] == csl[0]["URL"]
        if item["url"]:
            assert csl[0]["URL"] == item["url"]  # the original, when the document names it
        else:
            assert_resolves(site, csl[0]["URL"])
        for section in csl[1:]:
            assert section["type"] == "chapter" and section["container-title"] == item["title"]
            assert_resolves(site, section["URL"])
        keys += [c["id"] for c in csl]
    assert len(keys) == len(set(keys))  # unique across the site: files of several articles can be merged


def test_seed_files_by_hand(seed_site):
    slug = "whats-at-stake-as-antony-blinken-heads-to-beijing"
    entries, records, csl, _ = read_files(seed_site, slug)
    assert [e.key for e in entries] == ["medeiros2023stake", "medeiros2023contribution", "greitens2023contribution",
                                        "glaser2023contribution"]
    assert entries[0]["author"] == "Medeiros, Evan and Greitens, Sheena and Glaser, Bonnie S."
    assert records[3]["authors"] == ["Glaser, Bonnie S."]
    assert csl[3]["URL"] == f"{site_root(seed_site)}articles/{slug}/#s-bonnie-s-glaser"
    roundup_slug = "experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw"
    _, _, csl, _ = read_files(seed_site, roundup_slug)
    assert [c["author"][0]["family"] for c in csl[1:]] == ["Garlauskas", "Culver", "Kroenig", "Roberts", "Verges",
                                                            "Cynkin", "Novak"]
    assert "author" not in csl[0] and csl[0]["container-title"] == "Atlantic Council"


def test_files_are_deterministic(seed_site, tmp_path):
    again = tmp_path / "_site"
    build_site(again)
    files = sorted(p.relative_to(seed_site) for p in seed_site.glob("articles/*/cite.*"))
    assert len(files) == 3 * len(site_articles(seed_site))
    assert all((seed_site / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_configured_site_address_makes_absolute_urls(content_copy, tmp_path):
    site_yaml = content_copy / "site.yaml"
    site_yaml.write_text(re.sub(r"(?m)^url:.*$", "", site_yaml.read_text(encoding="utf-8"))
                         + "\nurl: https://blinken.research.org/\n", encoding="utf-8")
    out = tmp_path / "_site"
    build_site(out, content=content_copy, base_url="/some/prefix/")
    slug = "experts-react-blinken-makes-the-rounds-in-beijing-will-there-be-a-us-china-thaw"
    _, _, csl, _ = read_files(out, slug)
    assert csl[0]["URL"] == f"https://blinken.research.org/articles/{slug}/"
    assert csl[1]["URL"] == f"https://blinken.research.org/articles/{slug}/#s-markus-garlauskas"
