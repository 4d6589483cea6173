"""The meeting data every step shares: attendees known by any of their names, sections dated by their meeting."""
from indexer.model import Attendee, Meeting, Minutes, Section


def test_an_attendee_is_known_by_any_form_of_the_name():
    person = Attendee("jdoe", ("@JDoe", "Jane Doe", "Jane", "JD"))
    assert person.known_as("jane") and person.known_as("@jdoe") and person.known_as("jane  doe")
    assert not person.known_as("John") and not person.known_as("")


def test_a_meeting_finds_an_attendee_only_when_the_name_is_unambiguous():
    meeting = Meeting(1, "2031-01-02", "t", [Attendee("Ann Lee", ("Ann Lee", "Ann")), Attendee("Ann Roe", ("Ann Roe", "Ann"))])
    assert meeting.attendee("Ann") is None
    assert meeting.attendee("ann roe").value == "Ann Roe"
    assert meeting.to_json() == {"line": 1, "date": "2031-01-02", "title": "t", "attendees": ["Ann Lee", "Ann Roe"]}


def test_each_section_carries_its_own_meetings_date():
    first, second = Section("Jan 5", 1, 2, "## Jan 5", meeting=0), Section("Feb 9", 9, 2, "## Feb 9", meeting=1)
    minutes = Minutes("2031.md", "", None, "s", "2031", [first, second], "",
                      meetings=[Meeting(1, "2031-01-05", "Jan 5"), Meeting(9, "2031-02-09", "Feb 9")])
    assert minutes.date_of(first) == "2031-01-05" and minutes.date_of(second) == "2031-02-09"


def test_a_file_without_split_meetings_has_one_meeting_of_its_own_date():
    minutes = Minutes("x.md", "", None, "s", "x", [Section("", 1, 0, "text")], "")
    assert minutes.meeting_of(minutes.sections[0]).line == 1 and minutes.date_of(minutes.sections[0]) is None
