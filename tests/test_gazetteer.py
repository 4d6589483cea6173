"""The alias tables, read from data files."""
from __future__ import annotations

from indexer import gazetteer


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")


def small(tmp_path):
    write(tmp_path, "projects.tsv", "# comment\nOVS\tOpen vSwitch\tOvS\nKubernetes\tk8s\nTLS Thing\n")
    write(tmp_path, "projects_ambiguous.tsv", "Designate\tOpenStack Designate\n")
    write(tmp_path, "releases.tsv", "# unambiguous\nQuincy\tCeph\n# ambiguous: plain words\nTrain\tOpenStack\n")
    write(tmp_path, "not_projects.txt", "TLS Thing\n")
    write(tmp_path, "person_stopwords.txt", "# words\nMay\n")
    return gazetteer.load(tmp_path)


def test_aliases_match_in_any_case(tmp_path):
    gaz = small(tmp_path)
    assert gaz.canonical_project("open vswitch") == "OVS"
    assert gaz.canonical_project("OVS") == gaz.canonical_project("ovs") == "OVS"
    assert gaz.canonical_project("K8S") == "Kubernetes"


def test_ambiguous_names_match_only_as_written(tmp_path):
    gaz = small(tmp_path)
    assert gaz.canonical_project("Designate") == "Designate"
    assert gaz.canonical_project("designate") is None


def test_not_projects_win_over_the_project_list(tmp_path):
    assert small(tmp_path).canonical_project("TLS Thing") is None


def test_releases_know_their_project_and_ambiguity(tmp_path):
    gaz = small(tmp_path)
    assert gaz.releases == {"Quincy": "Ceph", "Train": "OpenStack"}
    assert gaz.ambiguous_releases == {"Train"}


def test_person_stopwords_are_folded(tmp_path):
    assert "may" in small(tmp_path).person_stopwords


def test_missing_files_give_empty_tables(tmp_path):
    gaz = gazetteer.load(tmp_path)
    assert gaz.projects == {} and gaz.canonical_project("anything") is None


def test_shipped_data_knows_common_projects():
    assert gazetteer.canonical_project("k8s") == "Kubernetes"
    assert "Kubernetes" == gazetteer.project_aliases("k8s")[0]
    assert "k8s" in gazetteer.project_aliases("Kubernetes")
    assert gazetteer.release_project("Yoga") == "OpenStack"
    assert gazetteer.is_not_project("IPv6")
