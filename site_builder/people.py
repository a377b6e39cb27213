"""One person, one page: the display name and role chosen from all mentions, and the
optional curated `content/experts.yaml` (aliases, bios, role overrides)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import yamlload
from site_builder.errors import BuildError
from site_builder.extract import person_key

ROLES = {"expert", "official", "author", "host", "moderator", "interviewer", "other"}
CURATION_KEYS = {"name", "aliases", "bio", "role", "affiliation", "not_a_person"}


def choose_name(forms: list[str]) -> str:
    """The form used most often; on a tie the shortest (fewest initials), then alphabetical."""
    counts = Counter(forms)
    return min(counts, key=lambda name: (-counts[name], len(name), name))


PARTS = ("host", "moderator", "interviewer")


def choose_role(mentions) -> str:
    """One role per person across documents. Holding office anywhere makes an official (never
    an expert, even as the main speaker); contributing analysis makes an expert; a byline on
    a news report makes an author; the parts played in conversations come next; otherwise
    the way most quotes present them."""
    votes = Counter(m.role for _, m in mentions)
    spoke_as = {m.role for _, m in mentions if m.kind in ("contribution", "turn", "byline")}
    if "official" in spoke_as:
        return "official"
    if "expert" in spoke_as:
        return "expert"
    # A byline is a fact about the document, not a judgement from context: it wins.
    if votes["author"]:
        return "author"
    for part in PARTS:
        if part in spoke_as:
            return part
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

    def affiliation(self, key: str) -> str | None:
        return self._get(key, "affiliation")

    def not_a_person(self, key: str) -> bool:
        """A name the text gave that is no one: a heading, a label, an organisation."""
        return bool(self._get(key, "not_a_person"))


def load_curation(path: Path) -> Curation:
    """Read `experts.yaml` (a list of {name, aliases, bio, role}); absent file, empty curation.
    Every problem is reported at once, each with its entry number."""
    if not path.exists():
        return Curation()
    data = yamlload.load(yamlload.read_text(path, path.name), path.name) or []
    if not isinstance(data, list):
        raise BuildError(f"{path.name}: expected a list of people, each with a 'name'")
    curation, errors = Curation(), []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            errors.append(f"entry {i}: 'name' is required and must be text")
            continue
        where = f"entry {i} ({entry['name']})"
        unknown = sorted(str(k) for k in entry if k not in CURATION_KEYS)
        if unknown:
            errors.append(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(CURATION_KEYS))})")
        if entry.get("role") is not None and entry["role"] not in ROLES:
            errors.append(f"{where}: 'role' must be one of {', '.join(sorted(ROLES))}")
        for text_key in ("bio", "affiliation"):
            if entry.get(text_key) is not None and not isinstance(entry[text_key], str):
                errors.append(f"{where}: '{text_key}' must be text, got {type(entry[text_key]).__name__}")
        if entry.get("not_a_person") is not None and not isinstance(entry["not_a_person"], bool):
            errors.append(f"{where}: 'not_a_person' must be true or false")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            errors.append(f"{where}: 'aliases' must be a list of names (text)")
            aliases = []
        key = person_key(entry["name"])
        curation.entries[key] = {k: entry.get(k) for k in CURATION_KEYS}
        curation.entries[key]["aliases"] = aliases
        for alias in aliases:
            curation.alias_to_key[person_key(alias)] = key
    if errors:
        raise BuildError(f"{path.name}: " + "; ".join(errors))
    return curation
