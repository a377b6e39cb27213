"""`site-builder check`: what was understood of each document, and what was not sure.

The report is built from the same corpus the site is built from, so what it says
is what the pages will show: the reader chosen, title, date, authors, every person
with the role, affiliation and line that decided it, quotations and paraphrases,
and a list of what was uncertain. `content/experts.yaml` corrects what is wrong.
"""

from __future__ import annotations

import json

from site_builder import corpus as corpus_mod
from site_builder.build import Options, load_site
from site_builder.errors import Reporter


def document_report(article: corpus_mod.Article, warnings: list[str]) -> dict:
    doc = article.doc
    people = []
    for person in article.people:
        mentions = person.by_article.get(article, [])
        first = mentions[0] if mentions else None
        people.append({
            "name": person.name,
            "role": person.role,
            "page": person.path,
            "contributor": any(m.kind in ("contribution", "turn", "byline") for m in mentions),
            "as_written": sorted({m.name for m in mentions}),
            "affiliation": next((m.affiliation for m in mentions if m.affiliation), None),
            "evidence": next((m.bio for m in mentions if m.bio), None),
            "line": first.line if first else None,
            "quotes": sum(m.kind == "quote" for m in mentions),
            "paraphrases": sum(m.kind == "paraphrase" for m in mentions),
        })
    statements = [{"name": m.name, "kind": m.kind, "text": m.text, "line": m.line}
                  for m in article.mentions if m.kind in ("quote", "paraphrase")]
    uncertain = [w.split(": ", 1)[1] if w.startswith(doc.source + ":") else w for w in warnings]
    # The build already warns about a missing title or date; those warnings are in `uncertain`.
    if not doc.publication:
        uncertain.append("no publication found")
    for entry in people:
        if entry["role"] == "other":
            uncertain.append(f"{entry['name']}: role not decided from the text (line {entry['line']})")
    return {
        "file": doc.source,
        "reader": doc.reader,
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date.iso() if doc.date else None,
        "publication": doc.publication,
        "url": doc.url,
        "authors": list(doc.authors),
        "people": people,
        "statements": statements,
        "uncertain": list(dict.fromkeys(uncertain)),
    }


def check(options: Options, reporter: Reporter | None = None) -> tuple[list[dict], list[str]]:
    """A report per readable document (in file order) and the errors of the unreadable ones."""
    reporter = reporter or Reporter(quiet=True)
    config, docs, taxonomy, curation, errors = load_site(options, reporter)
    corpus = corpus_mod.build(docs, taxonomy, curation)
    by_source = {article.doc.source: article for article in corpus.articles}
    reports = []
    for doc in docs:
        warnings = [w for w in reporter.warnings if w.startswith(doc.source + ":")]
        reports.append(document_report(by_source[doc.source], warnings))
    return reports, errors


def format_text(reports: list[dict], errors: list[str]) -> str:
    lines = []
    for report in reports:
        lines.append(f"{report['file']}  [{report['reader']} reader, {report['kind']}]")
        lines.append(f"  title: {report['title']}")
        lines.append(f"  date: {report['date'] or '?'}   publication: {report['publication'] or '?'}")
        if report["authors"]:
            lines.append(f"  authors: {', '.join(report['authors'])}")
        for person in report["people"]:
            said = []
            if person["quotes"]:
                said.append(f"{person['quotes']} quote(s)")
            if person["paraphrases"]:
                said.append(f"{person['paraphrases']} paraphrase(s)")
            lines.append(f"  - {person['name']}: {person['role']}"
                         + (f", {person['affiliation']}" if person["affiliation"] else "")
                         + (" (contributor)" if person["contributor"] else "")
                         + (f"; {', '.join(said)}" if said else "")
                         + (f"  [line {person['line']}]" if person["line"] else ""))
        for item in report["uncertain"]:
            lines.append(f"  ? {item}")
        lines.append("")
    for error in errors:
        lines.append(f"ERROR: {error}")
    return "\n".join(lines)


def format_json(reports: list[dict], errors: list[str]) -> str:
    return json.dumps({"documents": reports, "errors": errors}, ensure_ascii=False, indent=2, sort_keys=True)
