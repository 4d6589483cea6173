"""The evaluation driver (evaluation/eval_all.py): headline parsing, typo needs, the table."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "evaluation"))

import eval_all  # noqa: E402


def test_headline_groups_each_part_and_keeps_p_r_f1_with_their_prefix():
    line = ("decisions[decisions:P=0.8 R=0.6 F1=0.7 actions:P=0.9 R=0.5 F1=0.6 owners=1.0] "
            "meetings[dates=1.0 attendees:P=0.5 R=0.25 F1=0.33 splitting:F1=0.9]")
    parts = eval_all.parse_headline(line)
    assert parts["decisions"]["decisions:R"] == "0.6"
    assert parts["decisions"]["actions:R"] == "0.5"
    assert parts["decisions"]["owners"] == "1.0"
    assert parts["meetings"]["attendees:F1"] == "0.33"
    assert parts["meetings"]["splitting:F1"] == "0.9"


def test_baseline_line_gives_the_section_level_figures():
    line = "bm25_sections: MRR@10=0.792 docMRR@10=0.8 R@10=0.424 bm25_files: MRR@10=0.0 docMRR@10=0.6 R@10=0.0"
    assert eval_all.parse_baseline(line) == {"MRR@10": "0.792", "R@10": "0.424"}


def test_a_typo_swaps_two_letters_in_the_middle_of_the_longest_word():
    assert eval_all.with_typo("rookify status") == "rokoify status"
    assert eval_all.with_typo("ovn 24.03 lts") == "ovn 24.03 lts"  # no word of five letters: left alone
    assert eval_all.with_typo("zuul zookeeper outage") == "zuul zooekeper outage"


def test_typo_labels_keep_the_relevant_sections(tmp_path):
    label = tmp_path / "c.json"
    label.write_text(json.dumps({"queries": [{"query": "rookify status", "relevant": [{"path": "a.md"}]}]}))
    typos = json.loads(eval_all.typo_labels(label, tmp_path).read_text())
    assert typos["queries"] == [{"query": "rokoify status", "relevant": [{"path": "a.md"}]}]


def test_table_has_one_row_per_community_and_dashes_for_missing_parts():
    rows = {"a": {"queries": {"MRR@10": "0.9"}}, "b": {}}
    lines = eval_all.table(rows).splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("| a |") and "0.9" in lines[2]
    assert lines[3].startswith("| b | -")
