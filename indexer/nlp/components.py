"""spaCy components of the minutes pipeline, registered by name.

Every component reads ``doc.text`` (one section of a minutes file) and adds
`rules.Mention`s to ``doc.user_data["minutes"]`` (a list) or items to
``doc.user_data["minutes_items"]``. What a section is (participants list or not,
where its heading ends) comes in ``doc.user_data["section_kind"]`` and
``doc.user_data["heading_end"]``. The heavy lifting is regexes and a PhraseMatcher,
so no component loops over tokens in Python.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import gazetteer as gz
from . import items as item_rules
from . import rules
from .rules import Mention, SpanSet

MENTIONS = "minutes"
ITEMS = "minutes_items"
URLS = "minutes_urls"
#: The tokens' (start, end) character offsets in the text, set by `pipeline.MinutesTokenizer`.
OFFSETS = "token_offsets"


def _text(doc: Doc) -> str:
    """``doc.text`` rebuilds the string from the tokens on every call: keep it once."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _offsets(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of the tokens (from `MinutesTokenizer`, else from the Doc itself)."""
    offsets = doc.user_data.get(OFFSETS)
    if offsets is None:
        offsets = doc.user_data[OFFSETS] = [(t.idx, t.idx + len(t)) for t in doc]
    return offsets


def _mentions(doc: Doc) -> list[Mention]:
    return doc.user_data.setdefault(MENTIONS, [])


def _urls(doc: Doc) -> list[tuple[int, int]]:
    if URLS not in doc.user_data:
        doc.user_data[URLS] = rules.url_spans(_text(doc))
    return doc.user_data[URLS]


def _hidden(doc: Doc) -> SpanSet:
    key = "minutes_hidden"
    if key not in doc.user_data:
        doc.user_data[key] = SpanSet(_urls(doc))
    return doc.user_data[key]


@Language.component("minutes_urls")
def minutes_urls(doc: Doc) -> Doc:
    """Find URLs and e-mail addresses first: later components ignore what lies inside them."""
    _urls(doc)
    return doc


@Language.factory("minutes_handles", default_config={"stopwords": []})
def make_handles(nlp: Language, name: str, stopwords: list[str]):
    """Every @handle outside URLs and e-mail addresses; ``stopwords`` adds group mentions to ignore."""
    extra = {s.lower() for s in stopwords}

    def minutes_handles(doc: Doc) -> Doc:
        stop = rules.GROUP_HANDLES | extra
        _mentions(doc).extend(rules.find_handles(_text(doc), _hidden(doc), stop))
        return doc

    return minutes_handles


@Language.component("minutes_issues")
def minutes_issues(doc: Doc) -> Doc:
    _mentions(doc).extend(rules.find_issues(_text(doc), _urls(doc)))
    return doc


_SENTENCE_START = re.compile(r"(?:^|\n)[ \t]*(?:#{1,6}[ \t]+|[-*+>][ \t]+|\d+[.)][ \t]+)*[*_]*$|[.!?:][ \t]+[*_]*$")
_LIST_ONLY = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+[*_`]*(?P<w>[\w .-]+?)[*_`]*[ \t]*$", re.M)


_LOWER_AMBIGUOUS: dict[int, dict[str, str]] = {}


def _lower_ambiguous(gaz: gz.Gazetteer) -> dict[str, str]:
    if id(gaz) not in _LOWER_AMBIGUOUS:
        _LOWER_AMBIGUOUS[id(gaz)] = {k.lower(): v for k, v in gaz.ambiguous.items()}
    return _LOWER_AMBIGUOUS[id(gaz)]


DEFAULT_TECH_CONTEXT = (
    r"\b(?:deploy\w*|install\w*|upgrad\w*|updat\w*|releas\w*|versions?|services?|api|apis|operators?|plugins?|"
    r"servers?|clusters?|containers?|images?|charts?|helm|config\w*|integrat\w*|support\w*|backends?|drivers?|"
    r"modules?|librar\w*|tools?|tooling|dashboards?|instances?|repos?|repositor\w*|ci|pipelines?|metrics|"
    r"monitoring|storage|database|registry|endpoints?|components?|setup|based|using|uses|used|runs?|running|"
    r"migrat\w*|enabled?|disabled?|features?|bugs?|patch\w*|upstream|downstream|packag\w*|code|stack|cli|"
    r"k8s|kubernetes|openstack|self-hosted|hosted|instance)\b|\bv?\d+\.\d+"
)


