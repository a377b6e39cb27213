"""Generated documents through the readers and through the whole build: the only allowed
outcomes are a document (or a site) or a clean error naming the file, never a traceback."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import Options, build
from site_builder.errors import BuildError, Reporter, SourceError
from site_builder.readers import read_document
from site_builder.sources import SourceFile, decode
from tests.conftest import config_only

WORDS = st.sampled_from([
    "Taiwan", "fentanyl", "hotline", "Ann Lee", "said", "Dr.", "is a senior fellow at", "Q:", "Lee:",
    "By", "Written by", "Click to jump to an expert analysis:", "Further reading", "PHOTO:", "“", "”", '"',
    "---", "#", "##", "<p>", "</p>", "<article class=\"comment\">", "</article>", "&#38;", "\n", "\n\n", ":", "-",
])
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=20)), max_size=60).map(" ".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.dates().map(str))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)
KEYS = st.one_of(st.sampled_from(["title", "date", "authors", "author", "publication", "url", "kind", "slug",
                                  "summary", "series", "tags", "layout"]), st.text(max_size=10))
FRONT = st.dictionaries(KEYS, VALUES, max_size=6).map(
    lambda d: "---\n" + yaml.safe_dump(d, allow_unicode=True, default_flow_style=None) + "---\n")
HTML = st.lists(st.sampled_from([
    "<p>", "</p>", "<b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
    "</a>", "<article class=\"comment\"><h2>Ann Lee</h2>", "</article>", "<div>", "<!--", "-->", "<iframe>",
    "Ann Lee is a professor.", "text", "\n",
]), max_size=30).map("".join)
DOCUMENT = st.one_of(
    TEXT.map(str.encode),
    st.tuples(FRONT, TEXT).map(lambda t: (t[0] + t[1]).encode()),
    st.tuples(FRONT, HTML).map(lambda t: (t[0] + t[1]).encode()),
    HTML.map(str.encode),
    st.binary(max_size=400),
    st.tuples(st.sampled_from(["\ufeff", ""]), TEXT, st.sampled_from(["\n", "\r\n", "\r"])).map(
        lambda t: (t[0] + t[1].replace("\n", t[2])).encode("utf-8")),
)
NAMES = st.sampled_from(["a.txt", "b.md", "c.html", "d.markdown", "e.htm"])


def source_of(raw: bytes, rel: str) -> SourceFile | None:
    decoded = decode(raw, rel, Reporter())
    if decoded is None:
        return None
    return SourceFile(rel, Path(rel), decoded[0], hashlib.sha256(raw).hexdigest(), decoded[1])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=DOCUMENT, rel=NAMES)
def test_readers_return_a_document_or_a_clean_error(raw, rel):
    source = source_of(raw, rel)
    if source is None:
        return
    try:
        doc = read_document(source, None, Reporter())
    except SourceError as exc:
        assert str(exc).startswith(rel)
        return
    assert doc.title and doc.source == rel
    anchors = [s.anchor for s in doc.sections] + [p.anchor for p in doc.passages()]
    assert len(anchors) == len(set(anchors))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(st.tuples(NAMES, DOCUMENT), min_size=1, max_size=4, unique_by=lambda d: d[0]),
       sidecar=st.one_of(st.none(), FRONT.map(lambda f: f.strip("-\n"))))
def test_the_whole_build_succeeds_or_fails_cleanly(documents, sidecar):
    with tempfile.TemporaryDirectory() as tmp:
        content = config_only(Path(tmp))
        for name, raw in documents:
            (content / name).write_bytes(raw)
        if sidecar is not None:
            (content / "a.meta.yaml").write_text(sidecar, encoding="utf-8")
        try:
            result = build(Options(content=content, out=Path(tmp) / "_site"), Reporter())
        except BuildError as exc:
            assert str(exc)
            return
        for error in result.errors:
            assert error.split(":", 1)[0] in {name for name, _ in documents} | {"a.meta.yaml"}
        assert (Path(tmp) / "_site" / "index.html").is_file()
        assert len(list((Path(tmp) / "_site" / "articles").glob("*/index.html"))) == len(result.corpus.articles)
