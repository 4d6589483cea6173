"""Template lines: recurring in most meetings of a folder, or three times in one file."""
from pathlib import Path

from indexer.nlp.templates import normalise, series_template

REMINDER = "- Please review the open pull requests regularly"


def _series(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        p = folder / f"2031-01-{i + 1:02d}.md"
        task = f"- AI @jo: topic number {i} gets its own task" if i % 2 else "- nothing to note"
        p.write_text(f"# Meeting {i + 1}\n{REMINDER}\n{task}\n- carried: Ana to fix the CI flakes\n")
        paths.append(p)
    return paths


def test_a_line_in_every_meeting_is_template(tmp_path):
    paths = _series(tmp_path, 9)
    assert normalise(REMINDER) in series_template(paths[4])


def test_a_task_of_one_meeting_is_not_template(tmp_path):
    paths = _series(tmp_path, 9)
    assert normalise("- AI @jo: topic number 3 gets its own task") not in series_template(paths[3])


def test_too_few_neighbours_say_nothing(tmp_path):
    assert series_template(_series(tmp_path, 3)[0]) == frozenset()


def test_normalise_folds_numbers_case_and_markup():
    assert normalise("* **Check** AIs from 2024-03-06") == normalise("- check AIs from 2031-12-24")
