"""Entity value normalisation (contract table 'Entity values')."""
from __future__ import annotations

import pytest

from indexer.nlp import normalize


def test_handle_loses_at_and_case():
    assert normalize.person("@Garloff") == "garloff"


def test_name_stays_as_written():
    assert normalize.person("Kurt  Garloff") == "Kurt Garloff"


def test_project_alias_becomes_canonical_spelling():
    assert normalize.project("k8s") == normalize.project("Kubernetes") == "Kubernetes"


@pytest.mark.parametrize("raw,value", [("v8.0.0", "8.0.0"), ("V2", "2"), ("7.0.0c", "7.0.0c"), ("R7", "R7"), ("Yoga", "Yoga")])
def test_version_drops_only_a_leading_v(raw, value):
    assert normalize.version(raw) == value


@pytest.mark.parametrize("raw,value", [
    ("https://github.com/Org/repo/issues/446#issuecomment-1975836431", "Org/repo#446"),
    ("https://github.com/org/repo/pull/12/files", "org/repo#12"),
    ("https://gitlab.com/group/sub/proj/-/merge_requests/7", "group/sub/proj#7"),
    ("https://gitlab.example.org/team/tool/-/issues/3", "team/tool#3"),
    ("https://bugs.launchpad.net/neutron/+bug/2054590/comments/2", "launchpad#2054590"),
    ("https://review.opendev.org/c/openstack/nova/+/876543", "openstack/nova#876543"),
    ("owner/repo#5", "owner/repo#5"),
    ("repo#5", "repo#5"),
    ("#5", "#5"),
    ("LP#123456", "launchpad#123456"),
    ("lp: #123456", "launchpad#123456"),
])
def test_issue_references_are_normalised(raw, value):
    assert normalize.issue(raw) == value


@pytest.mark.parametrize("url", [
    "https://github.com/org/repo/commit/abc123",
    "https://github.com/org/repo/blob/main/x.md",
    "https://github.com/orgs/org/projects/18",
])
def test_commits_blobs_and_boards_are_not_issues(url):
    assert normalize.issue(url) is None


def test_split_issue_gives_owner_repo_number():
    assert normalize.split_issue("Org/Repo#0042") == ("org", "repo", "42")
    assert normalize.split_issue("#7") == (None, None, "7")


def test_url_without_scheme_is_still_an_issue():
    assert normalize.issue_from_url("github.com/org/repo/issues/9") == "org/repo#9"
