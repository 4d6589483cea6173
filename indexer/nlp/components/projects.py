"""``minutes_projects``: project mentions from the gazetteer, the file's repository links and bots' names.

Two PhraseMatchers over the gazetteer (normal aliases on LOWER, ambiguous ones, plain
English words such as ``Designate``, on ORTH; the match id is the canonical name). The
longest match wins where matches overlap; a match inside a longer identifier
(``k8s-cluster-api-provider``, ``docs.example.org``) or a URL is dropped; an ambiguous
name needs a technical context (`project_context`).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ... import gazetteer as gz
from .. import docdata
from ..project_context import DEFAULT_TECH_CONTEXT, list_item_projects, names_an_organisation, technical_context
from ..rules import Mention, find_bots, find_repo_mentions
from ..tokenizer import MinutesTokenizer

#: (token start, token end, ambiguous, match id) of one PhraseMatcher match.
Match = tuple[int, int, bool, int]


def project_matchers(nlp: Language, gaz: gz.Gazetteer | None = None) -> list[tuple[PhraseMatcher, bool]]:
    """(matcher, ambiguous) pairs: normal aliases on LOWER, ambiguous ones on ORTH.

    Tells a `MinutesTokenizer` which words the patterns use, so that its Docs keep just those.
    """
    gaz = gaz or gz.gazetteer()
    tokenizer = nlp.tokenizer
    make = tokenizer.pattern if isinstance(tokenizer, MinutesTokenizer) else nlp.make_doc
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    words: set[str] = set()
    for matcher, table in ((lower, gaz.projects), (exact, gaz.ambiguous)):
        by_canonical: dict[str, list[str]] = {}
        for alias, canonical in table.items():
            by_canonical.setdefault(canonical, []).append(alias)
        for canonical, aliases in by_canonical.items():
            patterns = [make(alias) for alias in aliases]
            words.update(t.lower_ for doc in patterns for t in doc)
            matcher.add(canonical, patterns)
    if isinstance(tokenizer, MinutesTokenizer):
        tokenizer.add_pattern_words(words)
    return [(lower, False), (exact, True)]


def inside_identifier(text: str, start: int, end: int) -> bool:
    """Is text[start:end] only part of a longer identifier (k8s-foo, docs.example.org, scs:name-v1)?"""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before in "-_/.\\@#$&" or before.isalnum():
        return True
    return after in "-_/\\@" or after.isalnum() or (after in ".:" and after2.isalnum())


class ProjectFinder:
    def __init__(self, nlp: Language, list_context: bool, learn_repositories: bool, context: str):
        self.matchers = project_matchers(nlp)
        self.list_context = list_context
        self.learn_repositories = learn_repositories
        self.context = re.compile(context, re.I)
        self.gaz = gz.gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        docdata.add_mentions(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        text = docdata.text(doc)
        found, candidates = self.gazetteer_mentions(doc, text)
        found.extend(c for c in candidates if technical_context(text, c, found, self.context))
        if self.list_context:
            found.extend(list_item_projects(text, found))
        repos = doc._.repo_names if self.learn_repositories else None
        if repos:
            found.extend(find_repo_mentions(text, docdata.hidden(doc), repos, found, self.context))
        found.extend(find_bots(text, docdata.hidden(doc), found))
        return [m._replace(type="language") if self.gaz.is_language(m.value) else m for m in found]

    def phrase_matches(self, doc: Doc) -> list[Match]:
        """Every match of both matchers, longest first at each start."""
        raw = [(start, end, ambiguous, match_id)
               for matcher, ambiguous in self.matchers for match_id, start, end in matcher(doc)]
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        return raw

    def gazetteer_mentions(self, doc: Doc, text: str) -> tuple[list[Mention], list[Mention]]:
        """(sure mentions, ambiguous candidates): non-overlapping matches outside URLs and identifiers."""
        hidden = docdata.hidden(doc)
        strings = doc.vocab.strings
        offsets = docdata.offsets(doc)
        found: list[Mention] = []
        candidates: list[Mention] = []
        last_end = -1
        for start, end, ambiguous, match_id in self.phrase_matches(doc):
            if start < last_end:
                continue
            s, e = offsets[start][0], offsets[end - 1][1]
            if hidden.overlaps(s, e) or inside_identifier(text, s, e) or names_an_organisation(text, s, e):
                continue
            last_end = end
            (candidates if ambiguous else found).append(Mention("project", strings[match_id], text[s:e], s, e))
        return found, candidates


@Language.factory("minutes_projects", default_config={"list_context": True, "learn_repositories": True,
                                                      "technical_context": DEFAULT_TECH_CONTEXT},
                  assigns=[docdata.MENTIONS])
def make_projects(nlp: Language, name: str, list_context: bool, learn_repositories: bool,
                  technical_context: str) -> ProjectFinder:
    """With ``list_context`` a lower-case ambiguous name that is a whole list item next to known
    projects counts; with ``learn_repositories`` the name of a repository whose URL the same
    minutes give counts where it is written in prose; ``technical_context`` is the regex of
    words that make an ambiguous name software."""
    return ProjectFinder(nlp, list_context, learn_repositories, technical_context)
