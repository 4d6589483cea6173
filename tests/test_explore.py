"""Explore helpers: recurring topics from the text a reader sees, boilerplate headings left out."""
from __future__ import annotations

import pytest

from indexer import explore
from indexer.explore import Occurrence, group_headings, heading_key, heading_label, stacked_buckets
from indexer.model import Event

# -- explore helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize("heading, key", [
    ("OVN 24.03 upgrade (@tobiasw)", "ovn upgrade"),
    ("3. Kubernetes v1.29", "kubernetes"),
    ("Board meeting 2024-02-12", "board meeting"),
    ("Status-board licence [@anna]", "status board licence"),
    ("", ""),
])
def test_heading_key(heading, key):
    assert heading_key(heading) == key


def test_heading_label_drops_owners_and_versions():
    assert heading_label("OVN 24.03 upgrade (@tobiasw)") == "OVN upgrade"


def test_group_headings_keeps_recurring_agenda_items_only():
    occ = [
        Occurrence("2024-01-10", "infra/1.md", "infra", "Zuul (@a)", 5),
        Occurrence("2024-02-10", "board/2.md", "board", "Zuul", 7),
        Occurrence("2024-02-10", "infra/3.md", "infra", "Zuul 9.0", 9),
        Occurrence("2024-02-10", "infra/3.md", "infra", "Action items", 20),
        Occurrence("2024-03-10", "infra/4.md", "infra", "Action items", 20),
        Occurrence("2024-03-10", "infra/4.md", "infra", "Once only", 3),
    ]
    topics = group_headings(occ)
    assert [t.key for t in topics] == ["zuul"]
    zuul = topics[0]
    assert zuul.meetings == 3 and zuul.series == ["board", "infra"] and zuul.label == "Zuul"
    assert (zuul.first, zuul.last) == ("2024-01-10", "2024-02-10")
    assert zuul.query == "heading:(zuul)"


def test_stacked_buckets():
    events = [Event("2024-01-02", "a", "infra", "", 1, ""), Event("2024-01-09", "b", "infra", "", 1, ""),
              Event("2024-01-09", "c", "board", "", 1, ""), Event(None, "d", "board", "", 1, "")]
    assert stacked_buckets(events, "month") == [
        {"period": "2024-01", "series": "board", "count": 1}, {"period": "2024-01", "series": "infra", "count": 2},
        {"period": "undated", "series": "board", "count": 1}]


@pytest.mark.parametrize("heading, key", [
    ('<font color="#50c3a5" style="text-shadow: -1px 1px 0 #FFF">Sovereign</font> <font>Cloud</font>', "sovereign cloud"),
    (":rocket: Release planning", "release planning"),
    ("[Copy.Fail (CVE-2026-31431)](https://copy.fail/)", "copy fail"),
    ("**Join the team**", "join the team"),
])
def test_heading_key_reads_the_rendered_text(heading, key):
    assert heading_key(heading) == key


def test_heading_label_has_no_markup():
    assert heading_label('<font color="#0f5fe1">Community Call 2024-02-01</font>') == "Community Call"
    assert heading_label(":telephone: Community call") == "Community call"


@pytest.mark.parametrize("boilerplate", [
    ":family: Participants (github handles preferred)", "Participants - use of github handle is preferred",
    ":notebook: Agenda", "Housekeeping & Organizational Items", "AOB", "Recurring items & housekeeping",
    "title: Weekly sync",
])
def test_boilerplate_headings_are_no_recurring_topics(boilerplate):
    occ = [Occurrence(f"2024-0{n}-01", f"x/{n}.md", "x", boilerplate, 3) for n in range(1, 4)]
    occ += [Occurrence(f"2024-0{n}-01", f"x/{n}.md", "x", "Zuul", 9) for n in range(1, 4)]
    assert [t.key for t in group_headings(occ)] == ["zuul"]


def test_edit_distance_stops_at_the_limit():
    assert explore.edit_distance("kubernets", "kubernetes", 1) == 1
    assert explore.edit_distance("keycloack", "keycloak", 2) == 1
    assert explore.edit_distance("zookeeper", "kubernetes", 2) is None


def test_a_misspelt_project_name_gets_a_did_you_mean(tmp_path):
    from indexer.indexing import build
    from indexer.query import open_engine
    from tests.conftest import write_corpus

    notes = {f"infra/2024030{n}.md": f"# Infra 2024-03-0{n}\n\n## Cluster\n\n- Kubernetes {n} upgrade planned\n"
             for n in range(1, 6)}
    notes.update({f"infra/2024040{n}.md": f"# Infra 2024-04-0{n}\n\n## Cluster\n\n- k8s {n} runs fine\n"
                  for n in range(1, 6)})
    notes["infra/20240310.md"] = "# Infra 2024-03-10\n\n## Cluster\n\n- the kubernets nodes were slow\n"
    index = tmp_path / "index"
    build(index, [write_corpus(tmp_path / "minutes", notes)], workers=1)
    engine = open_engine(index)
    assert explore.name_suggestion(engine, "kubernets nodes") == "Kubernetes nodes"
    assert explore.name_suggestion(engine, "kubernetes nodes") is None
    assert explore.name_suggestion(engine, "project:kubernets") is None  # field values are left alone
