"""Issue tags that discriminate: `site_builder.extract.tagging`.

A passage is tagged when it is about an issue: office titles next to a name are
no evidence, and weak keywords need a second hit. An article lists its main
issues only; their precision is measured against main issues written by hand
for the five seeds (`fixtures/tagging/main_issues.yaml`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.corpus import build as build_corpus
from site_builder.errors import Reporter, SourceError
from site_builder.extract import Issue, IssueTagger, load_taxonomy
from site_builder.extract.tagging import MAIN_LIMIT, main_issues, title_spans
from site_builder.people import Curation

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
HAND = yaml.safe_load((Path(__file__).parent / "fixtures" / "tagging" / "main_issues.yaml").read_text(encoding="utf-8"))
PRECISION = 0.8  # share of predicted main issues that the hand-written lists have


@pytest.fixture(scope="module")
def tagger() -> IssueTagger:
    return IssueTagger(load_taxonomy(CONTENT / "issues.yaml"))


def small_tagger() -> IssueTagger:
    return IssueTagger([
        Issue("climate", "Climate", "", ["climate"]),
        Issue("commerce", "Commerce", "", ["commerce"]),
        Issue("trade", "Trade", "", ["tariff", "export controls"], ["sanction", "chip", "trade"]),
        Issue("allies", "Allies", "", ["NATO"], ["partners", "Asian partners", "ally"]),
    ])


# --- (a) titles and names are no evidence -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Climate Envoy John Kerry met Chinese officials in Beijing.", []),
        ("U.S. Climate Envoy John Kerry said climate talks would resume.", ["climate"]),
        ("U.S. climate envoy John Kerry met Chinese officials.", []),
        ("John Kerry, the U.S. climate envoy, met Chinese officials.", []),
        ("John Kerry, special envoy for climate, met Chinese officials.", []),
        ("Commerce Secretary Gina Raimondo visited Beijing.", []),
        ("Secretary of Commerce Gina Raimondo visited Beijing.", []),
        ("Gina Raimondo, the commerce secretary, visited Beijing.", []),
        ("Commerce talks resumed, Commerce Secretary Gina Raimondo said.", ["commerce"]),
        ("The commerce secretary said exports would grow.", ["commerce"]),  # no name: not a title next to one
        ("Raimondo, Yellen, and U.S. Climate Envoy John Kerry are expected in Beijing.", []),
    ],
)
def test_words_of_a_title_next_to_a_name_do_not_tag(text, tags):
    tagger = small_tagger()
    assert tagger.tags(text) == tags
    assert list(tagger.matches(text)) == tags


@pytest.mark.parametrize(
    ("text", "slug", "tagged"),
    [
        ("Climate Envoy John Kerry met Chinese officials in Beijing.", "climate-global-health", False),
        ("U.S. Climate Envoy John Kerry said climate talks would resume.", "climate-global-health", True),
        ("Taiwan Affairs Office spokesperson Zhu Fenglian spoke on Wednesday.", "taiwan", False),
        ("Zhu Fenglian, a spokesperson, said Taiwan would face drills.", "taiwan", True),
        ("China’s Taiwan Affairs Office said on Wednesday that drills would go on.", "taiwan", True),  # no name
        ("Taiwan President Lai Ching-te said the drills were provocative.", "taiwan", True),  # whose president
        ("Russian Foreign Minister Sergei Lavrov met Wang Yi in Beijing.", "russia-ukraine", True),  # whose minister
        ("Yellen will host Ukraine finance minister Sergii Marchenko.", "russia-ukraine", True),
        ("Defense Minister Li Shangfu, who is under US sanctions, met Austin.", "trade-technology", False),
    ],
)
def test_titles_with_the_site_taxonomy(tagger, text, slug, tagged):
    assert (slug in tagger.tags(text)) is tagged
    assert tagger.tags(text) == list(tagger.matches(text))


@pytest.mark.parametrize(
    ("text", "title", "rest"),
    [
        ("Climate Envoy Ann Doe met them.", "Climate Envoy", " Ann Doe met them."),
        ("U.S. Secretary of State Ida Rowe met them.", "U.S. Secretary of State", " Ida Rowe met them."),
        ("Assistant Secretary of State for East Asian and Pacific Affairs Ann Doe and US Ambassador to China Ida Rowe.",
         "Assistant Secretary of State for East Asian and Pacific Affairs", " Ann Doe and US Ambassador to China Ida Rowe."),
        ("Secretary of Defense Ann Doe and Chinese Defense Minister Ida Rowe met.", "Secretary of Defense", " Ann Doe and Chinese Defense Minister Ida Rowe met."),
    ],
)
def test_title_spans_stop_at_the_name(text, title, rest):
    (a, b), *_ = title_spans(text)
    assert (text[a:b], text[b:]) == (title, rest)


def test_second_title_and_prime_minister():
    text = "Secretary of Defense Ann Doe and Chinese Defense Minister Ida Rowe met. Prime Minister Jo Poe did not."
    assert [text[a:b] for a, b in title_spans(text)] == ["Secretary of Defense", "Defense Minister"]


def test_no_name_no_title():
    assert title_spans("The secretary of state said sanctions were coming.") == []
    assert title_spans("Secretary Blinken and Minister Wang met.") != []  # one-word names still count
    assert title_spans("") == []


_PIECES = st.sampled_from([
    "Climate", "climate", "Envoy", "envoy", "John", "Kerry", "talks", "U.S.", "Secretary", "secretary", "of", "for",
    "State", "the", "and", ",", ".", " ", "sanctions", "chips", "Taiwan", "Affairs", "Office", "spokesperson",
    "Prime", "Minister", "Russian", "’s", "-", "co-chair", "Secretary-General", "İ", "\u00a0", "(", ")", "Moscow",
])
_TEXTS = st.lists(_PIECES, max_size=60).map(" ".join) | st.lists(_PIECES, max_size=60).map("".join) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_any_text_tags_the_same_both_ways(tagger, text):
    assert tagger.tags(text) == list(tagger.matches(text))
    for a, b in title_spans(text):
        assert 0 <= a < b <= len(text)


# --- (b) weak keywords need support --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("The general, under US sanctions, flew to Singapore.", []),  # one weak keyword
        ("Sanctions and chip export bans were promised.", ["trade"]),  # two different weak ones
        ("Sanctions and more sanctions were promised.", ["trade"]),  # one the passage comes back to
        ("New tariffs were promised.", ["trade"]),  # one strong one
        ("Export controls, nothing else.", ["trade"]),  # a strong phrase
        ("Our Asian partners agreed.", []),  # "partners" inside "Asian partners": one hit, not two
        ("Our Asian partners and every ally agreed.", ["allies"]),
        ("Our Asian partners and other partners agreed.", ["allies"]),
        ("NATO met.", ["allies"]),
    ],
)
def test_weak_keywords_need_a_second_one(text, tags):
    tagger = small_tagger()
    assert tagger.tags(text) == tags
    assert list(tagger.matches(text)) == tags


def test_matches_explain_with_every_keyword_that_counted():
    assert small_tagger().matches("Sanctions and chips, then tariffs.") == {"trade": ["Sanctions", "chips", "tariffs"]}


def test_taxonomy_weak_keywords(tmp_path):
    path = tmp_path / "issues.yaml"
    path.write_text("- slug: trade\n  name: Trade\n  keywords: [tariff]\n  weak_keywords: [sanction, trade]\n"
                    "- slug: vague\n  name: Vague\n  weak_keywords: [thing, stuff]\n", encoding="utf-8")
    trade, vague = load_taxonomy(path)
    assert (trade.keywords, trade.weak_keywords) == (["tariff"], ["sanction", "trade"])
    assert (vague.keywords, vague.weak_keywords) == ([], ["thing", "stuff"])  # not tagged by its name
    path.write_text("- slug: trade\n  name: Trade\n  keywords: [tariff, Sanction]\n  weak_keywords: [sanction]\n", encoding="utf-8")
    with pytest.raises(SourceError, match="in both 'keywords' and 'weak_keywords': sanction"):
        load_taxonomy(path)
    path.write_text("- slug: trade\n  name: Trade\n  weak_keywords: sanction\n", encoding="utf-8")
    with pytest.raises(SourceError, match="'weak_keywords' must be a list"):
        load_taxonomy(path)


# --- (c) an article's main issues ----------------------------------------------------------


def test_main_issues_rank_by_coverage_and_cap():
    tags = [["a", "b"], ["a"], ["a", "c"], ["b"], ["d"], [], ["e"], ["f"], ["g"]]
    assert main_issues(tags, share=0.1) == ["a", "b", "c", "d", "e"]  # capped at 5, ties first met
    assert main_issues(tags, share=0.1, limit=2) == ["a", "b"]
    assert main_issues(tags, share=0.3) == ["a"]
    assert main_issues(tags, [10, 10, 10, 100, 1, 1, 1, 1, 1], share=0.5) == ["b"]  # by size of text
    assert main_issues([["x"], [], [], [], [], [], [], [], [], [], [], []], share=0.5) == ["x"]  # at least the top one
    assert main_issues([[], []]) == [] and main_issues([]) == []
    with pytest.raises(ValueError):
        main_issues([["a"]], [1, 2])


@pytest.fixture(scope="module")
def seed_corpus():
    from site_builder.readers import read_document
    from site_builder.sources import SIDECAR_SUFFIX, read_source

    reporter, docs = Reporter(), []
    for name in HAND:
        path = CONTENT / name
        sidecar_path = path.with_name(path.stem + SIDECAR_SUFFIX)
        sidecar = yaml.safe_load(sidecar_path.read_text(encoding="utf-8")) if sidecar_path.exists() else None
        docs.append(read_document(read_source(path, name, reporter), sidecar, reporter))
    return build_corpus(docs, load_taxonomy(CONTENT / "issues.yaml"), Curation())


def predicted(corpus) -> dict[str, list[str]]:
    """Each seed's main issues, from its passages' tags as the site computes them."""
    return {
        article.doc.source: main_issues([ref.issues for ref in article.passages], [len(ref.passage.text) for ref in article.passages])
        for article in corpus.articles
    }


def test_main_issue_precision_on_the_seeds(seed_corpus):
    found = predicted(seed_corpus)
    assert set(found) == set(HAND)
    right = sum(slug in HAND[source]["main"] for source, slugs in found.items() for slug in slugs)
    total = sum(len(slugs) for slugs in found.values())
    wrong = {source: [s for s in slugs if s not in HAND[source]["main"]] for source, slugs in found.items()}
    assert right / total >= PRECISION, (right, total, wrong)
    for source, slugs in found.items():
        assert 1 <= len(slugs) <= MAIN_LIMIT, source
        assert slugs[0] in HAND[source]["main"], source  # what an article is most about is right
        tagged = {slug for article in seed_corpus.articles if article.doc.source == source for ref in article.passages for slug in ref.issues}
        assert set(slugs) <= tagged


def test_articles_list_fewer_issues_than_their_passages_touch(seed_corpus):
    found = predicted(seed_corpus)
    for article in seed_corpus.articles:
        touched = {slug for ref in article.passages for slug in ref.issues}
        assert len(found[article.doc.source]) <= len(touched) / 2, article.doc.source


def test_hand_lists_name_real_issues():
    slugs = {issue.slug for issue in load_taxonomy(CONTENT / "issues.yaml")}
    for source, entry in HAND.items():
        assert (CONTENT / source).is_file()
        assert set(entry["main"]) <= slugs and set(entry["not_main"]) <= slugs, source
        assert not set(entry["main"]) & set(entry["not_main"]), source
