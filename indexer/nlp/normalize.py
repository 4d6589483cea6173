"""Pure functions for the contract's entity values (no spaCy).

person  ``@Garloff`` -> ``garloff``; a name stays as written
project canonical spelling from the gazetteer
version without a leading ``v``/``V``
issue   ``owner/repo#N``, ``repo#N``, ``#N`` or ``launchpad#N``
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from .. import gazetteer

_SPACES = re.compile(r"\s+")


def person(text: str) -> str:
    """``@Garloff`` -> ``garloff``; a name is kept as written (spaces tidied)."""
    text = _SPACES.sub(" ", text.strip())
    if text.startswith("@"):
        return text[1:].rstrip(".-_").lower()
    return text


def project(text: str) -> str:
    """The canonical spelling of a project; unknown names are returned tidied."""
    text = _SPACES.sub(" ", text.strip())
    return gazetteer.canonical_project(text) or text


def version(text: str) -> str:
    """``v8.0.0`` -> ``8.0.0``; ``R7`` and ``Yoga`` stay as they are."""
    text = text.strip()
    if len(text) > 1 and text[0] in "vV" and text[1].isdigit():
        return text[1:]
    return text


# --- issues -----------------------------------------------------------------

#: GitHub/GitLab/Gitea/Forgejo issue, pull and merge-request URLs.
ISSUE_URL = re.compile(
    r"https?://(?:www\.)?(?P<host>[\w.-]+)(?::\d+)?/(?P<path>(?:[\w.~%-]+/)+?)(?:-/)?"
    r"(?P<kind>issues|pull|pulls|merge_requests|pull-requests|work_items)/(?P<num>\d+)(?![\w])",
    re.I,
)
#: Gerrit changes: https://review.opendev.org/c/openstack/nova/+/12345 and /#/c/12345/.
GERRIT_URL = re.compile(
    r"https?://(?P<host>[\w.-]*review[\w.-]*|[\w.-]*gerrit[\w.-]*)(?::\d+)?/(?:#/)?c/(?:(?P<path>[\w.~%/-]+?)/\+/)?(?P<num>\d+)(?![\w])",
    re.I,
)
#: Launchpad bugs: https://bugs.launchpad.net/neutron/+bug/2054590 (and launchpad.net/bugs/N).
LAUNCHPAD_URL = re.compile(
    r"https?://(?:bugs\.)?launchpad\.net/(?:[\w.+-]+/)?(?:\+bug|bugs)/(?P<num>\d+)(?![\w])", re.I
)
LAUNCHPAD_REF = re.compile(r"\b(?:LP|launchpad)\s*:?\s*#?\s*(?P<num>\d{3,})\b", re.I)
REPO_REF = re.compile(r"(?:(?P<owner>[A-Za-z0-9][\w.-]*)/)?(?P<repo>[A-Za-z0-9][\w.-]*)?#(?P<num>\d+)$")


def issue_from_url(url: str) -> str | None:
    """``owner/repo#N`` (or ``launchpad#N``) for an issue/PR/bug/change URL, else None."""
    if "://" not in url:
        url = "https://" + url  # github.com/org/repo/issues/1 written without a scheme
    m = LAUNCHPAD_URL.match(url)
    if m:
        return f"launchpad#{m.group('num')}"
    m = GERRIT_URL.match(url)
    if m:
        path = unquote(m.group("path") or "").strip("/")
        return f"{path}#{m.group('num')}" if path else f"#{m.group('num')}"
    m = ISSUE_URL.match(url)
    if m:
        path = unquote(m.group("path")).strip("/")
        if "/" not in path:  # a host-level path such as /issues/12 names no repository
            return f"{path}#{m.group('num')}" if path else f"#{m.group('num')}"
        return f"{path}#{m.group('num')}"
    return None


def issue(text: str) -> str | None:
    """Normalise any issue reference: a URL, ``owner/repo#N``, ``repo#N``, ``#N``, ``LP#N``."""
    text = text.strip()
    if "://" in text:
        return issue_from_url(text)
    m = LAUNCHPAD_REF.fullmatch(text)
    if m:
        return f"launchpad#{m.group('num')}"
    m = REPO_REF.fullmatch(text.replace(" ", ""))
    if m:
        owner, repo, num = m.group("owner"), m.group("repo"), m.group("num")
        if owner and repo:
            return f"{owner}/{repo}#{num}"
        if repo:
            return f"{repo}#{num}"
        return f"#{num}"
    return None


def split_issue(value: str) -> tuple[str | None, str | None, str]:
    """``owner/repo#N`` -> (owner, repo, N); missing parts are None (lower-cased)."""
    ref, _, num = value.rpartition("#")
    owner = repo = None
    if ref:
        if "/" in ref:
            owner, repo = ref.rsplit("/", 1)
        else:
            repo = ref
    return (owner.lower() if owner else None, repo.lower() if repo else None, num.lstrip("0") or "0")
