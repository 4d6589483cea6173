"""Finding minutes under a corpus root."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.discover import CorpusError, discover, is_repository_file


def names(root: Path) -> list[str]:
    return [f.path for f in discover(root)]


def test_finds_markdown_in_series_folders_sorted(tmp_path: Path):
    for rel in ("iaas/20240306.md", "iaas/20240101.md", "ops/notes.markdown", "ops/image.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n")
    assert names(tmp_path) == ["iaas/20240101.md", "iaas/20240306.md", "ops/notes.markdown"]


def test_skips_hidden_and_git_folders(tmp_path: Path):
    for rel in (".git/HEAD.md", ".hidden/a.md", "iaas/.draft.md", "iaas/a.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert names(tmp_path) == ["iaas/a.md"]


def test_symlink_loops_are_not_followed(tmp_path: Path):
    (tmp_path / "iaas").mkdir()
    (tmp_path / "iaas" / "a.md").write_text("x")
    os.symlink(tmp_path, tmp_path / "iaas" / "loop")
    assert names(tmp_path) == ["iaas/a.md"]


def test_links_to_files_outside_the_root_are_not_read(tmp_path: Path):
    outside = tmp_path / "secret.md"
    outside.write_text("x")
    root = tmp_path / "corpus"
    (root / "iaas").mkdir(parents=True)
    os.symlink(outside, root / "iaas" / "leak.md")
    assert names(root) == []


def test_a_missing_root_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CorpusError, match="does not exist"):
        list(discover(tmp_path / "nope"))


def test_a_file_is_not_a_corpus(tmp_path: Path):
    (tmp_path / "f.md").write_text("x")
    with pytest.raises(CorpusError, match="not a directory"):
        list(discover(tmp_path / "f.md"))


def test_top_level_readme_is_a_repository_file_but_nested_ones_are_minutes():
    assert is_repository_file("README.md")
    assert not is_repository_file("hackathons/x/Readme.md")


def test_a_git_link_placeholder_is_read_as_its_target(tmp_path: Path):
    from indexer.discover import read_source

    (tmp_path / "hackathons").mkdir()
    (tmp_path / "hackathons" / "notes.md").write_text("# Notes\n\n- real content\n")
    (tmp_path / "sig-docs").mkdir()
    (tmp_path / "sig-docs" / "20221122.md").write_text("../hackathons/notes.md")
    assert read_source(tmp_path / "sig-docs" / "20221122.md", tmp_path) == b"# Notes\n\n- real content\n"


def test_a_placeholder_pointing_outside_the_root_stays_as_written(tmp_path: Path):
    from indexer.discover import read_source

    (tmp_path / "secret.md").write_text("secret")
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.md").write_text("../../secret.md")
    assert read_source(root / "a" / "x.md", root) == b"../../secret.md"
