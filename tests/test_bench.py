"""Unit tests of the pure parts of scripts/bench.py (no timing, no index, no spaCy)."""
from __future__ import annotations

import json
import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"
_spec = importlib.util.spec_from_file_location("minutes_bench", _PATH)
bench = importlib.util.module_from_spec(_spec)
sys.modules["minutes_bench"] = bench
_spec.loader.exec_module(bench)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- percentile ---------------------------------------------------------------------
def test_percentile_interpolates_like_numpy():
    values = [1, 2, 3, 4]
    assert bench.percentile(values, 0) == 1
    assert bench.percentile(values, 100) == 4
    assert bench.percentile(values, 50) == 2.5
    assert bench.percentile(values, 95) == pytest.approx(3.85)
    assert bench.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_percentile_ignores_order_and_handles_one_value():
    assert bench.percentile([9, 1, 5], 50) == 5
    assert bench.percentile([7.5], 95) == 7.5


def test_percentile_rejects_nonsense():
    with pytest.raises(ValueError):
        bench.percentile([], 50)
    with pytest.raises(ValueError):
        bench.percentile([1, 2], 101)


# -- dates ---------------------------------------------------------------------------
def test_shift_date_years_and_days():
    assert bench.shift_date(date(2024, 3, 6), 3) == date(2027, 3, 6)
    assert bench.shift_date(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert bench.shift_date(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert bench.shift_date(date(2024, 12, 30), 3, "days") == date(2025, 1, 2)


def test_shift_dates_in_keeps_each_spelling():
    assert bench.shift_dates_in("# 2024-03-06 weekly", 2) == "# 2026-03-06 weekly"
    assert bench.shift_dates_in("Meeting 6.3.2024", 1) == "Meeting 6.3.2025"
    assert bench.shift_dates_in("Meeting 06.03.2024", 1) == "Meeting 06.03.2025"
    assert bench.shift_dates_in("20240306-special.md", 1, compact=True) == "20250306-special.md"
    # compact dates only where asked (a heading's "20240306" may be anything), invalid dates left alone
    assert bench.shift_dates_in("id 20240306", 1) == "id 20240306"
    assert bench.shift_dates_in("2024-13-45 and 123420240306", 1, compact=True) == "2024-13-45 and 123420240306"


# -- one file's copy --------------------------------------------------------------------
def test_rewrite_shifts_front_matter_date_and_suffixes_series():
    text = "---\ntitle: Weekly\ndate: 2024-03-06\nseries: 'iaas'\n---\n# Notes\nbody 2024-03-06\n"
    out = bench.rewrite_minutes(text, 2, "-x02")
    assert "date: 2026-03-06\n" in out
    assert "series: 'iaas-x02'\n" in out
    assert out.endswith("# Notes\nbody 2024-03-06\n")  # only the first heading's dates move
    assert out.count("\n") == text.count("\n")  # line numbers unchanged


def test_rewrite_shifts_only_the_first_heading():
    text = "intro line\n\n# 2023-01-26\n## Participants\n* @a\n# 2023-02-02 next\n"
    out = bench.rewrite_minutes(text, 1, "-x01")
    assert out == "intro line\n\n# 2024-01-26\n## Participants\n* @a\n# 2023-02-02 next\n"


def test_rewrite_finds_the_heading_after_blanked_markup_and_setext():
    text = "<!--\n# 2020-01-01 hidden\n-->\n<style>\n#x { color: red }\n</style>\nMeeting 2022-05-04\n====\n"
    out = bench.rewrite_minutes(text, 1, "-x01")
    assert "# 2020-01-01 hidden" in out  # in a comment: the parser never sees it
    assert "Meeting 2023-05-04\n====" in out


def test_rewrite_without_heading_or_front_matter_is_unchanged():
    text = "just text 2024-01-01\n```\n# 2024-01-01 in code\n```\n"
    assert bench.rewrite_minutes(text, 3, "-x03") == text


def test_copy_path_renames_series_and_shifts_name_dates():
    assert bench.copy_path("iaas/20240306.md", 3, "-x03") == "iaas-x03/20270306.md"
    assert bench.copy_path("sig-release/2023-09-14.md", 1, "-x01") == "sig-release-x01/2024-09-14.md"
    assert (bench.copy_path("hackathons/2022-11-22-cologne/notes.md", 2, "-x02")
            == "hackathons-x02/2024-11-22-cologne/notes.md")
    assert bench.copy_path("20240306.md", 1, "-x01") == "20250306-x01.md"  # top-level file keeps its series
    assert bench.copy_path("iaas/20240306.md", 3, "-x03", "days") == "iaas-x03/20240309.md"


# -- the whole corpus ---------------------------------------------------------------------
@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    write(src, "README.md", "# Read me\n")
    write(src, "iaas/20240228.md", "# 2024-02-28\n## Participants\n* @fkr\n")
    write(src, "iaas/20240229.md", "# 2024-02-29\ntext\n")  # a leap day: shifted by a year it becomes 02-28
    write(src, "ops/notes.md", "---\ndate: 2023-05-01\nmeeting: Ops call\n---\n# Ops\n")
    write(src, "sig-release/2023-09-14.md", "# Release meeting 14.09.2023\n")
    write(src, "20240101.md", "# New year\n")
    write(src, ".git/config.md", "# not minutes\n")
    return src


def test_corpus_files_skips_hidden_and_repository_files(tiny: Path):
    assert bench.corpus_files(tiny) == [
        "20240101.md", "iaas/20240228.md", "iaas/20240229.md", "ops/notes.md", "sig-release/2023-09-14.md"]


def test_scale_corpus_writes_unique_shifted_copies(tiny: Path, tmp_path: Path):
    dst = tmp_path / "dst"
    written = bench.scale_corpus(tiny, dst, 3)
    assert len(written) == 15 and len(set(written)) == 15  # unique paths
    assert sorted(written) == sorted(bench.corpus_files(dst))
    # copy 0 is the corpus as it is
    assert (dst / "iaas/20240229.md").read_text() == (tiny / "iaas/20240229.md").read_text()
    # copy 1: new series folder, name and heading a year on; leap day to 28 Feb without clashing
    assert (dst / "iaas-x01/20250228.md").read_text().startswith("# 2025-02-28\n## Participants")
    assert (dst / "iaas-x01/20250228-x01.md").read_text() == "# 2025-02-28\ntext\n"
    assert (dst / "iaas-x02/20260228.md").exists() and (dst / "iaas-x02/20260228-x02.md").exists()
    assert (dst / "sig-release-x02/2025-09-14.md").read_text() == "# Release meeting 14.09.2025\n"
    ops = (dst / "ops-x02/notes.md").read_text()
    assert "date: 2025-05-01" in ops and "meeting: Ops call-x02" in ops
    assert (dst / "20250101-x01.md").exists() and (dst / "20260101-x02.md").exists()
    assert not (dst / "README.md").exists() and not (dst / ".git").exists()


def test_scale_corpus_refuses_colliding_paths(tmp_path: Path):
    src = tmp_path / "src"
    # top-level files whose copy lands where other top-level files already are, even with the stem suffix
    write(src, "20230101.md", "# a\n")
    write(src, "20240101-x01.md", "# b\n")
    write(src, "20240101-x01-x01.md", "# c\n")
    with pytest.raises(ValueError, match="both map to"):
        bench.scale_corpus(src, tmp_path / "dst", 2)


def test_scale_one_is_a_plain_copy(tiny: Path, tmp_path: Path):
    written = bench.scale_corpus(tiny, tmp_path / "dst", 1)
    assert written == bench.corpus_files(tiny)


def test_new_dated_name_is_a_week_after_the_latest():
    existing = ["iaas/20240228.md", "iaas/20240306.md", "iaas/notes.md", "ops/20250101.md"]
    assert bench.new_dated_name(existing, "iaas") == "iaas/20240313.md"
    assert bench.new_dated_name(existing + ["iaas/20240313.md"], "iaas") == "iaas/20240320.md"


# -- the report -----------------------------------------------------------------------------
def test_format_table_aligns_columns_and_separates_scales():
    rows = [
        bench.Row("1x", "build wall", "12.30 s", "< 12 s", "FAIL"),
        bench.Row("1x", "files", "893"),
        bench.Row("20x", "search p95", "99.0 ms", "< 150 ms", "PASS"),
    ]
    lines = bench.format_table(rows, "title").split("\n")
    assert lines[0] == "title"
    assert lines[1].split() == ["scale", "measure", "value", "target", "result"]
    assert set(lines[2].replace(" ", "")) == {"-"}
    assert lines[3].split() == ["1x", "build", "wall", "12.30", "s", "<", "12", "s", "FAIL"]
    assert lines[5] == ""  # a blank line before the next scale
    # values are right-aligned in one column
    ends = {line.index(v) + len(v) for line, v in ((lines[3], "12.30 s"), (lines[4], "893"), (lines[6], "99.0 ms"))}
    assert len(ends) == 1
    assert not any(line != line.rstrip() for line in lines)


def test_check_and_lookup():
    assert bench.check(11.9, "<", 12) == "PASS"
    assert bench.check(12, "<", 12) == "FAIL"
    assert bench.check(3.0, "<=", 3.0) == "PASS"
    assert bench.check(None, "<", 1) == "n/a"
    assert bench.lookup({"a": {"b": 2}}, "a.b") == 2
    assert bench.lookup({"a": {}}, "a.b") is None


def test_parse_gnu_time():
    text = ("\tCommand being timed: \"minutes build\"\n\tUser time (seconds): 20.30\n"
            "\tSystem time (seconds): 1.14\n\tMaximum resident set size (kbytes): 167744\n\tExit status: 0\n")
    assert bench.parse_gnu_time(text) == {"user": 20.30, "sys": 1.14, "max_rss_kb": 167744, "exit": 0}


def test_missing_corpus_exits_2(tmp_path: Path, capsys):
    assert bench.main(["--corpus", str(tmp_path / "nope"), "--skip-scaled"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bench: corpus directory") and "does not exist" in err and "\n" not in err


def test_the_queries_come_from_the_label_file_of_the_corpus_community(tmp_path):
    labels = tmp_path / "scs-minutes.json"
    labels.write_text(json.dumps({"queries": [{"id": "q1", "query": "ovn upgrade", "relevant": []}, {"id": "q2"}]}))
    assert bench.default_queries(Path("../shared/corpus/scs-minutes")).name == "scs-minutes.json"
    assert bench.load_queries(labels) == ["ovn upgrade"]
