"""``minutes_version_links``: each version gets the project written next to it (``OVN 24.03.0``)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..rules import Mention, link_versions


class VersionLinker:
    def __init__(self, calendar_project: str):
        self.calendar_project = calendar_project or None

    def __call__(self, doc: Doc) -> Doc:
        mentions = docdata.mentions(doc)
        if any(m.type == "version" for m in mentions):
            self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        """The versions, linked (a version nothing marks as one is dropped)."""
        mentions = docdata.mentions(doc)
        versions = [m for m in mentions if m.type == "version"]
        projects = [m for m in mentions if m.type in ("project", "language")]
        return link_versions(docdata.text(doc), versions, projects, self.calendar_project)

    def set_annotations(self, doc: Doc, versions: list[Mention]) -> None:
        doc._.minutes_mentions = [m for m in docdata.mentions(doc) if m.type != "version"] + versions


@Language.factory("minutes_version_links", default_config={"calendar_project": "OpenStack"},
                  requires=[docdata.MENTIONS], assigns=[docdata.MENTIONS])
def make_version_links(nlp: Language, name: str, calendar_project: str) -> VersionLinker:
    """``calendar_project`` owns bare calendar versions (``2024.1``)."""
    return VersionLinker(calendar_project)
