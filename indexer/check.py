"""The nothing-lost check: every section parsed from the corpus is in the index, and nothing else."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .discover import minutes_files, read_source
from .model import Section
from .parse import UnreadableFile, parse_minutes
from .store import IndexDir, indexed_files, open_index, read_meta, section_keys


@dataclass
class CheckReport:
    files: int = 0
    sections: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        verdict = "ok" if self.ok else f"{len(self.problems)} problems"
        return f"check: {self.files} files, {self.sections} sections on disk; {verdict}"

    def to_json(self) -> dict:
        return {"ok": self.ok, "files": self.files, "sections": self.sections, "problems": self.problems}


def check(index_path: Path, roots: Sequence[Path] | None = None) -> CheckReport:
    """Compare the corpus on disk, parsed afresh, with what the index holds."""
    gen = IndexDir(index_path).current()
    ix = open_index(gen)
    if roots is None:
        roots = [Path(r) for r in read_meta(gen).get("roots", [])]
    expected: dict[tuple[str, str, int], int] = {}  # section -> length of its text
    report = CheckReport()
    known = indexed_files(ix)
    on_disk: set[tuple[str, str]] = set()
    for root in roots:
        for source in minutes_files(root):
            key = (str(source.root), source.path)
            on_disk.add(key)
            report.files += 1
            if key not in known:
                report.problems.append(f"missing file: {source.path}")
                continue
            if known[key].skipped:
                continue
            try:
                minutes = parse_minutes(read_source(source.full_path, source.root), source.path, str(source.root))
            except (OSError, UnreadableFile):
                report.problems.append(f"unreadable now, indexed before: {source.path}")
                continue
            if minutes.digest != known[key].digest:
                report.problems.append(f"changed since indexed (run 'minutes update'): {source.path}")
                continue
            expected.update({(minutes.root, minutes.path, s.line): _text_length(s) for s in minutes.sections})
    report.sections = len(expected)
    root_names = {str(Path(r).resolve()) for r in roots}
    for key in known:
        if key[0] in root_names and key not in on_disk:
            report.problems.append(f"indexed but gone from disk: {key[1]}")
    indexed = {k: n for k, n in section_keys(ix).items() if k[0] in root_names}
    stale_files = {p.split(": ", 1)[1] for p in report.problems if p.startswith("changed since")}
    for root, path, line in sorted(expected.keys() - indexed.keys()):
        report.problems.append(f"section not in the index: {path}:{line}")
    for root, path, line in sorted(indexed.keys() - expected.keys()):
        if path not in stale_files:
            report.problems.append(f"section in the index but not in the corpus: {path}:{line}")
    for key in sorted(expected.keys() & indexed.keys()):
        if indexed[key] < expected[key]:
            report.problems.append(f"text cut in the index: {key[1]}:{key[2]} holds {indexed[key]} of "
                                   f"{expected[key]} characters (run 'minutes build')")
    return report


def _text_length(section: Section) -> int:
    """What the index should hold of a section: its heading and body, whole."""
    return len(section.heading) + len(section.body)
