"""The scorer's matching rules (labels README) and its command line."""
from __future__ import annotations

import json

import pytest

from indexer import evaluate as ev


@pytest.mark.parametrize("etype,pred,gold,same", [
    ("person", "@Garloff", "garloff", True),
    ("project", "cluster-api", "Cluster API", True),
    ("project", "OVN", "OVS", False),
    ("version", "v8.0.0", "8.0.0", True),
    ("version", "V2", "2", True),
    ("issue", "standards#547", "SovereignCloudStack/standards#547", True),
    ("issue", "#547", "SovereignCloudStack/standards#547", True),
    ("issue", "issues#547", "SovereignCloudStack/standards#547", False),
    ("issue", "a/standards#547", "b/standards#547", False),
    ("issue", "launchpad#1", "launchpad#1", True),
    ("issue", "#548", "#547", False),
])
def test_entity_values_match_as_the_readme_says(etype, pred, gold, same):
    assert ev.entity_match(etype, pred, gold) is same


def test_entity_scoring_counts_gold_entries_optional_and_unmerged_aliases():
    gold = [
        {"type": "project", "values": ["OVS", "Open vSwitch"]},
        {"type": "project", "values": ["GitHub"], "optional": True},
        {"type": "project", "values": ["Ceph"]},
    ]
    pred = [{"type": "project", "value": v} for v in ("OVS", "Open vSwitch", "GitHub", "Zuul")]
    scored = ev.score_entities_doc(pred, gold)["project"]
    assert (scored["tp"], scored["fp"], scored["fn"]) == (1, 1, 1)
    assert scored["false_hits"] == ["Zuul"] and scored["misses"] == ["Ceph"]


def test_items_match_by_nearby_line_or_word_overlap():
    assert ev.item_match({"line": 11, "text": "x"}, {"line": 10, "text": "y"})
    assert not ev.item_match({"line": 12, "text": "x"}, {"line": 10, "text": "y"})
    assert ev.item_match({"line": 50, "text": "we ship on friday"}, {"line": 10, "text": "We ship on Friday!"})


def test_item_scoring_forgives_borderline_and_other_kind_and_matches_gold_once():
    gold = {"decision": [{"line": 10, "text": "ship it"}], "action": [{"line": 20, "text": "AI @a: do", "owners": ["a"]}]}
    pred = {
        "decision": [{"line": 10, "text": "ship it"}, {"line": 11, "text": "ship it again"},
                     {"line": 30, "text": "borderline thing"}, {"line": 20, "text": "AI @a: do"}],
        "action": [{"line": 20, "text": "AI @a: do", "owners": ["a", "b"]}],
    }
    scored = ev.score_items_doc(pred, gold, [{"line": 30, "text": "borderline thing"}])
    assert (scored["decision"]["tp"], scored["decision"]["fp"], scored["decision"]["fn"]) == (1, 1, 0)
    assert (scored["action"]["tp"], scored["action"]["fp"], scored["action"]["fn"]) == (1, 0, 0)
    assert (scored["action"]["owners_right"], scored["action"]["owners_total"]) == (1, 1)


def test_owner_accuracy_needs_every_gold_owner():
    gold = {"decision": [], "action": [{"line": 5, "text": "AI", "owners": ["a", "b"]}]}
    pred = {"decision": [], "action": [{"line": 5, "text": "AI", "owners": ["A"]}]}
    scored = ev.score_items_doc(pred, gold, [])
    assert scored["action"]["owners_right"] == 0 and scored["action"]["owners_total"] == 1


def test_prf_of_nothing_is_perfect_and_of_misses_zero():
    assert ev.prf(0, 0, 0)["f1"] == 1.0
    assert ev.prf(0, 0, 3)["recall"] == 0.0


def test_missing_labels_folder_exits_2_with_one_line(tmp_path, capsys):
    assert ev.main(["--labels", str(tmp_path / "none"), "--corpus", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err


def test_unknown_task_exits_2(tmp_path, capsys):
    assert ev.main(["--labels", str(tmp_path), "--corpus", str(tmp_path), "--task", "nope"]) == 2


def test_runs_on_small_labels_and_writes_json(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "s").mkdir(parents=True)
    (corpus / "s" / "20300101.md").write_text("# 2030-01-01\n\n- @ada\n- Decision: go\n- AI @ada: write\n")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "entities.json").write_text(json.dumps({"docs": [
        {"path": "s/20300101.md", "entities": [{"type": "person", "values": ["ada"]}]}]}))
    (labels / "decisions.json").write_text(json.dumps({"docs": [
        {"path": "s/20300101.md", "decisions": [{"line": 4, "text": "- Decision: go"}],
         "actions": [{"line": 5, "text": "- AI @ada: write", "owners": ["ada"]}], "borderline": []}]}))
    out = tmp_path / "figures.json"
    assert ev.main(["--labels", str(labels), "--corpus", str(corpus), "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["entities"]["figures"]["person"]["f1"] == 1.0
    assert figures["decisions"]["figures"]["decision"]["f1"] == 1.0
    assert figures["decisions"]["figures"]["owners"]["accuracy"] == 1.0
