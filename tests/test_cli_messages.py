"""The CLI's dead ends say what happened: an empty corpus, a malformed query, a topic nobody mentions;
`info` reads as text; timeline bars are to scale with empty periods shown."""
from __future__ import annotations

from pathlib import Path

from indexer.cli import bar_lines, main, with_empty_periods


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_building_an_empty_folder_is_an_error_and_keeps_the_old_index(capsys, tiny_index: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    (empty / "notes").mkdir(parents=True)
    (empty / "README.md").write_text("# about this repository\n")
    code, out, err = run(capsys, "build", str(empty), "--index", str(tiny_index))
    assert code == 2 and "no minutes files" in err and "left as it was" in err and "Traceback" not in err
    code, out, _ = run(capsys, "search", "ceph", "--index", str(tiny_index))
    assert code == 0 and "infra/20240313.md" in out


def test_a_malformed_query_says_what_is_wrong_and_searches_the_rest(capsys, tiny_index: Path):
    code, out, err = run(capsys, "search", "ceph (reef", "--index", str(tiny_index))
    assert code == 0 and "an unclosed (" in err and "'ceph reef'" in err and "infra/20240313.md" in out
    code, out, err = run(capsys, "search", '((( "', "--index", str(tiny_index))
    assert code == 2 and "nothing is left to search" in err and 'an unclosed "' in err


def test_a_topic_nobody_mentions_gets_a_did_you_mean(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "timeline", "cepth", "--as-typed", "--index", str(tiny_index))
    assert code == 0 and "0 mentions" in out and "did you mean 'ceph'?" in out


def test_info_prints_text_not_python(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "info", "--index", str(tiny_index))
    assert code == 0 and "files: 4" in out
    assert "[" not in out and "None" not in out and "\\" not in out


def test_info_lists_the_repository_files_a_build_skipped(capsys, tiny_corpus: Path, tmp_path: Path):
    (tiny_corpus / "README.md").write_text("# About\n")
    index = tmp_path / "with-readme"
    assert run(capsys, "build", str(tiny_corpus), "--index", str(index))[0] == 0
    code, out, _ = run(capsys, "info", "--index", str(index))
    assert "skipped: 1" in out and "README.md: repository file, not minutes" in out


def test_bars_are_to_scale():
    lines = bar_lines([{"period": "2022", "count": 23}, {"period": "2023", "count": 155},
                       {"period": "2024", "count": 160}, {"period": "2026", "count": 1}], width=60)
    widths = [line.count("#") for line in lines]
    assert widths == [9, 58, 60, 1]


def test_empty_months_are_shown():
    filled = with_empty_periods([{"period": "2023-11", "count": 2}, {"period": "2024-02", "count": 1},
                                 {"period": "undated", "count": 4}], "month")
    assert [(b["period"], b["count"]) for b in filled] == [
        ("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1), ("undated", 4)]
    assert [b["period"] for b in with_empty_periods([{"period": "2021", "count": 1},
                                                     {"period": "2023", "count": 1}], "year")] == ["2021", "2022", "2023"]


def test_a_misspelt_project_name_gets_a_did_you_mean(capsys, tmp_path: Path):
    from tests.conftest import write_corpus

    notes = {f"infra/2024030{n}.md": f"# Infra 2024-03-0{n}\n\n## Cluster\n\n- k8s {n} runs\n"
             for n in range(1, 8)}
    notes["infra/20240310.md"] = "# Infra 2024-03-10\n\n## Nodes\n\n- the kubernets nodes were slow\n"
    corpus, index = write_corpus(tmp_path / "minutes", notes), tmp_path / "index"
    assert run(capsys, "build", str(corpus), "--index", str(index), "--workers", "1")[0] == 0
    code, out, _ = run(capsys, "search", "kubernets nodes", "--index", str(index))
    assert code == 0 and "did you mean 'Kubernetes nodes'? (a project the index knows)" in out
