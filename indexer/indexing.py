"""Build and update: discover files, parse and annotate them in worker processes, write the index.

The one place where the steps meet. Workers do the CPU-heavy part (parsing, spaCy)
and hand back plain `Minutes`; the main process alone writes to Whoosh.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .discover import REPOSITORY_FILE, SourceFile, discover, is_repository_file, read_source
from .aliases import merge as merge_aliases
from .aliases import read_overrides
from .model import Minutes, Skipped
from .nlp.alias_learning import Learner
from .parse import UnreadableFile, parse_minutes
from .store import IndexDir, IndexWriter, ShardWriter, commit_shards, create, indexed_files, open_index, read_meta, write_meta

#: Below this many files, work in-process: starting workers costs more than it saves.
PARALLEL_THRESHOLD = 40
#: The index's layout and analysis. Bump it when either changes: `update` then rebuilds,
#: since documents analysed two ways would rank inconsistently. (2: link words weigh less; 3: a summary column; 4: versions under their release lines;
#: 5: file records keep their section count; 6: each section dated by its own meeting; 7: items carry confidence and status.)
SCHEMA_VERSION = 7

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    """What a build or update did, for the one-line report."""

    files: int = 0  # files (re-)indexed
    sections: int = 0
    entities: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    repaired: list[Skipped] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: bool = False  # an update that had to rebuild (index from an older version)

    def line(self, action: str) -> str:
        if action == "update" and self.rebuilt:
            head = f"rebuilt (the index was made by an older version of minutes): {self.files} files"
        elif action == "update":
            head = f"updated: {self.added} added, {self.changed} changed, {self.removed} removed, {self.unchanged} unchanged"
        else:
            head = f"built: {self.files} files"
        return (f"{head}; {self.sections} sections, {self.entities} entities, "
                f"{len(self.skipped)} skipped, {len(self.repaired)} repaired, {self.seconds:.1f} s")


@dataclass(frozen=True)
class Task:
    root: str
    path: str
    size: int
    mtime: int


@dataclass
class Outcome:
    task: Task
    minutes: Minutes | None
    skipped: str = ""
    digest: str = ""


def analyse(task: Task) -> Outcome:
    """Read, parse and annotate one file; never raises for a bad file."""
    from .nlp import annotate

    full = Path(task.root) / task.path
    try:
        raw = read_source(full, Path(task.root))
    except OSError as exc:
        return Outcome(task, None, f"unreadable ({exc.strerror or exc.__class__.__name__})")
    digest = hashlib.sha1(raw).hexdigest()
    try:
        minutes = parse_minutes(raw, task.path, task.root)
    except UnreadableFile as exc:
        return Outcome(task, None, str(exc), digest)
    try:
        minutes = next(iter(annotate([minutes])))
    except Exception as exc:  # one odd file must not stop a build of hundreds, nor leave the index
        minutes.warnings.append(f"entities and decisions left out ({exc.__class__.__name__}: {exc})")
    return Outcome(task, minutes, "", digest)


def analyse_all(tasks: Sequence[Task], workers: int) -> Iterator[Outcome]:
    """Outcomes in task order, from worker processes when there is enough work."""
    if workers <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        yield from map(analyse, tasks)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(analyse, tasks, chunksize=4)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def tasks_for(roots: Iterable[Path]) -> tuple[list[Task], list[Skipped]]:
    tasks: list[Task] = []
    skipped: list[Skipped] = []
    for root in roots:
        for source in discover(root):
            if is_repository_file(source.path):
                skipped.append(Skipped(source.path, REPOSITORY_FILE))
                continue
            tasks.append(_task(source))
    return tasks, skipped


def _task(source: SourceFile) -> Task:
    return Task(str(source.root), source.path, source.size, source.mtime_ns)


def _write(writer: IndexWriter, outcomes: Iterable[Outcome], summary: Summary, progress: Progress | None, total: int) -> None:
    for n, outcome in enumerate(outcomes, 1):
        task = outcome.task
        if outcome.minutes is None:
            writer.add_skipped(task.root, task.path, outcome.skipped, outcome.digest, task.size, task.mtime)
            summary.skipped.append(Skipped(task.path, outcome.skipped))
        else:
            writer.add_minutes(outcome.minutes, task.size, task.mtime)
            summary.files += 1
            if outcome.minutes.warnings:
                summary.repaired.append(Skipped(task.path, "; ".join(outcome.minutes.warnings)))
        if progress:
            progress(n, total)


@dataclass
class ShardResult:
    """What one worker wrote: its segment and its share of the summary."""

    segment: object
    summary: Summary
    learner: Learner | None = None


_progress_counter = None  # a shared counter, set before the workers are forked


def index_shard(job: tuple[str, list[Task]]) -> ShardResult:
    """Parse, annotate and write one shard of the files into its own segment (in a worker)."""
    gen, tasks = job
    writer = ShardWriter(Path(gen))
    summary = Summary()
    learner = Learner()
    _write(writer, _learning(map(analyse, tasks), learner), summary, _count_one, len(tasks))
    summary.sections, summary.entities = writer.sections, writer.entities
    return ShardResult(writer.finish(), summary, learner)


def _learning(outcomes: Iterable[Outcome], learner: Learner) -> Iterator[Outcome]:
    """Pass the outcomes on, counting each file's words for the aliases learned from the corpus."""
    for outcome in outcomes:
        if outcome.minutes is not None:
            learner.add("\n".join(s.text for s in outcome.minutes.sections))
        yield outcome


