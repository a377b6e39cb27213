"""Extraction scored against the hand-written truth of the development corpus (tests/devcorpus/).

`python -m tests.extraction_eval` (or `make eval`) prints precision and recall per field and
the misses; tests/test_devcorpus.py asserts the thresholds. The truth was written by reading
each document, never from this program's output.

What is scored, per document, from the `site-builder check` report of a site built from the
whole development corpus:
- contributors: people who wrote or spoke (truth `contributors`, audience questioners left out
  of recall since many give their name only inside their question), against the report's
  contributors; precision counts every predicted contributor not in the truth at all.
- experts: no truth official is ever an expert; every predicted expert is in the truth as an
  expert contributor or a quoted analyst (precision).
- quoted analysts: truth `quoted` with kind quote, against people with at least one quotation.
- paraphrase: truth `quoted` with kind paraphrase are never shown only as quotations.
- titles and dates: exact.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from site_builder.build import Options
from site_builder.check import check

DEVCORPUS = Path(__file__).resolve().parent / "devcorpus"
HONORIFICS = {"mr", "ms", "mrs", "dr", "prof", "sir", "dame", "hon", "rev"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = [w for w in re.split(r"[^\w]+", text) if w]
    # Initials and suffixes vary between mentions ("J. David Cox Sr." / "David Cox").
    return [w for w in words if w not in HONORIFICS and w not in SUFFIXES and len(w) > 1]


def same_person(a: str, b: str) -> bool:
    """Full names agree on the first and last word ("Hillary Rodham Clinton" = "Hillary Clinton");
    a one-word truth name (a surname the document never completes) matches that last word."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if len(wa) == 1 or len(wb) == 1:
        return wa[-1] == wb[-1] and (len(wa) == 1) == (len(wb) == 1) or wa == wb[-1:] or wb == wa[-1:]
    return wa[0] == wb[0] and wa[-1] == wb[-1] or wa[0] == wb[-1] and wa[-1] == wb[0]


def _norm_title(title: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", title).replace("\u2019", "'")).strip()


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(what)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 1.0


@dataclass
class Scores:
    documents: int = 0
    contributors_recall: Tally = field(default_factory=Tally)
    contributors_precision: Tally = field(default_factory=Tally)
    quoted_recall: Tally = field(default_factory=Tally)
    experts_precision: Tally = field(default_factory=Tally)
    officials_not_experts: Tally = field(default_factory=Tally)
    paraphrase_kept_apart: Tally = field(default_factory=Tally)
    titles: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)

    def rows(self):
        for name in ("contributors_recall", "contributors_precision", "quoted_recall", "experts_precision",
                     "officials_not_experts", "paraphrase_kept_apart", "titles", "dates"):
            yield name, getattr(self, name)


def truths() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DEVCORPUS / "truth").glob("*.yaml"))]


def reports(tmp: Path) -> dict[str, dict]:
    # Each document is built on its own: the truth is per document, and a name in one
    # document must not decide a role in another.
    found = {}
    for truth in truths():
        content = tmp / truth["file"].rsplit(".", 1)[0]
        content.mkdir(parents=True, exist_ok=True)
        source = DEVCORPUS / "docs" / truth["file"]
        (content / source.name).write_bytes(source.read_bytes())
        (content / "site.yaml").write_text("title: Development corpus\n")
        (content / "issues.yaml").write_text("- slug: none\n  name: None\n  keywords: [zzzzzz]\n")
        docs, errors = check(Options(content=content, out=tmp / "_site"))
        found[truth["file"]] = docs[0] if docs else {"error": errors}
    return found


def score(found: dict[str, dict]) -> Scores:
    scores = Scores()
    for truth in truths():
        report = found[truth["file"]]
        scores.documents += 1
        where = truth["file"]
        if "error" in report:
            scores.titles.add(False, f"{where}: not read: {report['error']}")
            continue
        people = report["people"]
        contributors = [p["name"] for p in people if p["contributor"]]
        experts = [p["name"] for p in people if p["role"] == "expert"]
        truth_contributors = truth.get("contributors") or []
        everyone = [c["name"] for c in truth_contributors] + [q["name"] for q in truth.get("quoted") or []]
        for c in truth_contributors:
            if c["role"] != "audience":
                scores.contributors_recall.add(any(same_person(c["name"], n) for n in contributors),
                                               f"{where}: contributor {c['name']} ({c['role']}) not found")
        for name in contributors:
            scores.contributors_precision.add(any(same_person(name, c["name"]) for c in truth_contributors),
                                              f"{where}: {name} is not a contributor")
        true_experts = [c["name"] for c in truth_contributors if c["role"] == "expert"] + \
                       [q["name"] for q in truth.get("quoted") or []]
        for name in experts:
            scores.experts_precision.add(any(same_person(name, t) for t in true_experts),
                                         f"{where}: {name} is not an expert"
                                         + (" (named in the truth with another role)" if any(same_person(name, t) for t in everyone) else ""))
        for official in truth.get("officials") or []:
            scores.officials_not_experts.add(not any(same_person(official["name"], n) for n in experts),
                                             f"{where}: official {official['name']} shown as an expert")
        for q in truth.get("quoted") or []:
            match = [p for p in people if same_person(q["name"], p["name"])]
            if q.get("kind", "quote") == "quote":
                scores.quoted_recall.add(any(p["quotes"] for p in match) and any(p["role"] == "expert" for p in match),
                                         f"{where}: quoted analyst {q['name']} not an expert with a quotation")
            else:
                scores.paraphrase_kept_apart.add(not any(p["quotes"] and not p["paraphrases"] for p in match),
                                                 f"{where}: paraphrase of {q['name']} shown as a quotation")
        if truth["title"] is None:  # the document has none: the site must say it made one up
            scores.titles.add(any(u.startswith("no title found") for u in report["uncertain"]),
                              f"{where}: title {report['title']!r} taken from the text, but the document has none")
        else:
            scores.titles.add(_norm_title(report["title"]) == _norm_title(str(truth["title"])),
                              f"{where}: title {report['title']!r}, expected {truth['title']!r}")
        expected_date = str(truth["date"]) if truth.get("date") else None
        scores.dates.add(report["date"] == expected_date, f"{where}: date {report['date']}, expected {expected_date}")
    return scores


def table(scores: Scores) -> str:
    lines = [f"development corpus: {scores.documents} documents", "",
             f"{'field':<26}{'score':>8}{'count':>12}", "-" * 46]
    for name, tally in scores.rows():
        lines.append(f"{name:<26}{tally.rate:>8.0%}{f'{tally.hits}/{tally.total}':>12}")
    lines.append("")
    for name, tally in scores.rows():
        for miss in tally.misses:
            lines.append(f"  {name}: {miss}")
    return "\n".join(lines)


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(table(score(reports(Path(tmp)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
