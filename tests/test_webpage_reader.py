"""The raw web page reader: real pages saved whole (devcorpus) against their hand-written
truth files, plus invented pages and fragments that show what it claims and what it leaves."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import htmldate.core
import pytest

from site_builder.errors import Reporter
from site_builder.models import PartialDate
from site_builder.readers import read_document
from site_builder.readers.webpage import is_full_page
from site_builder.sources import read_source

DOCS = Path(__file__).resolve().parent / "devcorpus" / "docs"

NYT = "01-nyt-haley-resigns.html"
TOI = "02-toi-china-kashmir.html"
POLITICO = "03-politico-imf-morning-money.html"
WAPO = "07-wapo-rubin-name-names.html"
IE = "08-ie-ap-imf-outlook.html"
NDTV = "17-ndtv-trump-hcq-retaliation.html"
TRIBUNE = "18-chitrib-wapo-energy-climate-names.html"
PAGES = [NYT, TOI, POLITICO, WAPO, IE, NDTV, TRIBUNE]


def read(path: Path, rel: str | None = None):
    reporter = Reporter()
    return read_document(read_source(path, rel or path.name, reporter), None, reporter)


_READ: dict[str, object] = {}


def page(name: str):
    # Each page is read once for the whole module: trafilatura takes tens of milliseconds a page.
    if name not in _READ:
        _READ[name] = read(DOCS / name)
    return _READ[name]


# Values copied by hand from tests/devcorpus/truth/<name>.yaml.
@pytest.mark.parametrize(
    "name, title, date, authors, publication, kind",
    [
        (NYT, "Nikki Haley to Resign as Trump’s Ambassador to the U.N.", PartialDate(2018, 10, 9),
         ["Maggie Haberman", "Mark Landler", "Edward Wong"], "The New York Times", "news"),
        (TOI, "China snubs Imran Khan, says resolve J&K bilaterally", PartialDate(2019, 10, 9),
         ["Saibal Dasgupta"], "The Times of India", "news"),
        (POLITICO, "Grim global outlook for IMF-World Bank meetings", PartialDate(2022, 10, 11),
         ["Kate Davidson"], "POLITICO", "news"),
        (WAPO, "Enough platitudes: Let’s name names", PartialDate(2018, 10, 29),
         ["Jennifer Rubin"], "The Washington Post", "opinion"),
        (IE, "IMF dims outlook for 2023 global economy amid Ukraine war", PartialDate(2022, 10, 11),
         ["Paul Wiseman", "Fatima Hussein"], "Investment Executive", "news"),
        (NDTV, 'COVID-19: Trump Talks "Retaliation" If India Rejects Export Of Key Drug', PartialDate(2020, 4, 7),
         ["Swati Bhasin"], "NDTV", "news"),
        (TRIBUNE, "Energy Department rejects Trump's request to name climate change workers, who remain worried",
         PartialDate(2016, 12, 13), ["Joe Davidson"], "Chicago Tribune", "news"),
    ],
)
def test_metadata_matches_truth(name, title, date, authors, publication, kind):
    doc = page(name)
    assert doc.reader == "webpage"
    assert (doc.title, doc.title_derived) == (title, False)
    assert doc.date == date
    assert doc.authors == authors
    assert doc.publication == publication
    assert doc.kind == kind
    assert not doc.warnings


@pytest.mark.parametrize(
    "name, url",
    [
        # Canonical link, not the og:url shortlink (https://politi.co/3CO4xiD) the page also gives.
        (POLITICO, "https://www.politico.com/newsletters/morning-money/2022/10/11/"
                   "grim-global-outlook-for-imf-world-bank-meetings-00061134"),
        (NYT, "https://www.nytimes.com/2018/10/09/us/politics/nikki-haley-united-nations.html"),
    ],
)
def test_url_is_the_canonical_address(name, url):
    assert page(name).url == url


@pytest.mark.parametrize(
    "name, first_words",
    [
        (NYT, "President Trump’s ambassador to the United Nations, Nikki R. Haley, said on Tuesday"),
        (TOI, "BEIJING: In what is being seen as a snub to the visiting Pakistan PM Imran Khan"),
        (POLITICO, "Editor’s note: Morning Money is a free version of POLITICO Pro"),
        (WAPO, "President Trump’s defenders and even some of his tepid critics on the right"),
        (IE, "The International Monetary Fund is downgrading its outlook for the world economy"),
        # The dateline the page prints as its own line opens the first paragraph.
        (NDTV, 'Washington/ New Delhi: US President Donald Trump has said "there may be retaliation"'),
        (TRIBUNE, 'Global warming - "it\'s a hoax."'),
    ],
)
def test_first_passage_is_the_articles_start(name, first_words):
    assert next(page(name).passages()).text.startswith(first_words)


@pytest.mark.parametrize(
    "name, last_words",
    [
        (NYT, "Federal ethics regulations say that an employee cannot accept any gifts"),
        (TOI, "Imran Khan is visiting Beijing on a thinly veiled excuse"),
        (WAPO, "In sum, we all have a tendency is to talk about"),
        (IE, "Maurice Obstfeld, a former IMF chief economist"),
        (NDTV, "Last week, the US Food and Drug Administration (FDA) issued an Emergency Use Authorization"),
        (TRIBUNE, "This needs to be the last."),
    ],
)
def test_last_passage_is_the_articles_end(name, last_words):
    assert list(page(name).passages())[-1].text.startswith(last_words)


# Furniture named in the truth files' `traps:` (navigation, promo boxes, photo credits,
# related and trending stories, share bars, author cards, widgets, headline boxes).
TRAPS = {
    NYT: ["Alex Burns", "Campaign Reporter", "Credit", "Samuel Corum", "Manuel Balce Ceneta",
          "Wins, Losses and Clashes", "Many Names", "The Turnover at the Top of the Trump Administration"],
    TOI: ["Visual Stories", "Trending Stories", "Puja Banerjee", "Aly Goni", "Genelia Deshmukh",
          "Key Highlights", "This story is from", "Updated: Oct 9", "File photo of Chinese president",
          "Read this story in Bengali", "FOLLOW US", "Facebook"],
    POLITICO: ["Follow us on Twitter", "Mark McQuillian", "Aubree Eliza Weaver", "Rich Lowry", "Jack Shafer",
               "Matt Wuerker", "About The Author", "is a financial services reporter", "Most Read"],
    WAPO: ["Opinion writer", "Read more from Jennifer Rubin", "Stories from The Lily", "Dustin Franz",
           "Pittsburgh Mayor Bill Peduto on Sunday"],
    IE: ["iStockphoto", "Related news", "Recession could arrive", "Mail to a fried", "By:",
         "“The worst is yet to come,” chief economist says"],
    NDTV: ["Manmohan Singh, Rahul Gandhi", "Highlights", "he spoke to PM Modi on Sunday", "Edited by",
           "28,25,140", "Cases", "Hydroxychloroquine is a key drug used"],
    TRIBUNE: ["Evan Vucci", "Advertisement", "campaign rally at Dordt College"],
}


@pytest.mark.parametrize("name", PAGES)
def test_no_furniture_in_passages_or_headings(name):
    doc = page(name)
    texts = [p.text for p in doc.passages()] + [p.html for p in doc.passages()]
    texts += [s.heading or "" for s in doc.sections]
    for text in texts:
        for furniture in TRAPS[name]:
            assert furniture not in text, (furniture, text[:80])


def test_photo_captions_go_to_captions():
    assert page(TOI).captions == ["File photo of Chinese president Xi Jinping. (Reuters)"]


@pytest.mark.parametrize("name", [NYT, POLITICO, IE])
def test_passage_lines_point_at_the_paragraph(name):
    lines = (DOCS / name).read_text(encoding="utf-8").split("\n")
    for p in page(name).passages():
        assert 1 <= p.line <= len(lines)
        printed = " ".join(html.unescape(re.sub(r"<[^>]+>", "", lines[p.line - 1])).split())
        assert " ".join(p.text.split()[:3]) in printed, (p.anchor, p.line, p.text[:40])


def test_anchors_unique_and_stable():
    first, second = page(NYT), read(DOCS / NYT)
    assert [p.anchor for p in first.passages()] == [f"p-{n}" for n in range(1, len(list(first.passages())) + 1)]
    again = [(p.anchor, p.line, p.html) for p in second.passages()]
    assert [(p.anchor, p.line, p.html) for p in first.passages()] == again


def test_date_does_not_depend_on_the_clock(monkeypatch):
    # htmldate bounds dates by "today" unless given a bound: on a clock set to 2000 that bound
    # would reject the page's 2018 date. The reader gives its own, so the date is the same.
    today = htmldate.core.get_max_date
    in_2000 = datetime(2000, 1, 1)
    monkeypatch.setattr(htmldate.core, "get_max_date", lambda bound: today(bound) if bound else in_2000)
    assert read(DOCS / NYT).date == PartialDate(2018, 10, 9)
    assert read(DOCS / POLITICO).date == PartialDate(2022, 10, 11)


# --- invented pages ------------------------------------------------------------------------

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbor Talks Resume After a Year - The Coastal Ledger</title>
<meta property="og:site_name" content="Coastal Ledger">
<meta property="og:title" content="Harbor Talks Resume After a Year">
<meta property="og:type" content="article">
<meta name="author" content="By Ann Whitfield and Tomas Berg">
<meta property="article:published_time" content="2022-05-03T10:00:00Z">
<link rel="canonical" href="https://ledger.example.org/2022/05/03/harbor-talks/">
</head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<main>
<article>
<h1>Harbor Talks Resume After a Year</h1>
<p class="byline">By Ann Whitfield and Tomas Berg</p>
<p>Negotiators from the two coastal states met again on Tuesday for the first time in a year, hoping to settle
a dispute over fishing quotas that has kept trawlers idle in both ports since last spring.</p>
<p>The talks, hosted in a converted customs house on the waterfront, opened with <a href="https://example.org/statement">a joint statement</a>
that both delegations described as <em>cautiously optimistic</em> about an interim agreement before the summer season.</p>
<h2>What is on the table</h2>
<p>Officials said the first session would deal with patrol routes, and the second with how the catch limits for the
coming three years should be measured, counted and reported to the regional fisheries commission.</p>
<p>A third session, planned for Thursday, is meant to settle how disputes between individual captains are heard,
a question that broke up the previous round when neither side would accept the other's harbor courts.</p>
</article>
<aside class="related">
<h3>Related stories</h3>
<ul><li><a href="/a">Trawlers idle as quota row drags on</a></li><li><a href="/b">Customs house reopens as venue</a></li></ul>
</aside>
</main>
<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p>Great news for the harbor at last, I hope they settle it this time round, really.</p></div></section>
<footer class="site-footer"><p>Copyright 2022 The Coastal Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_invented_page_reduced_to_its_article(tmp_path):
    doc = read(write(tmp_path, "harbor.html", ARTICLE))
    assert doc.reader == "webpage"
    assert doc.title == "Harbor Talks Resume After a Year"
    assert doc.publication == "The Coastal Ledger"  # the <title> spells out og:site_name's short form
    assert doc.authors == ["Ann Whitfield", "Tomas Berg"]
    assert doc.date == PartialDate(2022, 5, 3)
    assert doc.url == "https://ledger.example.org/2022/05/03/harbor-talks/"
    assert [s.heading for s in doc.sections] == [None, "What is on the table"]
    texts = [p.text for p in doc.passages()]
    assert len(texts) == 4 and texts[0].startswith("Negotiators from the two coastal states")
    for furniture in ("Home", "Share on", "Related stories", "Trawlers idle", "Great news", "Copyright", "Privacy"):
        assert not any(furniture in t for t in texts + [s.heading or "" for s in doc.sections]), furniture
    second = list(doc.passages())[1]
    assert '<a href="https://example.org/statement" rel="noopener noreferrer">a joint statement</a>' in second.html
    assert "<em>cautiously optimistic</em>" in second.html
    lines = ARTICLE.split("\n")
    first = next(x for x in lines if x.startswith("<p>Negotiators"))
    assert list(doc.passages())[0].line == 1 + lines.index(first)
    assert doc.sections[1].line == 1 + lines.index("<h2>What is on the table</h2>")


def test_links_without_a_safe_absolute_target_are_left_as_text(tmp_path):
    bad = ARTICLE.replace('href="https://example.org/statement"', 'href="javascript:alert(1)"')
    bad = bad.replace('<link rel="canonical" href="https://ledger.example.org/2022/05/03/harbor-talks/">',
                      '<link rel="canonical" href="javascript:alert(2)">')
    doc = read(write(tmp_path, "bad.html", bad))
    assert doc.url is None
    second = list(doc.passages())[1]
    assert "<a" not in second.html and "javascript" not in second.html and "a joint statement" in second.text


def test_postlight_style_meta_values_are_read(tmp_path):
    # Some savers keep <meta content> as `value` and `property` as `name`.
    page_ = re.sub(r'<meta property="([^"]+)" content="([^"]+)">', r'<meta value="\2" name="\1">', ARTICLE)
    page_ = page_.replace('<meta name="author" content=', '<meta name="author" value=')
    doc = read(write(tmp_path, "values.html", page_))
    assert doc.publication == "The Coastal Ledger" and doc.authors == ["Ann Whitfield", "Tomas Berg"]
    assert doc.date == PartialDate(2022, 5, 3)


def test_opinion_when_the_page_says_so(tmp_path):
    opinion = ARTICLE.replace('<meta property="og:type" content="article">',
                              '<meta property="article:section" content="Opinion">')
    assert read(write(tmp_path, "opinion.html", opinion)).kind == "opinion"
    assert read(write(tmp_path, "news.html", ARTICLE)).kind == "news"


def test_jekyll_html_post_is_not_a_web_page(tmp_path):
    post = """---
