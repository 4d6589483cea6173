"""The alias table of an index: overrides, merging, and what a query's forms expand to."""
from __future__ import annotations

from indexer.aliases import OVERRIDE_FILE, AliasTable, merge, read_overrides


def table(*groups: list[str]) -> AliasTable:
    return AliasTable([{"forms": g, "source": "learned"} for g in groups])


def test_an_acronym_finds_its_long_form_and_back():
    t = table(["grand blue tables", "GBT"])
    assert t.forms_of("GBTs") == ["grand blue tables"]
    assert t.forms_of("Grand Blue Tables") == ["GBT"]


def test_an_acronym_inside_a_longer_query_is_replaced_there():
    t = table(["working group", "WG"])
    assert t.equivalents("end user WG") == [("end user wg", "end user working group")]


def test_the_override_file_adds_groups_and_drops_learned_forms(tmp_path):
    (tmp_path / OVERRIDE_FILE).write_text("# mine\ncode of conduct\tCoC\n-AO\n", encoding="utf-8")
    overrides = read_overrides([tmp_path])
    merged = merge([["Alpha-Omega", "AO", "AlphaOmega"], ["Beta", "B"]], overrides)
    assert {"forms": ["Alpha-Omega", "AlphaOmega"], "source": "learned"} in merged
    assert {"forms": ["code of conduct", "CoC"], "source": "override"} in merged


def test_a_missing_override_file_is_fine(tmp_path):
    assert read_overrides([tmp_path / "nowhere"]).groups == []
