#!/usr/bin/env python3
"""Benchmark `minutes`: build, update, search, memory, against the cheapest possible build.

Runs everything at 1x (the corpus given) and at `--scale` x (a generated corpus made of
renamed, date-shifted copies), prints a table with the issue's targets next to each
figure and writes the raw numbers as JSON so that runs can be compared.

Only public tools: `time.perf_counter`, `/usr/bin/time -v` (else `os.wait4`), `resource`,
`subprocess`. Every measured step runs in a process of its own; the in-process parts
(phase breakdown, floor, warm search) are this same script started in a child mode.

    .venv/bin/python scripts/bench.py --corpus ../shared/corpus/scs-minutes
    .venv/bin/python scripts/bench.py --skip-scaled          # quick: 1x only
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

DEFAULT_CORPUS = "../shared/corpus/scs-minutes"
#: The search needs of the corpus's community: its label file in ../shared/eval/dev (`queries`).
LABELS_DIR = "../shared/eval/dev"
DEFAULT_TOPIC = "zuul"
MINUTES_SUFFIXES = (".md", ".markdown")
REPOSITORY_FILES = {"readme.md", "license.md", "contributing.md", "code_of_conduct.md", "changelog.md", "security.md"}
GNU_TIME = "/usr/bin/time"

# -- the targets ---------------------------------------------------------------
# (scale, metric key, comparison, threshold, how the table shows the target)
#  scale "1x" = the corpus as given, "Nx" = the scaled corpus, "*" = derived across both.
TARGETS: list[tuple[str, str, str, float, str]] = [
    ("1x", "build.wall_s", "<", 12.0, "< 12 s"),
    ("1x", "derived.build_floor_ratio", "<=", 3.0, "<= 3x floor"),
    ("1x", "update_nothing.wall_s", "<", 1.5, "< 1.5 s"),
    ("1x", "update_one.wall_s", "<", 2.5, "< 2.5 s"),
    ("1x", "search.p50_ms", "<", 15.0, "< 15 ms"),
    ("1x", "search.p95_ms", "<", 50.0, "< 50 ms"),
    ("1x", "build.max_rss_mb", "<", 600.0, "< 600 MB"),
    ("Nx", "derived.per_file_ratio", "<=", 1.25, "<= 1.25x 1x"),
    ("Nx", "search.p95_ms", "<", 150.0, "< 150 ms"),
    ("Nx", "build.max_rss_mb", "<", 1536.0, "< 1.5 GB"),
]


class BenchError(Exception):
    """A problem the user must fix (missing corpus ...): one line, exit 2."""


# =====================================================================================
# Pure helpers (unit-tested in tests/test_bench.py)
# =====================================================================================
def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, not {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def shift_date(day: date, n: int, unit: str = "years") -> date:
    """`day` moved by n years (29 Feb becomes 28 Feb when needed) or n days."""
    if unit == "days":
        return day + timedelta(days=n)
    if unit != "years":
        raise ValueError(f"unit must be 'years' or 'days', not {unit!r}")
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + n, day=28)


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_DOTTED_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")


def shift_dates_in(text: str, n: int, unit: str = "years", compact: bool = False) -> str:
    """Shift every valid date in `text`: YYYY-MM-DD, DD.MM.YYYY and (with compact) YYYYMMDD.

    Each keeps its own spelling; strings that are not real dates are left alone.
    """
    def iso(m: re.Match[str], sep: str) -> str:
        try:
            d = shift_date(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), n, unit)
        except ValueError:
            return m.group(0)
        return f"{d.year:04d}{sep}{d.month:02d}{sep}{d.day:02d}"

    def dotted(m: re.Match[str]) -> str:
        try:
            d = shift_date(date(int(m.group(3)), int(m.group(2)), int(m.group(1))), n, unit)
        except ValueError:
            return m.group(0)
        day = f"{d.day:02d}" if len(m.group(1)) == 2 else str(d.day)
        month = f"{d.month:02d}" if len(m.group(2)) == 2 else str(d.month)
        return f"{day}.{month}.{d.year:04d}"

    text = _ISO_DATE.sub(lambda m: iso(m, "-"), text)
    if compact:
        text = _COMPACT_DATE.sub(lambda m: iso(m, ""), text)
    return _DOTTED_DATE.sub(dotted, text)


_FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)?((?:---|\.\.\.)[ \t]*(?:\n|\Z))", re.S)
_FM_DATE = re.compile(r"^(date[ \t]*:)(.*)$", re.M)
_FM_SERIES = re.compile(r"^((?:series|meeting)[ \t]*:[ \t]*)(['\"]?)(.*?)\2[ \t]*$", re.M)
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BLANKED_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(style|script)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)


def first_heading_line(lines: Sequence[str]) -> int | None:
    """Index of the first ATX or setext heading line (outside code fences), or None."""
    fence = None
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if stripped.startswith(("```", "~~~")) and len(line) - len(stripped) <= 3:
            fence = None if fence == stripped[0] else (fence or stripped[0])
            continue
        if fence:
            continue
        if _ATX.match(line):
            return i
        if (i > 0 and _SETEXT.match(line) and lines[i - 1].strip()
                and not lines[i - 1].lstrip().startswith(("-", "*", "+", "#", ">", "|", "<"))):
            return i - 1
    return None


def rewrite_minutes(text: str, n: int, suffix: str, unit: str = "years") -> str:
    """One copy's text: front-matter `date:` shifted and `series:`/`meeting:` suffixed,
    dates in the first heading shifted; everything else (and every line number) unchanged."""
    body_start = 0
    match = _FRONT_MATTER.match(text)
    if match:
        block = match.group(2) or ""
        block = _FM_DATE.sub(lambda m: m.group(1) + shift_dates_in(m.group(2), n, unit), block)
        block = _FM_SERIES.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{suffix}{m.group(2)}", block)
        head = match.group(1) + block + match.group(3)
        text = head + text[match.end():]
        body_start = len(head)
    body = text[body_start:]
    # find the heading the way the parser does: after blanking comments and <style>/<script>
    blanked = _BLANKED_BLOCKS.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    index = first_heading_line(blanked.split("\n"))
    if index is None:
        return text
    lines = body.split("\n")
    lines[index] = shift_dates_in(lines[index], n, unit)
    return text[:body_start] + "\n".join(lines)


def copy_path(rel: str, n: int, suffix: str, unit: str = "years") -> str:
    """Where copy n puts the file `rel`: top folder renamed `<folder><suffix>`, dates in every
    path part shifted; a file at the top gets the suffix on its stem instead."""
    parts = [shift_dates_in(p, n, unit, compact=True) for p in rel.split("/")]
    if len(parts) > 1:
        parts[0] += suffix
    else:
        stem, dot, ext = parts[0].rpartition(".")
        parts[0] = f"{stem}{suffix}.{ext}" if dot else parts[0] + suffix
    return "/".join(parts)


def corpus_files(root: Path) -> list[str]:
    """The minutes files under root as POSIX paths, sorted: what `minutes build` indexes
    (hidden folders and the repository's read-me/licence at the top left out)."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(MINUTES_SUFFIXES):
                continue
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            if "/" not in rel and rel.lower() in REPOSITORY_FILES:
                continue
            out.append(rel)
    return out


def scale_corpus(src: Path, dst: Path, scale: int, unit: str = "years") -> list[str]:
    """Write `scale` copies of the corpus at src into dst and return their paths.

    Copy 0 is the corpus as it is; copy n (1..scale-1) renames every series folder to
    `<series>-xNN` (and a `series:`/`meeting:` in front matter likewise) and moves every date
    (file and folder names, front-matter `date:`, first heading) n years (or days) on.
    When a shift puts two files on one name (28 and 29 February a year on), the second
    gets the suffix on its stem too; ValueError if two files would still share a path.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    files = corpus_files(src)
    written: list[str] = []
    seen: set[str] = set()
    for n in range(scale):
        suffix = f"-x{n:02d}"
        for rel in files:
            target = rel if n == 0 else copy_path(rel, n, suffix, unit)
            if target in seen and n > 0:  # 28 and 29 February shifted onto the same day
                head, _, name = target.rpartition("/")
                stem, dot, ext = name.rpartition(".")
                target = f"{head}/{stem}{suffix}.{ext}" if head else f"{stem}{suffix}.{ext}"
            if target in seen:
                raise ValueError(f"scaled corpus: {rel!r} and another file both map to {target!r}")
            seen.add(target)
            out = dst / target
            out.parent.mkdir(parents=True, exist_ok=True)
            if n == 0:
                shutil.copy2(src / rel, out)
            else:
                raw = (src / rel).read_bytes()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    out.write_bytes(raw)  # odd file: copied as is, the renamed path is enough
                else:
                    out.write_bytes(rewrite_minutes(text, n, suffix, unit).encode("utf-8"))
            written.append(target)
    return written


def new_dated_name(existing: Iterable[str], folder: str, days: int = 7) -> str:
    """A new `folder/YYYYMMDD.md` one week (`days`) after the latest dated name in folder."""
    taken = set(existing)
    latest = date(2000, 1, 1)
    for rel in taken:
        head, _, name = rel.rpartition("/")
        if head != folder:
            continue
        m = _COMPACT_DATE.search(name) or _ISO_DATE.search(name)
        if m:
            try:
                latest = max(latest, date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError:
                pass
    candidate = latest + timedelta(days=days)
    while True:
        name = f"{folder}/{candidate:%Y%m%d}.md" if folder else f"{candidate:%Y%m%d}.md"
        if name not in taken:
            return name
        candidate += timedelta(days=1)


@dataclass
class Row:
    """One line of the table."""

    scale: str
    measure: str
    value: str
    target: str = ""
    status: str = ""  # PASS, FAIL or ""


def format_table(rows: Sequence[Row], title: str = "") -> str:
    """Rows as an aligned plain-text table, a blank line between scales."""
    header = Row("scale", "measure", "value", "target", "result")
    cols = [[r.scale, r.measure, r.value, r.target, r.status] for r in [header, *rows]]
    widths = [max(len(c[i]) for c in cols) for i in range(5)]
    aligns = ["<", "<", ">", "<", "<"]

    def fmt(cells: list[str]) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, aligns, widths)).rstrip()

    out = [title] if title else []
    out.append(fmt(cols[0]))
    out.append("  ".join("-" * w for w in widths))
    previous = None
    for cells, row in zip(cols[1:], rows):
        if previous is not None and row.scale != previous:
            out.append("")
        out.append(fmt(cells))
        previous = row.scale
    return "\n".join(out)


def check(value: float | None, op: str, threshold: float) -> str:
    if value is None:
        return "n/a"
    ok = value < threshold if op == "<" else value <= threshold
    return "PASS" if ok else "FAIL"


def lookup(result: dict[str, Any], key: str) -> Any:
    node: Any = result
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# =====================================================================================
# Measuring processes
# =====================================================================================
@dataclass
class Proc:
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_mb: float  # the largest single process (the command or a worker it waited for)
    tree_peak_mb: float | None  # the largest sum over the process tree seen while it ran (PSS)
    returncode: int
    stdout: str
    stderr: str

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    def summary(self) -> dict[str, Any]:
        return {"wall_s": round(self.wall_s, 4), "cpu_s": round(self.cpu_s, 3), "user_s": round(self.user_s, 3),
                "sys_s": round(self.sys_s, 3), "max_rss_mb": round(self.max_rss_mb, 1),
                "tree_peak_mb": None if self.tree_peak_mb is None else round(self.tree_peak_mb, 1)}


class TreeSampler(threading.Thread):
    """Polls /proc for the total proportional set size (PSS) of a process and its descendants.

    Workers forked from one parent share pages; PSS splits shared pages between them, so
    the sum is what the tree really costs. Falls back to RSS where smaps_rollup is missing.
    """

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.done = threading.Event()
        self.ok = Path("/proc/self/stat").exists()

    def run(self) -> None:
        while self.ok and not self.done.is_set():
            try:
                self.peak_kb = max(self.peak_kb, sum(self._memory(p) for p in self._tree()))
            except Exception:  # a sampler must never break the benchmark
                pass
            self.done.wait(self.interval)

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, ()))
        return out

    @staticmethod
    def _memory(pid: int) -> int:
        for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                    if line.startswith(key):
                        return int(line.split()[1])
            except (OSError, ValueError):
                continue
        return 0


def run_timed(cmd: Sequence[str], cwd: Path | None = None, sample_tree: bool = True) -> Proc:
    """Run cmd to completion: wall time, user+sys CPU (it and the children it waited for),
    peak RSS of its largest process; via /usr/bin/time -v when there is one, else os.wait4."""
    use_gnu_time = Path(GNU_TIME).is_file() and os.access(GNU_TIME, os.X_OK)
    with tempfile.NamedTemporaryFile("r", prefix="bench-time-", suffix=".txt") as report:
        full = [GNU_TIME, "-v", "-o", report.name, *cmd] if use_gnu_time else list(cmd)
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            sampler = TreeSampler(proc.pid) if sample_tree else None
            if sampler:
                sampler.start()
            if use_gnu_time:
                proc.wait()
                wall = time.perf_counter() - started
                returncode = proc.returncode
            else:
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - started
                returncode = os.waitstatus_to_exitcode(status)
                proc.returncode = returncode
            if sampler:
                sampler.done.set()
                sampler.join()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        if use_gnu_time:
            fields = parse_gnu_time(Path(report.name).read_text())
            user, system, rss_kb = fields.get("user", 0.0), fields.get("sys", 0.0), fields.get("max_rss_kb", 0.0)
        else:
            user, system, rss_kb = usage.ru_utime, usage.ru_stime, usage.ru_maxrss
    tree = sampler.peak_kb / 1024 if sampler and sampler.ok and sampler.peak_kb else None
    return Proc(wall, user, system, rss_kb / 1024, tree, returncode, stdout, stderr)


def parse_gnu_time(text: str) -> dict[str, float]:
    wanted = {"User time (seconds)": "user", "System time (seconds)": "sys",
              "Maximum resident set size (kbytes)": "max_rss_kb", "Exit status": "exit"}
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.strip().rpartition(": ")
        if name in wanted:
            try:
                out[wanted[name]] = float(value)
            except ValueError:
                pass
    return out


def minutes_command() -> list[str]:
    script = Path(sys.executable).with_name("minutes")
    return [str(script)] if script.exists() else [sys.executable, "-m", "indexer"]


def child_command(mode: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "_child", mode, *args]


def checked(proc: Proc, what: str) -> Proc:
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"{what} failed with exit status {proc.returncode}: {tail}")
    return proc


def child_json(proc: Proc, what: str) -> dict[str, Any]:
    checked(proc, what)
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{what} printed no result")


# =====================================================================================
# Child modes: run in a process of their own, print one JSON object
# =====================================================================================
def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_phases(corpus: str, workdir: str) -> dict[str, Any]:
    """build's work in one process, one phase at a time (read+parse, NLP, index write)."""
    out: dict[str, Any] = {}
    t = time.perf_counter()
    from indexer.indexing import tasks_for
    from indexer.parse import UnreadableFile, parse_minutes
    from indexer.store import IndexWriter, create
    out["import_s"] = time.perf_counter() - t

    t = time.perf_counter()
    tasks, _ = tasks_for([Path(corpus)])
    parsed = []
    for task in tasks:
        try:
            raw = (Path(task.root) / task.path).read_bytes()
            parsed.append((task, parse_minutes(raw, task.path, task.root)))
        except (OSError, UnreadableFile):
            continue
    out["parse_s"] = time.perf_counter() - t
    out["parse_rss_mb"] = _rss_mb()
    out["files"], out["parsed"] = len(tasks), len(parsed)
    out["sections"] = sum(len(m.sections) for _, m in parsed)
    out["chars"] = sum(len(s.text) for _, m in parsed for s in m.sections)

    t = time.perf_counter()
    from indexer.nlp import annotate, get_pipeline

    get_pipeline()
    out["nlp_load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for _ in annotate(m for _, m in parsed):
        pass
    out["nlp_s"] = time.perf_counter() - t
    out["nlp_rss_mb"] = _rss_mb()

    gen = Path(workdir) / "phases-index"
    gen.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    writer = IndexWriter(create(gen), fresh=True)
    for task, minutes in parsed:
        writer.add_minutes(minutes, task.size, task.mtime)
    out["index_add_s"] = time.perf_counter() - t
    t = time.perf_counter()
    writer.commit()
    out["index_commit_s"] = time.perf_counter() - t
    out["index_write_s"] = out["index_add_s"] + out["index_commit_s"]
    out["index_rss_mb"] = _rss_mb()
    out["entities"] = writer.entities
    shutil.rmtree(gen, ignore_errors=True)
    return out


def child_floor(list_file: str, workdir: str) -> dict[str, Any]:
    """The least a build could cost: blank spaCy tokenizer + a two-field Whoosh index."""
    out: dict[str, Any] = {}
    t = time.perf_counter()
    import spacy
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    nlp = spacy.blank("en")
    out["import_s"] = time.perf_counter() - t
    paths = Path(list_file).read_text().splitlines()
    t = time.perf_counter()
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in paths]
    out["read_s"] = time.perf_counter() - t
    t = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    out["tokenize_s"] = time.perf_counter() - t
    gen = Path(workdir) / "floor-index"
    gen.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    ix = whoosh_index.create_in(str(gen), Schema(path=ID(stored=True), content=TEXT))
    writer = ix.writer()
    for path, text in zip(paths, texts):
        writer.add_document(path=path, content=text)
    writer.commit()
    out["index_s"] = time.perf_counter() - t
    out["files"], out["tokens"] = len(paths), tokens
    shutil.rmtree(gen, ignore_errors=True)
    return out


def child_search(index: str, queries_file: str, runs: str, topic: str) -> dict[str, Any]:
    """Warm process: the engine opened once; every query `runs` times (after one warm-up)."""
    from indexer import query as q

    runs_n = int(runs)
    queries = json.loads(Path(queries_file).read_text())
    t = time.perf_counter()
    engine = q.open_engine(index)
    open_s = time.perf_counter() - t
    first_ms: list[float] = []
    samples: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for text in queries:
        t = time.perf_counter()
        result = q.search(engine, text, limit=10)
        first_ms.append((time.perf_counter() - t) * 1000)
        totals[text] = result.total
        times = samples.setdefault(text, [])
        for _ in range(runs_n):
            t = time.perf_counter()
            q.search(engine, text, limit=10)
            times.append((time.perf_counter() - t) * 1000)
    timeline_ms: list[float] = []
    t = time.perf_counter()
    events = q.timeline(engine, topic).total
    timeline_first = (time.perf_counter() - t) * 1000
    for _ in range(runs_n):
        t = time.perf_counter()
        q.timeline(engine, topic)
        timeline_ms.append((time.perf_counter() - t) * 1000)
    return {"open_s": open_s, "first_ms": first_ms, "samples_ms": samples, "totals": totals,
            "timeline": {"topic": topic, "events": events, "first_ms": timeline_first, "samples_ms": timeline_ms},
            "rss_mb": _rss_mb()}


CHILD_MODES: dict[str, Callable[..., dict[str, Any]]] = {
    "phases": child_phases, "floor": child_floor, "search": child_search,
}


# =====================================================================================
# One suite: everything measured on one corpus
# =====================================================================================
def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median_of(procs: Sequence[Proc]) -> dict[str, Any]:
    """The median run's figures (wall, CPU) and the worst memory over all runs."""
    out = {
        "wall_s": round(statistics.median(p.wall_s for p in procs), 4),
        "cpu_s": round(statistics.median(p.cpu_s for p in procs), 3),
        "max_rss_mb": round(max(p.max_rss_mb for p in procs), 1),
        "tree_peak_mb": max((p.tree_peak_mb for p in procs if p.tree_peak_mb is not None), default=None),
        "runs": [p.summary() for p in procs],
    }
    if out["tree_peak_mb"] is not None:
        out["tree_peak_mb"] = round(out["tree_peak_mb"], 1)
    return out


def run_suite(corpus: Path, work: Path, queries: list[str], args: argparse.Namespace, label: str) -> dict[str, Any]:
    """Every measurement of one corpus: build against the floor, warm search, batch search, updates."""
    files = corpus_files(corpus)
    result: dict[str, Any] = {"corpus": str(corpus), "files": len(files)}
    index = work / "index"
    result.update(measure_builds(corpus, work, files, args, label))
    result.update(measure_searches(index, work, queries, args, label))
    result.update(measure_updates(corpus, index, files, args, label))
    floor_s = result["floor"]["wall_s"]
    result["derived"] = {
        "build_floor_ratio": round(result["build"]["wall_s"] / floor_s, 3) if floor_s else None,
        "build_s_per_file": result["build"]["wall_s"] / len(files) if files else None,
        "build_cpu_s_per_file": result["build"]["cpu_s"] / len(files) if files else None,
    }
    shutil.rmtree(index, ignore_errors=True)
    return result


def measure_builds(corpus: Path, work: Path, files: list[str], args: argparse.Namespace, label: str) -> dict[str, Any]:
    """The floor, the one-process phase breakdown and `minutes build`, each `--repeat` times."""
    minutes = minutes_command()
    index = work / "index"
    list_file = work / "files.txt"
    list_file.write_text("\n".join(str(corpus / f) for f in files) + "\n")
    floor_runs, floor_inner, phase_runs, builds = [], [], [], []
    for r in range(args.repeat):
        log(f"{label}: floor (run {r + 1}/{args.repeat})")
        proc = run_timed(child_command("floor", str(list_file), str(work)), sample_tree=False)
        floor_inner.append(child_json(proc, "the floor run"))
        floor_runs.append(proc)
        if not (args.skip_phases or (label != "1x" and args.skip_scaled_phases)):
            log(f"{label}: phase breakdown, one process (run {r + 1}/{args.repeat})")
            proc = run_timed(child_command("phases", str(corpus), str(work)), sample_tree=False)
            phase_runs.append((proc, child_json(proc, "the phase breakdown")))
        log(f"{label}: minutes build ({len(files)} files, run {r + 1}/{args.repeat})")
        shutil.rmtree(index, ignore_errors=True)
        proc = checked(run_timed([*minutes, "build", "--quiet", "--index", str(index), str(corpus)]), "minutes build")
        builds.append(proc)
    result: dict[str, Any] = {"floor": {**median_of(floor_runs), "inner": floor_inner},
                              "build": {**median_of(builds), "output": builds[-1].stdout.strip() or builds[-1].stderr.strip()}}
    if phase_runs:
        keys = [k for k in phase_runs[0][1] if k.endswith("_s")]
        phases = {k: round(statistics.median(inner[k] for _, inner in phase_runs), 4) for k in keys}
        phases["total_s"] = round(statistics.median(p.wall_s for p, _ in phase_runs), 4)
        phases["max_rss_mb"] = round(max(p.max_rss_mb for p, _ in phase_runs), 1)
        phases["inner"] = [inner for _, inner in phase_runs]
        result["phases"] = phases
    return result


def measure_searches(index: Path, work: Path, queries: list[str], args: argparse.Namespace, label: str) -> dict[str, Any]:
    """Warm search and timeline in one process, then `minutes search --batch` as a user runs it."""
    queries_json = work / "queries.json"
    queries_json.write_text(json.dumps(queries))
    queries_txt = work / "queries.txt"
    queries_txt.write_text("\n".join(queries) + "\n")
    log(f"{label}: warm search, {len(queries)} queries x {args.search_runs}")
    proc = run_timed(child_command("search", str(index), str(queries_json), str(args.search_runs), args.topic),
                     sample_tree=False)
    inner = child_json(proc, "the search run")
    samples = [ms for times in inner["samples_ms"].values() for ms in times]
    tl = inner["timeline"]["samples_ms"]
    result: dict[str, Any] = {"search": {
        "p50_ms": round(percentile(samples, 50), 3), "p95_ms": round(percentile(samples, 95), 3),
        "max_ms": round(max(samples), 3), "first_p50_ms": round(percentile(inner["first_ms"], 50), 3),
        "open_s": round(inner["open_s"], 4), "samples": len(samples),
        "per_query_p50_ms": {k: round(percentile(v, 50), 3) for k, v in inner["samples_ms"].items()},
        "totals": inner["totals"],
    }}
    result["timeline"] = {"topic": args.topic, "events": inner["timeline"]["events"],
                          "p50_ms": round(percentile(tl, 50), 3), "p95_ms": round(percentile(tl, 95), 3),
                          "first_ms": round(inner["timeline"]["first_ms"], 3)}
    batch = []
    for r in range(args.repeat):
        log(f"{label}: minutes search --batch --json (run {r + 1}/{args.repeat})")
        batch.append(checked(run_timed([*minutes_command(), "search", "--batch", str(queries_txt), "--json",
                                        "--index", str(index)], sample_tree=False), "minutes search --batch"))
    result["search_process"] = median_of(batch)
    return result


def measure_updates(corpus: Path, index: Path, files: list[str], args: argparse.Namespace, label: str) -> dict[str, Any]:
    """`minutes update` with nothing changed, and with one new file (removed again afterwards)."""
    minutes = minutes_command()
    nothing, one = [], []
    donor = files[len(files) // 2] if files else None
    for r in range(args.repeat):
        log(f"{label}: minutes update, nothing changed (run {r + 1}/{args.repeat})")
        nothing.append(checked(run_timed([*minutes, "update", "--quiet", "--index", str(index), str(corpus)]),
                               "minutes update"))
        if donor:
            folder = donor.rpartition("/")[0]
            new = new_dated_name(corpus_files(corpus), folder)
            log(f"{label}: minutes update, one new file {new} (run {r + 1}/{args.repeat})")
            shutil.copyfile(corpus / donor, corpus / new)
            try:
                one.append(checked(run_timed([*minutes, "update", "--quiet", "--index", str(index), str(corpus)]),
                                   "minutes update"))
            finally:
                (corpus / new).unlink()
            checked(run_timed([*minutes, "update", "--quiet", "--index", str(index), str(corpus)], sample_tree=False),
                    "minutes update")  # back to the corpus as it was (not timed)
    result: dict[str, Any] = {"update_nothing": median_of(nothing)}
    if one:
        result["update_one"] = {**median_of(one), "output": one[-1].stdout.strip() or one[-1].stderr.strip()}
    return result


# =====================================================================================
# Report
# =====================================================================================
def rows_for(label: str, res: dict[str, Any], key: str) -> list[Row]:
    """The table rows of one suite; `key` is "1x" or "Nx" (which targets apply)."""
    targets = {metric: (op, threshold, text) for scale, metric, op, threshold, text in TARGETS if scale == key}

    def row(measure: str, metric: str | None, text: str) -> Row:
        if metric and metric in targets:
            op, threshold, target = targets[metric]
            return Row(label, measure, text, target, check(lookup(res, metric), op, threshold))
        return Row(label, measure, text)

    b, f = res["build"], res["floor"]
    out = [
        row("files", None, str(res["files"])),
        row("build wall (whole process)", "build.wall_s", f"{b['wall_s']:.2f} s"),
        row("build CPU (user+sys, all processes)", None, f"{b['cpu_s']:.2f} s"),
        row("build peak RSS (largest process)", "build.max_rss_mb", f"{b['max_rss_mb']:.0f} MB"),
    ]
    if b.get("tree_peak_mb") is not None:
        out.append(row("build peak PSS (process tree)", None, f"{b['tree_peak_mb']:.0f} MB"))
    out += [
        row("floor wall (blank spaCy + Whoosh)", None, f"{f['wall_s']:.2f} s"),
        row("build / floor", "derived.build_floor_ratio", f"{res['derived']['build_floor_ratio']:.2f}x"),
        row("build per file", None, f"{res['derived']['build_s_per_file'] * 1000:.2f} ms"),
    ]
    if "per_file_ratio" in res["derived"]:
        out.append(row("build per file vs 1x", "derived.per_file_ratio", f"{res['derived']['per_file_ratio']:.2f}x"))
        out.append(row("build CPU per file vs 1x", None, f"{res['derived']['cpu_per_file_ratio']:.2f}x"))
    p = res.get("phases")
    if p:
        out += [
            row("phase: imports (one process)", None, f"{p['import_s']:.2f} s"),
            row("phase: read + parse", None, f"{p['parse_s']:.2f} s"),
            row("phase: NLP pipeline load", None, f"{p['nlp_load_s']:.2f} s"),
            row("phase: NLP annotate", None, f"{p['nlp_s']:.2f} s"),
            row("phase: index write (add)", None, f"{p['index_add_s']:.2f} s"),
            row("phase: index write (commit)", None, f"{p['index_commit_s']:.2f} s"),
            row("phase: whole process", None, f"{p['total_s']:.2f} s"),
        ]
    out += [
        row("update, nothing changed", "update_nothing.wall_s", f"{res['update_nothing']['wall_s']:.2f} s"),
    ]
    if "update_one" in res:
        out.append(row("update, one new file", "update_one.wall_s", f"{res['update_one']['wall_s']:.2f} s"))
    s, t, sp = res["search"], res["timeline"], res["search_process"]
    out += [
        row(f"search p50 (warm, {s['samples']} runs)", "search.p50_ms", f"{s['p50_ms']:.1f} ms"),
        row("search p95 (warm)", "search.p95_ms", f"{s['p95_ms']:.1f} ms"),
        row(f"timeline {t['topic']!r} p50 ({t['events']} events)", None, f"{t['p50_ms']:.1f} ms"),
        row(f"timeline {t['topic']!r} p95", None, f"{t['p95_ms']:.1f} ms"),
        row("search --batch process wall", None, f"{sp['wall_s']:.2f} s"),
        row("search --batch process peak RSS", None, f"{sp['max_rss_mb']:.0f} MB"),
    ]
    return out


def evaluate_targets(results: dict[str, Any], scaled_label: str | None) -> list[dict[str, Any]]:
    checks = []
    for scale, metric, op, threshold, text in TARGETS:
        label = "1x" if scale == "1x" else scaled_label
        if label is None or label not in results:
            continue
        value = lookup(results[label], metric)
        checks.append({"scale": label, "metric": metric, "value": value, "op": op, "threshold": threshold,
                       "target": text, "result": check(value, op, threshold)})
    return checks


# =====================================================================================
# Main
# =====================================================================================
def load_queries(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text())
        queries = [q["query"] for q in data["queries"] if q.get("query")]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BenchError(f"cannot read the search queries from {str(path)!r} ({exc.__class__.__name__})") from None
    if not queries:
        raise BenchError(f"no queries in {str(path)!r}")
    return queries


def default_queries(corpus: Path) -> Path:
    """The label file of the corpus's community: `<LABELS_DIR>/<corpus folder name>.json`."""
    return Path(LABELS_DIR) / f"{corpus.resolve().name}.json"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help=f"minutes corpus (default {DEFAULT_CORPUS})")
    p.add_argument("--scale", type=int, default=20, help="size of the scaled corpus, in copies (default 20)")
    p.add_argument("--skip-scaled", action="store_true", help="1x only (a quick run)")
    p.add_argument("--skip-phases", action="store_true", help="leave out the one-process phase breakdown")
    p.add_argument("--skip-scaled-phases", action="store_true",
                   help="phase breakdown at 1x only (at 20x it takes longer than the build itself)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each timed process; the median is reported")
    p.add_argument("--search-runs", type=int, default=20, help="runs of each query in the warm search (default 20)")
    p.add_argument("--queries", default=None,
                   help=f"search queries: a label file's `queries` (default {LABELS_DIR}/<corpus folder name>.json)")
    p.add_argument("--topic", default=DEFAULT_TOPIC, help=f"timeline topic (default {DEFAULT_TOPIC!r})")
    p.add_argument("--shift", choices=("years", "days"), default="years", help="how copies move dates (n years or n days)")
    p.add_argument("--out", default=None, help="JSON results (default bench-results/bench-<timestamp>.json)")
    args = p.parse_args(argv)
    for name in ("scale", "repeat", "search_runs"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        mode = CHILD_MODES[argv[1]]
        print(json.dumps(mode(*argv[2:])))
        return 0
    args = parse_args(argv)
    try:
        corpus = Path(args.corpus)
        if not corpus.is_dir():
            raise BenchError(f"corpus directory {args.corpus!r} does not exist")
        if not corpus_files(corpus):
            raise BenchError(f"corpus directory {args.corpus!r} holds no minutes files")
        queries = load_queries(Path(args.queries) if args.queries else default_queries(corpus))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2

    stamp = time.strftime("%Y%m%d-%H%M%S")
    out_path = Path(args.out) if args.out else Path("bench-results") / f"bench-{stamp}.json"
    results: dict[str, Any] = {}
    scaled_label = None if args.skip_scaled or args.scale == 1 else f"{args.scale}x"
    started = time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    try:
        with tempfile.TemporaryDirectory(prefix="minutes-bench-") as tmp:
            tmp_path = Path(tmp)
            # 1x runs on a copy, so that "update with one new file" never writes into the real corpus
            one = tmp_path / "corpus-1x" / corpus.resolve().name
            scale_corpus(corpus, one, 1)
            (tmp_path / "work-1x").mkdir()
            results["1x"] = run_suite(one, tmp_path / "work-1x", queries, args, "1x")
            shutil.rmtree(tmp_path / "corpus-1x", ignore_errors=True)
            if scaled_label:
                log(f"{scaled_label}: writing the scaled corpus")
                big = tmp_path / f"corpus-{scaled_label}" / corpus.resolve().name
                t = time.perf_counter()
                scale_corpus(corpus, big, args.scale, args.shift)
                gen_s = time.perf_counter() - t
                (tmp_path / f"work-{scaled_label}").mkdir()
                res = run_suite(big, tmp_path / f"work-{scaled_label}", queries, args, scaled_label)
                res["generate_s"] = round(gen_s, 2)
                one_per_file = results["1x"]["derived"]["build_s_per_file"]
                res["derived"]["per_file_ratio"] = round(res["derived"]["build_s_per_file"] / one_per_file, 3)
                one_cpu = results["1x"]["derived"]["build_cpu_s_per_file"]
                res["derived"]["cpu_per_file_ratio"] = round(res["derived"]["build_cpu_s_per_file"] / one_cpu, 3)
                results[scaled_label] = res
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    except (RuntimeError, OSError, ValueError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1

    rows = rows_for("1x", results["1x"], "1x")
    if scaled_label:
        rows += rows_for(scaled_label, results[scaled_label], "Nx")
    checks = evaluate_targets(results, scaled_label)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    title = (f"minutes bench  corpus {args.corpus} ({results['1x']['files']} files)  "
             f"{cpus} CPUs  repeat {args.repeat}  {time.strftime('%Y-%m-%d %H:%M')}")
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load_before and load_before[0] > 0.5:
        title += f"\nnote: load average was {load_before[0]:.2f} when the bench started: other work was running, times are noisy"
    print(format_table(rows, title))
    passed = sum(c["result"] == "PASS" for c in checks)
    print(f"\ntargets: {passed}/{len(checks)} PASS; total bench time {time.perf_counter() - started:.0f} s")

    report = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": {"cpus": cpus, "python": platform.python_version(), "platform": platform.platform(),
                 "gnu_time": Path(GNU_TIME).is_file(), "loadavg_before": load_before, "loadavg_after": load_after},
        "args": {k: v for k, v in vars(args).items()},
        "results": results,
        "checks": checks,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"results written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
