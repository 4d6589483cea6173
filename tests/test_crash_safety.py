"""kill -9 at random moments of build and update: the index always opens with the old or the new state."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.check import check
from indexer.indexing import build, update
from indexer.query import open_engine, search
from indexer.store import IndexDir

from .conftest import PROJECT, SAMPLE_CORPUS

pytestmark = pytest.mark.slow
TRIALS = 12  # kills per command: 24 in all
MAX_ATTEMPTS = 40  # a run that ends before its kill does not count; try again, within bounds


def start(command: str, corpus: Path, index: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indexer", command, str(corpus), "--index", str(index), "--quiet", "--workers", "2"],
                            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_at_random(process: subprocess.Popen, rng: random.Random, longest: float) -> bool:
    """Kill the process after a random delay; True when it was still running."""
    time.sleep(rng.uniform(0.0, longest))
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return alive


def run_time(command: str, corpus: Path, index: Path) -> float:
    """How long one undisturbed run takes here: kills are drawn within that time."""
    started = time.monotonic()
    assert start(command, corpus, index).wait() == 0
    return time.monotonic() - started


def answers(index: Path) -> int:
    engine = open_engine(index)
    try:
        return search(engine, "upgrade").total
    finally:
        engine.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE_CORPUS, tmp_path / "corpus"))


def test_killed_builds_leave_the_previous_index_whole(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    build(index, [corpus], workers=1)
    baseline = answers(index)
    longest = run_time("build", corpus, index)
    rng = random.Random(7)
    killed = attempts = 0
    while killed < TRIALS and attempts < MAX_ATTEMPTS:
        attempts += 1
        killed += kill_at_random(start("build", corpus, index), rng, longest)
        assert answers(index) == baseline  # same corpus: old and new state answer alike
        assert check(index).ok
    assert killed == TRIALS, "the kills came too late to test anything"
    assert len([p for p in index.iterdir() if p.name.startswith("gen-")]) <= 2


def test_killed_updates_leave_an_index_that_the_next_update_repairs(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    build(index, [corpus], workers=1)
    (corpus / "infra" / "20251231.md").write_text("# 2025-12-31\n\n## Calibration\n\n- timing run\n")
    longest = run_time("update", corpus, index)
    rng = random.Random(11)
    killed = trial = 0
    while killed < TRIALS and trial < MAX_ATTEMPTS:
        trial += 1
        new = corpus / "infra" / f"2026010{trial % 10}-{trial}.md"
        new.write_text(f"# 2026-01-0{trial % 10}\n\n## Trial {trial}\n\n- crashtest{trial} upgrade of OVN\n")
        victim = sorted((corpus / "board").glob("*.md"))[trial % 5]
        victim.write_text(victim.read_text() + f"\n## Added in trial {trial}\n\n- more text\n")
        killed += kill_at_random(start("update", corpus, index), rng, longest)
        assert answers(index) > 0  # opens and answers: old state or new
    update(index, [corpus], workers=1)
    report = check(index)
    assert report.ok, report.problems[:5]
    assert search(open_engine(index), f"crashtest{trial}").total == 1
    assert killed == TRIALS


def test_searches_keep_answering_while_an_update_runs(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    build(index, [corpus], workers=1)
    for n in range(10):
        (corpus / "containers" / f"2026020{n}.md").write_text(f"# 2026-02-0{n}\n\n## Topic {n}\n\n- kubernetes upgrade {n}\n")
    engine = open_engine(index)
    process = start("update", corpus, index)
    queries = 0
    while process.poll() is None:
        engine.refresh()
        assert search(engine, "kubernetes upgrade").total > 0
        queries += 1
    assert process.returncode == 0 and queries > 0
    engine.refresh()
    assert search(engine, "kubernetes upgrade 9").hits


def test_two_updates_at_once_never_corrupt(corpus: Path, tmp_path: Path):
    index = tmp_path / "index"
    build(index, [corpus], workers=1)
    (corpus / "infra" / "20260301.md").write_text("# 2026-03-01\n\n## Parallel\n\n- twin update\n")
    first, second = start("update", corpus, index), start("update", corpus, index)
    codes = sorted([first.wait(), second.wait()])
    assert codes[0] == 0 and codes[1] in (0, 1)  # the second waits or stops with a message
    assert check(index).ok and IndexDir(index).exists()
