"""Building and updating the index: whole files in, nothing lost, old index kept until the new one is complete."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer.indexing import build, update
from indexer.query import open_engine, search
from indexer.store import IndexBusy, IndexDir, NotAnIndex, indexed_files, open_index


def paths(index: Path) -> set[str]:
    return {path for (_, path) in indexed_files(open_index(IndexDir(index).current()))}


def test_build_indexes_every_file_and_section(tiny_corpus: Path, tmp_path: Path):
    summary = build(tmp_path / "ix", [tiny_corpus], workers=1)
    assert summary.files == 4 and summary.sections >= 7 and summary.entities > 0
    assert paths(tmp_path / "ix") == {"infra/20240306.md", "infra/20240313.md", "board/2023-11-20.md", "board/notes.md"}


def test_build_in_worker_processes_gives_the_same_index(tiny_corpus: Path, tmp_path: Path, monkeypatch):
    import indexer.indexing as indexing

    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD", 1)
    one = build(tmp_path / "one", [tiny_corpus], workers=1)
    two = build(tmp_path / "two", [tiny_corpus], workers=2)
    assert (one.files, one.sections, one.entities) == (two.files, two.sections, two.entities)


def test_rebuild_swaps_in_a_new_generation_and_drops_the_old(tiny_index: Path, tiny_corpus: Path):
    before = IndexDir(tiny_index).current()
    build(tiny_index, [tiny_corpus], workers=1)
    after = IndexDir(tiny_index).current()
    assert before != after and not before.exists()


def test_update_with_nothing_changed_touches_nothing(tiny_index: Path, tiny_corpus: Path):
    summary = update(tiny_index, [tiny_corpus], workers=1)
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (0, 0, 0, 4)


def test_update_adds_new_reindexes_changed_and_removes_deleted_files(tiny_index: Path, tiny_corpus: Path):
    (tiny_corpus / "infra" / "20240320.md").write_text("# 2024-03-20\n\n## Zuul outage\n\n- zuul was down\n")
    changed = tiny_corpus / "infra" / "20240313.md"
    changed.write_text(changed.read_text() + "\n## Rook\n\n- rookify testing\n")
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 10**9))
    (tiny_corpus / "board" / "notes.md").unlink()
    summary = update(tiny_index, [tiny_corpus], workers=1)
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)
    engine = open_engine(tiny_index)
    assert search(engine, "rookify").hits[0].path == "infra/20240313.md"
    assert search(engine, "zuul outage").hits[0].path == "infra/20240320.md"
    assert "board/notes.md" not in paths(tiny_index)


def test_update_of_a_touched_but_unchanged_file_does_not_reindex_it(tiny_index: Path, tiny_corpus: Path):
    os.utime(tiny_corpus / "infra" / "20240306.md", ns=(time.time_ns(), time.time_ns() + 10**9))
    summary = update(tiny_index, [tiny_corpus], workers=1)
    assert (summary.changed, summary.unchanged) == (0, 4)
    assert update(tiny_index, [tiny_corpus], workers=1).unchanged == 4


def test_update_leaves_other_roots_alone(tiny_index: Path, tiny_corpus: Path, tmp_path: Path):
    other = tmp_path / "other"
    (other / "ops").mkdir(parents=True)
    (other / "ops" / "20240101.md").write_text("# 2024-01-01\n\n## Grafana\n\n- dashboards\n")
    update(tiny_index, [other], workers=1)
    assert "ops/20240101.md" in paths(tiny_index) and "infra/20240306.md" in paths(tiny_index)


def test_update_without_an_index_builds_one(tiny_corpus: Path, tmp_path: Path):
    update(tmp_path / "new", [tiny_corpus], workers=1)
    assert IndexDir(tmp_path / "new").exists()


def test_update_of_an_index_made_by_an_older_version_rebuilds_it(tiny_index: Path, tiny_corpus: Path):
    from indexer.store import read_meta, write_meta

    gen = IndexDir(tiny_index).current()
    write_meta(gen, {**read_meta(gen), "schema": 1})
    summary = update(tiny_index, [tiny_corpus], workers=1)
    assert summary.rebuilt and summary.files == 4
    assert summary.line("update").startswith("rebuilt (the index was made by an older version")
    assert update(tiny_index, [tiny_corpus], workers=1).unchanged == 4


def test_bad_files_are_skipped_with_a_reason_and_the_rest_indexed(tiny_corpus: Path, tmp_path: Path):
    (tiny_corpus / "infra" / "20240401.md").write_bytes(b"\x00\x01binary")
    (tiny_corpus / "infra" / "20240402.md").write_bytes(b"# T\n\xff bad byte\n")
    summary = build(tmp_path / "ix", [tiny_corpus], workers=1)
    assert [(s.path, s.reason) for s in summary.skipped] == [("infra/20240401.md", "binary file (NUL bytes)")]
    assert [r.path for r in summary.repaired] == ["infra/20240402.md"]
    assert summary.files == 5


def test_a_second_writer_fails_with_a_clear_message(tiny_index: Path, tiny_corpus: Path):
    with IndexDir(tiny_index).lock():
        with pytest.raises(IndexBusy, match="another build or update"):
            update(tiny_index, [tiny_corpus], workers=1)


def test_build_refuses_a_folder_that_holds_other_files(tiny_corpus: Path, tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.tex").write_text("precious")
    with pytest.raises(NotAnIndex):
        build(tmp_path / "docs", [tiny_corpus], workers=1)
    assert (tmp_path / "docs" / "thesis.tex").read_text() == "precious"


def test_a_failed_build_keeps_the_previous_index(tiny_index: Path, tiny_corpus: Path, monkeypatch):
    import indexer.indexing as indexing

    before = IndexDir(tiny_index).current()

    def broken_commit(gen, segments):
        raise OSError("disk full")

    monkeypatch.setattr(indexing, "commit_shards", broken_commit)
    with pytest.raises(OSError):
        build(tiny_index, [tiny_corpus], workers=1)
    assert IndexDir(tiny_index).current() == before
    assert [p.name for p in tiny_index.iterdir() if p.name.startswith("gen-")] == [before.name]
    assert search(open_engine(tiny_index), "ceph").total > 0


def test_shards_share_the_bytes_fairly_and_lose_no_file():
    from indexer.indexing import Task, balanced_shards

    tasks = [Task("/r", f"s/{n:03}.md", size, 0) for n, size in enumerate([900, 100, 100, 100, 500, 400, 50, 50])]
    shards = balanced_shards(tasks, 2)
    assert sorted(t.path for shard in shards for t in shard) == sorted(t.path for t in tasks)
    weights = [sum(t.size for t in shard) for shard in shards]
    assert max(weights) - min(weights) <= 200
