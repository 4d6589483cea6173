"""On the real SCS minutes (skipped when ../shared is absent): the whole corpus indexes and answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.check import check
from indexer.query import open_engine, search, timeline
from indexer.status import index_status

pytestmark = [pytest.mark.scs, pytest.mark.slow]


def test_every_file_is_indexed_without_a_crash(scs_index: Path):
    status = index_status(scs_index)
    assert status["files"] >= 890
    assert {f["reason"] for f in status["skipped_files"]} <= {"repository file, not minutes"}  # the read-me only
    assert check(scs_index).ok


def test_ovn_24_03_finds_the_release_section_with_its_entities(scs_index: Path):
    hits = search(open_engine(scs_index), "OVN 24.03").hits[:3]
    match = next(h for h in hits if h.path == "iaas/20240306.md" and h.heading == "OVN 24.03.0 (@berendt)")
    assert "OVN" in match.entities["project"] and "24.03.0" in match.entities["version"]
    assert "berendt" in match.entities["person"]


def test_timeline_of_rookify_is_in_date_order_and_spans_series(scs_index: Path):
    result = timeline(open_engine(scs_index), "rookify")
    dates = [e.date for e in result.events]
    assert dates == sorted(dates) and len({e.series for e in result.events}) >= 3
