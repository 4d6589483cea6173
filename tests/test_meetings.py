"""A file of one meeting or of many: each meeting found, dated, and its sections dated with it."""
from __future__ import annotations

from indexer.parse import parse_minutes


def parse(text: str, path: str):
    return parse_minutes(text.encode(), path, "/corpus")


YEAR_FILE = """# 2031 Standards Group Notes

## Future agenda items
* nothing yet

# **2031-02-11**

## Attendance
| | Name/Affiliation | GH ID |
| --- | --- | --- |
| x | Alma Quist (Acme) | alq |
| | Bo Ruud (Initech) | bor |

### Agenda
* budget

# **2031-01-28** - Canceled (holiday)

# **2031-01-14**
### Agenda
* charter
"""


def test_a_year_file_is_split_at_its_dated_headings():
    minutes = parse(YEAR_FILE, "minutes/2031.md")
    assert [(m.line, m.date) for m in minutes.meetings] == [(6, "2031-02-11"), (17, "2031-01-28"), (19, "2031-01-14")]
    assert [a.value for a in minutes.meetings[0].attendees] == ["alq"]


def test_every_section_carries_its_own_meetings_date():
    minutes = parse(YEAR_FILE, "minutes/2031.md")
    dates = {s.heading: minutes.date_of(s) for s in minutes.sections}
    assert dates["Agenda"] == "2031-01-14"  # the last "Agenda" heading is the January 14 meeting's
    assert minutes.date_of(next(s for s in minutes.sections if s.heading == "Attendance")) == "2031-02-11"
    assert minutes.iso_date == "2031-02-11"  # the file's date is its first meeting's


MONTH_SUMMARY = """# Council update for March 2031

## March 3
Talked about the roadmap.

## March 17
Approved the budget.
"""


def test_a_month_summary_is_split_by_day_headings_without_a_year():
    minutes = parse(MONTH_SUMMARY, "updates/2031-03-council-update.md")
    assert [(m.line, m.date) for m in minutes.meetings] == [(3, "2031-03-03"), (6, "2031-03-17")]


def test_a_month_summary_without_day_headings_is_dated_by_its_month():
    minutes = parse("# Council update\n\nAll quiet.\n", "updates/2031-03-council-update.md")
    assert [(m.line, m.date) for m in minutes.meetings] == [(1, "2031-03")]
    assert minutes.date is None


def test_headings_that_mention_dates_do_not_split_a_dated_meeting():
    text = "# Call 2031-05-06\n\n## Looking back at the kickoff 2030-11-02\ntext\n\n## Workshop 2031-01-20\ntext\n"
    minutes = parse(text, "calls/20310506.md")
    assert [(m.line, m.date) for m in minutes.meetings] == [(1, "2031-05-06")]


def test_notes_of_an_earlier_meeting_kept_below_are_their_own_meeting():
    text = "## 2031-05-06\n### Agenda\n* a\n\n## 2031-04-22\n### Agenda\n* b\n"
    minutes = parse(text, "board/20310506.md")
    assert [(m.line, m.date) for m in minutes.meetings] == [(1, "2031-05-06"), (5, "2031-04-22")]


def test_the_date_the_minutes_state_wins_over_the_file_name():
    text = "---\ntitle: Triage meeting 2031-12-07\n---\n# Agenda\n"
    assert parse(text, "design/2031-12-01-planning.md").meetings[0].date == "2031-12-07"
    text = "# T-lang agenda\n\n* Meeting date: 2031-03-09\n"
    assert parse(text, "minutes/notes.md").meetings[0].date == "2031-03-09"


def test_a_title_date_completes_a_folder_of_the_month():
    assert parse("# Notes\n", "2031-07/july-11.md").meetings[0].date == "2031-07-11"
    assert parse("# July 11, 2031\n\ntext\n", "notes/july.md").meetings[0].date == "2031-07-11"


def test_an_impossible_front_matter_date_is_reported_and_the_rest_kept():
    minutes = parse("---\ntitle: Budget review\nseries: board\ndate: 2031-02-30\n---\n# Notes\n", "board/x.md")
    assert minutes.title == "Budget review" and minutes.series == "board"
    assert minutes.meetings[0].date is None
    assert any("2031-02-30" in w for w in minutes.warnings)
