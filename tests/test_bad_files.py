"""Whatever lands in the repository, build and update go on and say what they skipped or repaired."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.check import check
from indexer.indexing import build, update
from indexer.query import open_engine, search
from indexer.status import index_status

GOOD = "# 2024-05-01\n\n## Ceph\n\n- the good file mentions zookeeper\n"


@pytest.fixture
def messy_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "minutes"
    files: dict[str, bytes] = {
        "ops/20240501.md": GOOD.encode(),
        "ops/20240502.md": b"# 2024-05-02\n\n## Bad bytes \xff\xfe here\n\n- still indexed\n",
        "ops/20240503.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary",
        "ops/20240504.md": b"",
        "ops/20240505.md": b"---\ntitle: only front matter\n---\n",
        "ops/20240506.md": b"---\ntitle: [broken\n  yaml: : :\n---\n# 2024-05-06\n\n## Broken YAML above\n\n- content survives\n",
        "ops/20240507.md": b"\xef\xbb\xbf# 2024-05-07\r\n\r\n## Windows file\r\n\r\n- crlf and bom\r\n",
        "ops/20240508.md": b"# 2024-05-08\n\n## Page\n\n<script>alert(1)</script>\n<style>.x{color:red}</style>\n<!-- hidden note -->\n- visible\n",
        "ops/20240509.md": ("# 2024-05-09\n\n## Deep\n\n" + "".join("  " * n + "- level\n" for n in range(500))).encode(),
        "ops/20240510.md": ("# 2024-05-10\n\n## One long line\n\n" + "word " * 400_000 + "lastword\n").encode(),
        "ops/20240511.md": ("# 2024-05-11\n\n" + "".join(f"## Part {n}\n\n" + "ceph keeps growing. " * 2500 + "\n\n" for n in range(400))).encode(),
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    os.symlink(root, root / "ops" / "loop")
    os.symlink(root / "nowhere.md", root / "ops" / "dangling.md")
    return root


def test_build_goes_on_and_reports_every_skipped_or_repaired_file(messy_corpus: Path, tmp_path: Path):
    summary = build(tmp_path / "ix", [messy_corpus], workers=2)
    skipped = {s.path: s.reason for s in summary.skipped}
    repaired = {r.path: r.reason for r in summary.repaired}
    assert skipped == {"ops/20240503.md": "binary file (NUL bytes)"}
    assert "UTF-8" in repaired["ops/20240502.md"]
    assert "front matter" in repaired["ops/20240506.md"]
    assert "ops/20240510.md" not in repaired and "larger than" in repaired["ops/20240511.md"]
    assert summary.files == 10
    engine = open_engine(tmp_path / "ix")
    assert search(engine, "zookeeper").hits[0].path == "ops/20240501.md"
    assert search(engine, "lastword").hits[0].path == "ops/20240510.md"  # a long line is searchable to its end
    assert search(engine, "content survives").hits[0].path == "ops/20240506.md"
    assert search(engine, "crlf bom").hits[0].heading == "Windows file"
    assert search(engine, "alert").total == 0 and search(engine, "hidden note").total == 0
    assert check(tmp_path / "ix").ok


def test_skipped_files_and_reasons_are_kept_in_the_index(messy_corpus: Path, tmp_path: Path):
    build(tmp_path / "ix", [messy_corpus], workers=1)
    status = index_status(tmp_path / "ix")
    reasons = {f["path"]: f["reason"] for f in status["skipped_files"]}
    assert reasons["ops/20240503.md"] == "binary file (NUL bytes)"
    assert reasons["ops/20240502.md"].startswith("repaired: not UTF-8")


def test_a_file_that_becomes_readable_is_picked_up_by_update(messy_corpus: Path, tmp_path: Path):
    build(tmp_path / "ix", [messy_corpus], workers=1)
    (messy_corpus / "ops" / "20240503.md").write_text("# 2024-05-03\n\n## Fixed\n\n- now text about rookify\n")
    summary = update(tmp_path / "ix", [messy_corpus], workers=1)
    assert summary.changed == 1 and not any(s.path == "ops/20240503.md" for s in summary.skipped)
    assert search(open_engine(tmp_path / "ix"), "rookify").total == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_skipped_with_its_reason(messy_corpus: Path, tmp_path: Path):
    locked = messy_corpus / "ops" / "20240512.md"
    locked.write_text(GOOD)
    locked.chmod(0)
    summary = build(tmp_path / "ix", [messy_corpus], workers=1)
    assert any(s.path == "ops/20240512.md" and "unreadable" in s.reason for s in summary.skipped)