def learned_aliases(results: Sequence[ShardResult], roots: Sequence[Path]) -> list[dict]:
    """The corpus's alias groups (all shards' counts together), with the roots' override files applied."""
    learner = Learner()
    for r in results:
        if r.learner is not None:
            learner.merge(r.learner)
    return merge_aliases(learner.result(), read_overrides(roots))


def _count_one(done: int, total: int) -> None:
    if _progress_counter is not None:
        with _progress_counter.get_lock():
            _progress_counter.value += 1


def balanced_shards(tasks: Sequence[Task], count: int) -> list[list[Task]]:
    """Split the files into `count` shards of about equal bytes (largest first, to the lightest shard)."""
    shards: list[list[Task]] = [[] for _ in range(count)]
    weights = [0] * count
    for task in sorted(tasks, key=lambda t: -t.size):
        lightest = weights.index(min(weights))
        shards[lightest].append(task)
        weights[lightest] += task.size + 2048  # a file costs something however small
    return [sorted(shard, key=lambda t: (t.root, t.path)) for shard in shards if shard]


def _run_shards(gen: Path, tasks: Sequence[Task], workers: int, progress: Progress | None) -> list[ShardResult]:
    global _progress_counter
    if workers <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        return [index_shard((str(gen), list(tasks)))] if tasks else []
    context = multiprocessing.get_context("fork")
    _progress_counter = context.Value("i", 0)
    try:
        with context.Pool(workers) as pool:
            pending = pool.map_async(index_shard, [(str(gen), shard) for shard in balanced_shards(tasks, workers)])
            while not pending.ready():
                pending.wait(0.2)
                if progress:
                    progress(_progress_counter.value, len(tasks))
            return pending.get()
    finally:
        _progress_counter = None


