"""``minutes_versions``: version numbers, ``R7``-style releases and named releases (``Yoga``)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ... import gazetteer as gz
from .. import docdata
from ..rules import Mention, SpanSet, find_versions, release_regex


class VersionFinder:
    def __init__(self, r_release_project: str, named_releases: bool):
        gaz = gz.gazetteer()
        self.releases = gaz.releases
        self.ambiguous = gaz.ambiguous_releases
        self.regex = release_regex(gaz.releases, gaz.ambiguous_releases) if named_releases else None
        self.r_project = (gaz.canonical_project(r_release_project) or r_release_project) if r_release_project else None

    def __call__(self, doc: Doc) -> Doc:
        docdata.add_mentions(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        """Versions outside project names ("V8", "S3" are products, not version 8 or 3)."""
        names = SpanSet([(m.start, m.end) for m in docdata.mentions(doc) if m.type in ("project", "language")])
        found = find_versions(docdata.text(doc), docdata.hidden(doc), self.releases, self.regex, self.r_project,
                              self.ambiguous)
        return [v for v in found if not names.overlaps(v.start, v.end)]


@Language.factory("minutes_versions", default_config={"r_release_project": "", "named_releases": True},
                  assigns=[docdata.MENTIONS])
def make_versions(nlp: Language, name: str, r_release_project: str, named_releases: bool) -> VersionFinder:
    """``R7`` releases belong to ``r_release_project``; ``named_releases`` tags release names."""
    return VersionFinder(r_release_project, named_releases)
