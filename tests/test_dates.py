"""Dates in the forms minutes write them, and the impossible ones reported rather than guessed."""
from __future__ import annotations

import pytest

from indexer.dates import find_dates, first_date, path_date, path_year


@pytest.mark.parametrize("text, iso", [
    ("July 11, 2023", "2023-07-11"),
    ("11 July 2023", "2023-07-11"),
    ("Sept. 3rd, 2024", "2024-09-03"),
    ("2023-05\u201315", "2023-05-15"),
    ("Meeting date: 2021-03-09", "2021-03-09"),
    ("Sitzung vom 6.3.2024", "2024-03-06"),
    ("2024_03_06", "2024-03-06"),
    ("20240306", "2024-03-06"),
])
def test_a_date_in_any_common_form_is_read(text, iso):
    assert first_date(text) == iso


def test_a_date_without_a_year_takes_the_year_given_else_is_skipped():
    assert first_date("Jan 9", 2031) == "2031-01-09"
    assert first_date("Jan 9") is None


def test_an_impossible_date_is_reported_not_guessed():
    found, impossible = find_dates("moved from 2024-02-30 to 2024-03-01")
    assert [f.iso for f in found] == ["2024-03-01"] and impossible == ["2024-02-30"]


def test_version_numbers_and_prose_are_not_dates():
    assert first_date("upgrade to 2.1.3 and then 13.x.") is None
    assert first_date("we may 2 of them") is None


@pytest.mark.parametrize("path, iso", [
    ("iaas/20240306.md", "2024-03-06"),
    ("board/2024-03-06-budget.md", "2024-03-06"),
    ("2023-07/july-11.md", "2023-07-11"),
    ("updates/2021-01-steering-council-update.md", "2021-01"),
    ("notes/2031/march-14.md", "2031-03-14"),
    ("minutes/2024.md", None),
])
def test_file_and_folder_names_give_the_date(path, iso):
    assert path_date(path)[0] == iso


def test_an_impossible_date_in_a_file_name_is_reported():
    iso, warnings = path_date("x/2024-02-30-notes.md")
    assert iso is None and "2024-02-30" in warnings[0]


def test_a_year_file_gives_its_year():
    assert path_year("minutes/2024.md") == 2024 and path_year("a/notes.md") is None