_FUNCTION_WORD_AFTER = re.compile(
    r"[ \t]+(?:to|of|over|forward|with|for|on|up|out|the|a|an|back|ahead|through|into|about|from|by|people|your|"
    r"our|their|this|that|these|those|it|them|all|more|less|me|us|you|him|her|some|any|each|every)\b")


@lru_cache(maxsize=1024)
def _list_item_regex(name: str) -> re.Pattern[str]:
    """A list item that is just ``name`` (compiled once per name)."""
    return re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+[*_`]*" + re.escape(name) + r"[*_`]*[ \t:]*")


def _technical_context(text: str, cand: Mention, found: list[Mention], context: re.Pattern[str]) -> bool:
    """Is an ambiguous name (``Harbor``, ``Go``) meant as software here?

    Not when it ends a longer proper name (``Mobile World Congress``) or a sentence
    starts with it before a lower-case word without a technical word around
    (``Designate people``); yes when another project or a technical word (deploy,
    release, registry, a version number ...) is on the same line, or when it is a
    list item of its own.
    """
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:cand.start]
    prev = re.search(r"([A-ZÀ-Þ][\w'’-]*)[ \t]+$", before)
    if prev and not gz.canonical_project(prev.group(1)) and not re.fullmatch(r"[\s*_#>+\-\d.)]*", before[:prev.start()]):
        return False  # "Mobile World Congress", "Hardware Landscape": part of another name
    if _SENTENCE_START.search(text, max(0, cand.start - 80), cand.start) and _FUNCTION_WORD_AFTER.match(text, cand.end):
        return False  # "Designate people", "Go over the PRs", "Outline of the talk": a plain word
    line = text[line_start:line_end]
    if _list_item_regex(cand.text).fullmatch(line):
        return True  # a list item of its own
    if any(f.start >= line_start and f.end <= line_end and f is not cand for f in found):
        return True
    return bool(context.search(line))


@Language.factory("minutes_projects", default_config={"list_context": True, "learn_repositories": True,
                                                      "technical_context": DEFAULT_TECH_CONTEXT})
def make_projects(nlp: Language, name: str, list_context: bool, learn_repositories: bool, technical_context: str):
    """Project mentions from the gazetteer, matched with two PhraseMatchers.

    Normal aliases match on LOWER, ambiguous ones (plain English words) on ORTH; the
    match id is the canonical name. The longest match wins where matches overlap. A
    match that is only part of a larger identifier (``k8s-cluster-api-provider``,
    ``docs.example.org``), or lies inside a URL, is dropped; an ambiguous name is not
    taken without a technical context (see `_technical_context`, words configurable
    with ``technical_context``). With ``list_context`` a lower-case ambiguous name that is a whole list
    item next to known projects counts; with ``learn_repositories`` the name of a
    repository whose URL the same minutes give counts where it is written in prose.
    """
    from .pipeline import project_matchers

    matchers = project_matchers(nlp)
    context = re.compile(technical_context, re.I)

    def minutes_projects(doc: Doc) -> Doc:
        text = _text(doc)
        hidden = _hidden(doc)
        gaz = gz.gazetteer()
        strings = doc.vocab.strings
        offsets = _offsets(doc)
        raw = []
        for matcher, ambiguous in matchers:
            for match_id, start, end in matcher(doc):
                raw.append((start, end, ambiguous, match_id))
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        found: list[Mention] = []
        candidates: list[Mention] = []  # ambiguous names, kept only in a technical context
        last_end = -1
        for start, end, ambiguous, match_id in raw:
            if start < last_end:
                continue
            s, e = offsets[start][0], offsets[end - 1][1]
            if hidden.overlaps(s, e):
                continue
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < len(text) else " "
            after2 = text[e + 1] if e + 1 < len(text) else " "
            if before in "-_/.\\@#$&" or before.isalnum():
                continue
            if after in "-_/\\@" or after.isalnum() or (after in ".:" and after2.isalnum()):
                continue  # part of a longer identifier (k8s-foo, docs.example.org, scs:name-v1)
            if ambiguous:
                last_end = end
                candidates.append(Mention("project", strings[match_id], text[s:e], s, e))
                continue
            last_end = end
            found.append(Mention("project", strings[match_id], text[s:e], s, e))
        for cand in candidates:
            if _technical_context(text, cand, found, context):
                found.append(cand)
        if list_context and gaz.ambiguous:
            lower_amb = _lower_ambiguous(gaz)
            items = list(_LIST_ONLY.finditer(text))
            known = {f.start for f in found}
            for i, m in enumerate(items):
                word = m.group("w")
                canonical = lower_amb.get(word.lower())
                if not canonical or m.start("w") in known:
                    continue
                near = items[max(0, i - 2):i] + items[i + 1:i + 3]
                if any(n.start("w") in known or gaz.canonical_project(n.group("w")) for n in near):
                    found.append(Mention("project", canonical, word, m.start("w"), m.end("w")))
        repos = doc.user_data.get("repo_names") if learn_repositories else None
        if repos:
            found.extend(rules.find_repo_mentions(text, hidden, repos, found))
        _mentions(doc).extend(found)
        return doc

    return minutes_projects


