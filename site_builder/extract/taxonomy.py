"""The policy-issue taxonomy (`content/issues.yaml`), checked as a whole.

Every problem is collected before raising, so an editor fixes the file in one
pass. The YAML is read as a node tree rather than loaded, for two reasons: each
problem gets its line, and scalars keep their text (a keyword `no` or `2024`
stays the string the editor typed instead of becoming a boolean or a number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from site_builder import yamlload
from site_builder.errors import SourceError
from site_builder.text import slugify

KEYS = ("slug", "name", "description", "keywords", "weak_keywords")


@dataclass(slots=True)
class Issue:
    slug: str
    name: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    # Words too common to tag alone: a passage needs two different ones, or one of `keywords`.
    weak_keywords: list[str] = field(default_factory=list)


def load_taxonomy(path: str | Path) -> list[Issue]:
    """Issues in file order. An issue with neither `keywords` nor `weak_keywords` is tagged by its name."""
    path = Path(path)
    root = yamlload.compose(yamlload.read_text(path, str(path)), str(path))
    if isinstance(root, yaml.MappingNode):  # also accept `issues: [...]`
        root = next((v for k, v in root.value if getattr(k, "value", None) == "issues"), root)
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        line = root.start_mark.line + 1 if root is not None else None
        raise SourceError(str(path), "the issue taxonomy must be a non-empty list of issues", line)

    problems: list[tuple[int, str]] = []
    issues: list[Issue] = []
    first_line: dict[str, int] = {}
    for number, node in enumerate(root.value, 1):
        line = node.start_mark.line + 1
        where = f"issue {number}"
        if not isinstance(node, yaml.MappingNode):
            problems.append((line, f"{where} must be a mapping with keys {', '.join(KEYS)}"))
            continue
        values = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in KEYS:
                problems.append((key_node.start_mark.line + 1, f"{where}: unknown key '{key}' (expected one of {', '.join(KEYS)})"))
            elif key in values:
                problems.append((key_node.start_mark.line + 1, f"{where}: key '{key}' given twice"))
            else:
                values[key] = value_node
        slug = _text(values.get("slug"))
        where = f"issue {number} ('{slug}')" if slug else where
        for key in ("slug", "name"):
            if key not in values:
                problems.append((line, f"{where}: missing '{key}'"))
            elif not _text(values[key]):
                problems.append((values[key].start_mark.line + 1, f"{where}: '{key}' must be non-empty text"))
        if "description" in values and _text(values["description"]) is None:
            problems.append((values["description"].start_mark.line + 1, f"{where}: 'description' must be text"))
        if slug and slugify(slug) != slug:
            problems.append((values["slug"].start_mark.line + 1, f"{where}: slug '{slug}' is not URL-safe (try '{slugify(slug)}')"))
        if slug and slug in first_line:
            problems.append((line, f"{where}: duplicate slug '{slug}' (first at line {first_line[slug]})"))
        elif slug:
            first_line[slug] = line
        keywords = _keywords(values.get("keywords"), where, problems)
        weak = _keywords(values.get("weak_keywords"), where, problems, "weak_keywords")
        both = sorted({k.lower() for k in keywords} & {k.lower() for k in weak})
        if both:
            problems.append((values["weak_keywords"].start_mark.line + 1, f"{where}: in both 'keywords' and 'weak_keywords': {', '.join(both)}"))
        name = _text(values.get("name")) or ""
        issues.append(Issue(slug or "", name, _text(values.get("description")) or "", keywords or ([] if weak else [name]), weak))
    if problems:
        problems.sort()
        count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
        detail = "; ".join(f"line {line}: {message}" for line, message in problems)
        raise SourceError(str(path), f"{count} in the issue taxonomy: {detail}", problems[0][0])
    return issues


def _text(node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == "tag:yaml.org,2002:null":
        return ""
    return " ".join(str(node.value).split())


def _keywords(node, where: str, problems: list[tuple[int, str]], key: str = "keywords") -> list[str]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append((node.start_mark.line + 1, f"{where}: '{key}' must be a list of words or phrases"))
        return []
    keywords = []
    for item in node.value:
        word = _text(item)
        if not word or not any(c.isalnum() for c in word):
            problems.append((item.start_mark.line + 1, f"{where}: every entry of '{key}' must be a word or phrase"))
        else:
            keywords.append(word)
    return keywords
