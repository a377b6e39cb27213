"""One person named in one place of one document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Mention:
    """A contributor's section or one quotation attributed to a person.

    `name` is the fullest form the document gives ("Mary S. Major"); merge
    people across documents with `names.person_key(name)`. `text` is the quoted
    words exactly as they stand in the passage text ("" for contributions), so
    a page can highlight them and open data can be checked against the source.
    """

    name: str
    role: str  # expert | official | author | host | moderator | interviewer | other
    # contribution (a section of a roundup or Q&A) | turn (a transcript turn) | byline (wrote
    # the piece) | quote (words inside quotation marks) | paraphrase (the reporter's sentence)
    kind: str
    passage: str  # anchor of the passage holding the quote / the contribution's first passage
    section: str | None
    text: str
    affiliation: str | None
    bio: str | None
    line: int