@Language.factory("minutes_versions", default_config={"r_release_project": "", "named_releases": True})
def make_versions(nlp: Language, name: str, r_release_project: str, named_releases: bool):
    """Version numbers, ``R7``-style releases (of ``r_release_project``) and named releases."""
    state: dict = {}

    def minutes_versions(doc: Doc) -> Doc:
        gaz = gz.gazetteer()
        if "regex" not in state:
            state["regex"] = rules.release_regex(gaz.releases, gaz.ambiguous_releases) if named_releases else None
        if "r_project" not in state:
            state["r_project"] = (gaz.canonical_project(r_release_project) or r_release_project) if r_release_project else None
        _mentions(doc).extend(rules.find_versions(_text(doc), _hidden(doc), gaz.releases, state["regex"],
                                                  state["r_project"], gaz.ambiguous_releases))
        return doc

    return minutes_versions


@Language.factory("minutes_version_links", default_config={"calendar_project": "OpenStack"})
def make_version_links(nlp: Language, name: str, calendar_project: str):
    """Link each version to the project written next to it (``OVN 24.03.0``)."""

    def minutes_version_links(doc: Doc) -> Doc:
        mentions = _mentions(doc)
        versions = [m for m in mentions if m.type == "version"]
        if versions:
            projects = [m for m in mentions if m.type == "project"]
            linked = rules.link_versions(_text(doc), versions, projects, calendar_project or None)
            doc.user_data[MENTIONS] = [m for m in mentions if m.type != "version"] + linked
        return doc

    return minutes_version_links


@Language.component("minutes_names")
def minutes_names(doc: Doc) -> Doc:
    mentions = _mentions(doc)
    handles = [m for m in mentions if m.type == "person"]
    participants = doc.user_data.get("section_kind") == "participants"
    heading_end = doc.user_data.get("heading_end", 0)
    mentions.extend(rules.find_names(_text(doc), _hidden(doc), handles, participants, heading_end))
    return doc


@Language.component("minutes_items")
def minutes_items(doc: Doc) -> Doc:
    if doc.user_data.get("section_kind") == "participants":
        doc.user_data[ITEMS] = []
        return doc
    names = {m.text: m.value for m in _mentions(doc) if m.type == "person" and not m.text.startswith("@")}
    first_body_line = 1 if doc.user_data.get("heading_end", 0) > 0 else 0
    doc.user_data[ITEMS] = item_rules.classify(_text(doc), first_body_line, names, doc.user_data.get("heading", ""))
    return doc
