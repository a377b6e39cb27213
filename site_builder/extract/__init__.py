"""Who speaks in a document and which policy issues it covers.

`extract_mentions(doc)` finds contributors (from the document's structure) and
quoted people (from attribution sentences), each with a role read from the
words around the name. `load_taxonomy` reads `content/issues.yaml`;
`IssueTagger` tags passage text with issue slugs.
"""

from site_builder.extract.mentions import Mention
from site_builder.extract.names import person_key
from site_builder.extract.people import extract_mentions
from site_builder.extract.tagging import IssueTagger
from site_builder.extract.taxonomy import Issue, load_taxonomy

__all__ = ["Issue", "IssueTagger", "Mention", "extract_mentions", "load_taxonomy", "person_key"]
