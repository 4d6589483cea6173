"""The command line holds the contract: JSON shapes, exit statuses, one-sentence errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.cli import main, make_parser

PROJECT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_has_the_contract_shape(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "search", "ovn upgrade", "--json", "--index", str(tiny_index))
    data = json.loads(out)
    assert code == 0 and set(data) >= {"query", "total", "hits", "facets"}
    hit = data["hits"][0]
    assert set(hit) >= {"path", "series", "date", "title", "heading", "line", "score", "snippet", "entities"}
    assert hit["path"] == "infra/20240306.md" and not Path(hit["path"]).is_absolute()
    assert set(hit["entities"]) == {"person", "project", "version", "issue"}
    assert set(data["facets"]) == {"series", "year", "person", "project", "version", "issue"}


def test_search_says_when_it_searched_a_respelled_query(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "search", "upgrdae", "--index", str(tiny_index))
    assert code == 0 and out.startswith("showing results for 'upgrade'") and "infra/20240306.md" in out
    code, out, _ = run(capsys, "search", "upgrdae", "--as-typed", "--index", str(tiny_index))
    assert code == 0 and out.strip() == "no sections match 'upgrdae'; did you mean 'upgrade'?"


def test_index_option_may_come_before_the_subcommand(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "--index", str(tiny_index), "search", "ceph", "--json")
    assert code == 0 and json.loads(out)["total"] >= 1


def test_index_comes_from_the_environment(capsys, tiny_index: Path, monkeypatch):
    monkeypatch.setenv("MINUTES_INDEX", str(tiny_index))
    code, out, _ = run(capsys, "search", "ceph", "--json")
    assert code == 0 and json.loads(out)["hits"][0]["path"] == "infra/20240313.md"


def test_search_filters_and_dates(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "search", "", "--json", "--filter", "series=board", "--since", "2023-01-01",
                       "--until", "2023-12-31", "--index", str(tiny_index))
    hits = json.loads(out)["hits"]
    assert code == 0 and hits and {h["series"] for h in hits} == {"board"}


def test_batch_search_prints_one_object_per_line_in_order(capsys, tiny_index: Path, tmp_path: Path):
    batch = tmp_path / "queries.txt"
    batch.write_text("ceph\nrelease notes\nnothing-matches-this\n")
    code, out, _ = run(capsys, "search", "--batch", str(batch), "--json", "--limit", "2", "--index", str(tiny_index))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [d["query"] for d in lines] == ["ceph", "release notes", "nothing-matches-this"]
    assert all(len(d["hits"]) <= 2 for d in lines) and lines[2]["total"] == 0


def test_batch_reads_stdin(capsys, tiny_index: Path, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("ceph\nzuul\n"))
    code, out, _ = run(capsys, "timeline", "--batch", "-", "--json", "--index", str(tiny_index))
    assert code == 0 and [json.loads(l)["topic"] for l in out.splitlines()] == ["ceph", "zuul"]


def test_timeline_json_shape(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "timeline", "ceph", "--json", "--by", "year", "--index", str(tiny_index))
    data = json.loads(out)
    assert code == 0 and set(data) == {"topic", "total", "buckets", "events"}
    assert data["buckets"] == [{"period": "2024", "count": 1}]
    assert set(data["events"][0]) == {"date", "path", "series", "heading", "line", "snippet"}


def test_decisions_and_actions_json_shape(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "decisions", "--json", "--index", str(tiny_index))
    data = json.loads(out)
    assert code == 0 and data["total"] == len(data["items"]) >= 2
    assert set(data["items"][0]) == {"kind", "text", "date", "path", "series", "heading", "line", "owners",
                                     "confidence", "status", "earlier"}
    code, out, _ = run(capsys, "decisions", "--actions", "--json", "--index", str(tiny_index))
    assert {i["kind"] for i in json.loads(out)["items"]} == {"action"}


def test_action_items_print_their_owner(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "decisions", "--actions", "--owner", "ana", "--index", str(tiny_index))
    assert code == 0 and "\nana (1)\n" in out  # grouped by owner
    assert "infra/20240306.md:12  AI @ana: test the upgrade on the lab cluster" in out


def test_entities_json_per_file_per_line(capsys, tiny_corpus: Path, monkeypatch):
    monkeypatch.chdir(tiny_corpus)
    code, out, _ = run(capsys, "entities", "infra/20240306.md", "board/2023-11-20.md", "--json")
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 0 and first["path"] == "infra/20240306.md" and first["series"] == "infra"
    assert first["date"] == "2024-03-06" and second["title"] == "Board meeting"
    assert {"type": "project", "value": "OVN"}.items() <= next(e for e in first["entities"] if e["value"] == "OVN").items()
    assert set(first) >= {"path", "date", "series", "title", "entities", "decisions", "actions"}


@pytest.mark.parametrize("argv,fragment", [
    (["search", "x", "--bogus"], "unrecognized arguments"),
    (["search", "x", "--filter", "colour=red"], "unknown filter field"),
    (["search", "x", "--since", "last week"], "YYYY-MM-DD"),
    (["search", "after:someday"], "YYYY"),
    (["timeline", "x", "--by", "week"], "invalid choice"),
    (["build", "/nonexistent/minutes"], "does not exist"),
    (["entities", "/nonexistent/file.md"], "cannot read"),
    (["nosuchcommand"], "invalid choice"),
])
def test_bad_usage_is_one_sentence_and_exit_2(capsys, tiny_index: Path, argv, fragment):
    code, out, err = run(capsys, *argv, "--index", str(tiny_index))
    assert code == 2 and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_searching_without_an_index_says_what_to_do(capsys, tmp_path: Path):
    code, _, err = run(capsys, "search", "x", "--index", str(tmp_path / "none"))
    assert code == 2 and "minutes build" in err


def test_build_and_update_end_with_a_one_line_summary(capsys, tiny_corpus: Path, tmp_path: Path):
    code, out, _ = run(capsys, "build", str(tiny_corpus), "--index", str(tmp_path / "ix"), "--quiet")
    assert code == 0 and out.startswith("built: 4 files;") and out.count("\n") == 1
    code, out, _ = run(capsys, "update", str(tiny_corpus), "--index", str(tmp_path / "ix"))
    assert code == 0 and out.startswith("updated: 0 added, 0 changed, 0 removed, 4 unchanged")


def test_update_without_corpus_uses_the_roots_the_index_was_built_from(capsys, tiny_corpus: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MINUTES_CORPUS", raising=False)
    run(capsys, "build", str(tiny_corpus), "--index", str(tmp_path / "ix"))
    code, out, _ = run(capsys, "update", "--index", str(tmp_path / "ix"))
    assert code == 0 and "4 unchanged" in out


def test_strict_turns_skipped_files_into_failure(capsys, tiny_corpus: Path, tmp_path: Path):
    (tiny_corpus / "infra" / "broken.md").write_bytes(b"\x00\x00")
    code, _, err = run(capsys, "build", str(tiny_corpus), "--index", str(tmp_path / "ix"), "--strict")
    assert code == 1 and "skipped infra/broken.md: binary file" in err


def test_check_finds_nothing_lost(capsys, tiny_index: Path, tiny_corpus: Path):
    code, out, _ = run(capsys, "check", "--index", str(tiny_index))
    assert code == 0 and out.startswith("check: 4 files")


def test_check_reports_a_file_the_index_misses(capsys, tiny_index: Path, tiny_corpus: Path):
    (tiny_corpus / "infra" / "20240501.md").write_text("# new\n")
    code, out, _ = run(capsys, "check", "--index", str(tiny_index))
    assert code == 1 and "missing file: infra/20240501.md" in out


def test_hook_install_writes_executable_hooks_and_keeps_foreign_ones(capsys, tmp_path: Path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    code, out, _ = run(capsys, "hook", "install", str(repo), "--index", str(tmp_path / "ix"))
    hook = repo / ".git" / "hooks" / "post-merge"
    assert code == 0 and hook.stat().st_mode & 0o111 and "update" in hook.read_text()
    (repo / ".git" / "hooks" / "post-rewrite").write_text("#!/bin/sh\necho mine\n")
    code, _, err = run(capsys, "hook", "install", str(repo))
    assert code == 2 and "--force" in err
    assert "mine" in (repo / ".git" / "hooks" / "post-rewrite").read_text()


def test_hook_refuses_a_folder_that_is_not_a_repository(capsys, tmp_path: Path):
    code, _, err = run(capsys, "hook", "install", str(tmp_path))
    assert code == 2 and "not a git repository" in err


def test_python_dash_m_runs_the_same_command(tiny_index: Path):
    done = subprocess.run([sys.executable, "-m", "indexer", "search", "ceph", "--json", "--index", str(tiny_index)],
                          capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0 and json.loads(done.stdout)["hits"]


def test_every_command_and_option_is_documented_in_the_readme():
    readme = (PROJECT / "README.md").read_text()
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert f"minutes {name}" in readme, f"README does not show 'minutes {name}'"
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"README does not document {option} of 'minutes {name}'"


def test_related_lists_sections_like_the_given_one(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "related", "infra/20240306.md:8", "--json", "--index", str(tiny_index))
    data = json.loads(out)
    assert code == 0 and (data["path"], data["line"]) == ("infra/20240306.md", 8)
    assert all(h["path"] != "infra/20240306.md" or h["line"] != 8 for h in data["hits"])
    code, _, err = run(capsys, "related", "nowhere.md:3", "--index", str(tiny_index))
    assert code == 2 and "no indexed section" in err


def test_entities_processes_every_file_even_after_one_it_cannot_read(capsys, tiny_corpus: Path, monkeypatch):
    monkeypatch.chdir(tiny_corpus)
    (tiny_corpus / "infra" / "tricky.md").write_text("# 2024-07-01\n\n## Notes\n* bumped to 13.x. today\n")
    code, out, err = run(capsys, "entities", "infra/tricky.md", "missing.md", "infra/20240306.md", "--json")
    reports = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in reports] == ["infra/tricky.md", "infra/20240306.md"]
    assert code == 2 and "missing.md" in err and "the others were processed" in err
    assert reports[0]["meetings"] == [{"line": 1, "date": "2024-07-01", "title": "2024-07-01", "attendees": []}]


def test_entities_lists_meetings_with_attendees(capsys, tmp_path: Path):
    notes = tmp_path / "2031.md"
    notes.write_text("# Notes 2031\n\n# 2031-02-03\n## Present\n* Ana Lima (@ana)\n* Bo Ruud\n\n"
                     "# 2031-01-20\n## Present\n* Cy Dorn\n")
    code, out, _ = run(capsys, "entities", str(notes), "--json")
    meetings = json.loads(out)["meetings"]
    assert code == 0
    assert [(m["line"], m["date"], m["attendees"]) for m in meetings] == [
        (3, "2031-02-03", ["ana", "Bo Ruud"]), (8, "2031-01-20", ["Cy Dorn"])]


def test_owner_accepts_the_full_name_of_a_handle(capsys, tiny_index: Path):
    code, out, _ = run(capsys, "decisions", "--actions", "--owner", "Ana Ortega", "--json", "--index", str(tiny_index))
    assert code == 0 and [i["owners"] for i in json.loads(out)["items"]] == [["ana"]]


def test_topic_filter_reads_the_item_and_its_heading_not_the_section(capsys, tiny_index: Path):
    # "lab" is in the section (the action's text) but not in the decision nor its heading
    code, out, _ = run(capsys, "decisions", "lab", "--json", "--index", str(tiny_index))
    assert code == 0 and json.loads(out)["total"] == 0
    code, out, _ = run(capsys, "decisions", "OVN", "--json", "--index", str(tiny_index))
    assert [i["line"] for i in json.loads(out)["items"]] == [11]


def test_every_item_has_a_confidence_and_all_shows_at_least_as_many(capsys, tiny_index: Path):
    _, out, _ = run(capsys, "decisions", "--json", "--index", str(tiny_index))
    _, everything, _ = run(capsys, "decisions", "--all", "--json", "--index", str(tiny_index))
    shown, found = json.loads(out)["items"], json.loads(everything)["items"]
    assert all(0 <= i["confidence"] <= 1 for i in found) and len(found) >= len(shown) >= 1
