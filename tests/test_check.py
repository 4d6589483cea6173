"""`minutes check`: every section on disk is in the index, whole."""
from __future__ import annotations

from pathlib import Path

from indexer import indexing
from indexer.check import check
from indexer.store import writer


def test_a_whole_index_passes(tiny_index: Path):
    assert check(tiny_index).ok


def test_text_cut_in_the_index_is_a_problem(tiny_corpus: Path, tmp_path: Path, monkeypatch):
    (tiny_corpus / "infra" / "20240601.md").write_text("# 2024-06-01\n\n## Long\n\n" + "word " * 5000 + "tail\n")
    whole = writer.section_document

    def cut(minutes, section, fid):  # what an index made by a version that cut long lines holds
        doc = whole(minutes, section, fid)
        doc["body"] = doc["body"][:1000]
        return doc

    monkeypatch.setattr(writer, "section_document", cut)
    indexing.build(tmp_path / "ix", [tiny_corpus], workers=1)
    report = check(tmp_path / "ix")
    assert not report.ok
    assert any(p.startswith("text cut in the index: infra/20240601.md:3") for p in report.problems)
