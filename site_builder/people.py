"""One person, one page: the display name and role chosen from all mentions, and the
optional curated `content/experts.yaml` (aliases, bios, role overrides)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from site_builder.errors import BuildError, yaml_error
from site_builder.extract import person_key

ROLES = {"expert", "official", "author", "other"}


def choose_name(forms: list[str]) -> str:
    """The form used most often; on a tie the shortest (fewest initials), then alphabetical."""
    counts = Counter(forms)
    return min(counts, key=lambda name: (-counts[name], len(name), name))


def choose_role(mentions) -> str:
    """Contributing a section makes an expert; otherwise the way most quotes present them."""
    if any(m.kind == "contribution" and m.role == "expert" for _, m in mentions):
        return "expert"
    votes = Counter(m.role for _, m in mentions)
    # A byline is a fact about the document, not a judgement from context: it wins.
    if votes["author"]:
        return "author"
    if votes["official"] >= votes["expert"] and votes["official"]:
        return "official"
    return "expert" if votes["expert"] else "other"


@dataclass(slots=True)
class Curation:
    """Curated facts about people, keyed by `person_key` of the canonical name."""

    entries: dict[str, dict] = field(default_factory=dict)
    alias_to_key: dict[str, str] = field(default_factory=dict)

    def canonical(self, key: str) -> str:
        return self.alias_to_key.get(key, key)

    def _get(self, key: str, field_name: str):
        return self.entries.get(key, {}).get(field_name)

    def name(self, key: str) -> str | None:
        return self._get(key, "name")

    def bio(self, key: str) -> str | None:
        return self._get(key, "bio")

    def role(self, key: str) -> str | None:
        return self._get(key, "role")

    def aliases(self, key: str) -> list[str]:
        return list(self._get(key, "aliases") or [])


def load_curation(path: Path) -> Curation:
    """Read `experts.yaml` (a list of {name, aliases, bio, role}); absent file, empty curation."""
    if not path.exists():
        return Curation()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
    except yaml.YAMLError as exc:
        raise yaml_error(path.name, exc) from None
    if not isinstance(data, list):
        raise BuildError(f"{path.name}: expected a list of people, each with a 'name'")
    curation, errors = Curation(), []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            errors.append(f"entry {i}: 'name' is required")
            continue
        if entry.get("role") is not None and entry["role"] not in ROLES:
            errors.append(f"entry {i} ({entry['name']}): 'role' must be one of {', '.join(sorted(ROLES))}")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            errors.append(f"entry {i} ({entry['name']}): 'aliases' must be a list")
            aliases = []
        key = person_key(entry["name"])
        curation.entries[key] = {k: entry.get(k) for k in ("name", "bio", "role", "aliases")}
        for alias in aliases:
            curation.alias_to_key[person_key(str(alias))] = key
    if errors:
        raise BuildError(f"{path.name}: " + "; ".join(errors))
    return curation