layout: post
title: "Harbor talks: what to expect"
date: 2022-05-01
---
<h1>Harbor talks: what to expect</h1>
<p>The talks resume next week after a year without meetings between the two delegations.</p>
<p>Both sides say they want an interim agreement on quotas before the summer season starts.</p>
"""
    doc = read(write(tmp_path, "post.html", post))
    assert doc.reader != "webpage"
    assert doc.title == "Harbor talks: what to expect"


@pytest.mark.parametrize(
    "text, whole",
    [
        ("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>", True),
        ("\n\n  <!doctype html>\n<title>x</title><p>HTML5 may leave out html and head", True),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
        ("<!-- saved from url=(0031)https://example.org/story.html -->\n<html><head></head>", True),
        ("HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html lang=en>\n<head><title>x</title></head>", True),
        ("<h1>Title</h1>\n<p>A fragment: a Jekyll post's body.</p>", False),
        ("<header><h1>Site</h1></header>\n<p>A fragment with a header, no page.</p>", False),
        ("# Saving a page\n\n```html\n<html>\n<head></head>\n</html>\n```\n", False),
        ("Plain text that mentions the <html> and <head> elements in passing.", False),
    ],
)
def test_only_whole_pages_are_claimed(text, whole):
    assert is_full_page(text) is whole
