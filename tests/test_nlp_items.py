"""Decisions and action items: hand-labelled invented examples plus the traps."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.nlp import items

CASES = json.loads((Path(__file__).parent / "fixtures" / "nlp" / "items.json").read_text())["cases"]


def _found(text: str, names: dict[str, str] | None = None):
    return items.classify(text, first_body_line=1, names=names or {"Anna": "Anna", "Bea": "Bea"}, heading=text.split("\n")[0])


@pytest.mark.parametrize("case", CASES, ids=[c["text"].split("\n", 2)[1][:40] for c in CASES])
def test_labelled_lines_are_found_as_the_right_kind(case):
    found = _found(case["text"])
    assert sorted(f.index for f in found if f.kind == "decision") == case["decisions"]
    assert sorted(f.index for f in found if f.kind == "action") == case["actions"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("owners")], ids=lambda c: c["text"].split("\n", 2)[1][:40])
def test_actions_carry_the_owners_who_do_the_work(case):
    found = {f.index: f for f in _found(case["text"]) if f.kind == "action"}
    for index, owners in case["owners"].items():
        assert list(found[int(index)].owners) == owners


def test_open_question_marked_decision_is_not_a_decision():
    assert _found("### X\n- Decision: should we move the meeting?") == []


def test_header_only_todo_is_not_an_item_but_its_tasks_are():
    found = _found("### X\n- TODO:\n    - first task\n    - second task")
    assert [(f.kind, f.index) for f in found] == [("action", 2), ("action", 3)]


def test_item_text_is_the_stripped_source_line():
    found = _found("### X\n    - AI @jdoe: do it  ")
    assert found[0].text == "- AI @jdoe: do it"


def test_headings_are_never_items():
    assert _found("### Decision: use the new pad (@jdoe)\n") == []


def test_children_of_a_combined_discussion_and_decisions_header_are_decisions():
    found = _found("### X\n- Discussions/Decisions:\n    - we stay with the upstream defaults\n- next topic")
    assert [(f.kind, f.index) for f in found] == [("decision", 2)]


def test_a_todo_takes_its_owners_from_trailing_handles():
    found = _found("### X\n- ToDo: blog post (@mia, @tom)")
    assert [list(f.owners) for f in found] == [["mia", "tom"]]


def test_who_added_a_note_is_not_an_owner():
    assert _found("### X\n- Some links provided by him (inserted by @editor)") == []