def build(index_path: Path, roots: Sequence[Path], workers: int | None = None,
          progress: Progress | None = None, wait: float = 0.0) -> Summary:
    """Index `roots` from scratch into a new generation; swap it in only when complete.

    Each worker parses, annotates and writes its own shard of the files as one
    segment; the segments become the index in a single commit.
    """
    started = time.perf_counter()
    summary = Summary()
    index_dir = IndexDir(index_path)
    tasks, summary.skipped = tasks_for(roots)  # checks the roots before anything is written
    with index_dir.lock(wait):
        index_dir.remove_stale(keep=None)
        gen = index_dir.new_generation()
        try:
            create(gen)
            results = _run_shards(gen, tasks, workers or default_workers(), progress)
            commit_shards(gen, [r.segment for r in results])
            for r in results:
                summary.files += r.summary.files
                summary.sections += r.summary.sections
                summary.entities += r.summary.entities
                summary.skipped += r.summary.skipped
                summary.repaired += r.summary.repaired
            summary.skipped.sort(key=lambda s: s.path)
            summary.repaired.sort(key=lambda s: s.path)
            summary.seconds = time.perf_counter() - started
            write_meta(gen, {**_meta(roots, summary, "build"), "aliases": learned_aliases(results, roots)})
        except BaseException:
            import shutil

            shutil.rmtree(gen, ignore_errors=True)
            raise
        index_dir.publish(gen)
    return summary


def update(index_path: Path, roots: Sequence[Path], workers: int | None = None,
           progress: Progress | None = None, wait: float = 0.0) -> Summary:
    """Bring the index up to date with `roots`: only new, changed and deleted files are touched."""
    started = time.perf_counter()
    index_dir = IndexDir(index_path)
    if not index_dir.exists():
        return build(index_path, roots, workers, progress, wait)
    if read_meta(index_dir.current()).get("schema") != SCHEMA_VERSION:
        summary = build(index_path, roots, workers, progress, wait)
        summary.rebuilt = True
        return summary
    summary = Summary()
    tasks, summary.skipped = tasks_for(roots)
    with index_dir.lock(wait):
        gen = index_dir.current()
        ix = open_index(gen)
        known = indexed_files(ix)
        root_names = {str(Path(r).resolve()) for r in roots}
        on_disk = {(t.root, t.path): t for t in tasks}
        todo: list[Task] = []
        for key, task in on_disk.items():
            record = known.get(key)
            if record is None:
                todo.append(task)
                summary.added += 1
            elif record.size != task.size or record.mtime != task.mtime:
                todo.append(task)  # maybe changed: the digest decides below
            else:
                summary.unchanged += 1
        removed = [key for key in known if key[0] in root_names and key not in on_disk]
        outcomes = list(analyse_all(todo, workers or default_workers()))
        writer = IndexWriter(ix, fresh=False)
        try:
            fresh_outcomes = []
            for outcome in outcomes:
                record = known.get((outcome.task.root, outcome.task.path))
                if record is not None and record.digest == outcome.digest and not record.skipped:
                    summary.unchanged += 1  # touched, not changed: just remember the new stat
                    writer.touch(record, outcome.task.size, outcome.task.mtime)
                    continue
                if record is not None:
                    summary.changed += 1
                fresh_outcomes.append(outcome)
            _write(writer, fresh_outcomes, summary, progress, len(fresh_outcomes))
            for root, path in removed:
                writer.remove(root, path)
            summary.removed = len(removed)
            if fresh_outcomes or removed or writer.touched:
                writer.commit()
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()
            raise
        summary.sections, summary.entities = writer.sections, writer.entities
        summary.seconds = time.perf_counter() - started
        meta = read_meta(gen)
        meta_roots = list(dict.fromkeys(meta.get("roots", []) + sorted(root_names)))
        write_meta(gen, {**meta, **_meta([Path(r) for r in meta_roots], summary, "update")})
    return summary


def _meta(roots: Sequence[Path], summary: Summary, action: str) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "roots": [str(Path(r).resolve()) for r in roots],
        f"last_{action}": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "last_change": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "last_summary": summary.line(action),
    }


def index_roots(index_path: Path) -> list[Path]:
    """The corpus roots an existing index was built from (empty when there is none)."""
    index_dir = IndexDir(index_path)
    if not index_dir.exists():
        return []
    return [Path(r) for r in read_meta(index_dir.current()).get("roots", [])]
