"""Who was present, in every common form: lists, inline lists, tables, abbreviations; never the absent."""
from __future__ import annotations

from indexer.attendance import attendees


def values(text: str) -> list[str]:
    return [a.value for a in attendees(text)]


def names_of(text: str, value: str) -> tuple[str, ...]:
    return next(a.names for a in attendees(text) if a.value == value)


def test_a_list_of_handles_under_a_participants_heading():
    text = "## Participants (handles preferred)\n* @AlmaQ\n* @bo-ruud (joined later)\n\n## Agenda\n* @someone else\n"
    assert values(text) == ["almaq", "bo-ruud"]


def test_names_with_handles_affiliations_and_notes():
    text = "## Present\n\n* Alma Quist (@alq)\n- Bo Ruud (Initech, **TAC**)\n* carl (@CarlZ) - left early\n"
    assert values(text) == ["alq", "Bo Ruud", "carlz"]
    assert set(names_of(text, "alq")) >= {"alq", "Alma Quist", "Alma"}


def test_inline_lists_under_team_and_others_labels():
    text = "## Attendance\n\n* Team members: Josh, Niko, Felix, Taylor\n* Others: simulacrum, connor horman\n" \
           "* Action item scribe: simulacrum\n"
    assert values(text) == ["Josh", "Niko", "Felix", "Taylor", "simulacrum", "connor horman"]


def test_an_inline_present_line_and_a_label_line_without_a_colon():
    assert values("Present: Myles, Jory, Joe and Robin,\n\nSome prose.\n") == ["Myles", "Jory", "Joe", "Robin"]
    text = "# 2031-01-02 Meeting\n\nAttendance (please add yourself)\n\n* **Ana Lima (Acme, TAC)**\n* Bo Ruud\n\n## Agenda\n"
    assert values(text) == ["Ana Lima", "Bo Ruud"]


def test_groups_under_an_attendees_heading():
    text = "# Attendees\n\nLang: Niko, Josh Triplett\nLibs: Mara, Josh Triplett\nOther attendees: Mark\n\n# Notes\n"
    assert values(text) == ["Niko", "Josh Triplett", "Mara", "Mark"]


def test_absent_and_regrets_are_left_out():
    text = ("## Participants\n* @alq\n* @bor\n\nExcused:\n* @cez\n\n## Regrets\n* Dana Wu\n\n"
            "## Apologies\n- Eli Ro\n")
    assert values(text) == ["alq", "bor"]
    assert values("Present: Ana, Bo\nRegrets: Cy, Di\n") == ["Ana", "Bo"]


def test_a_markdown_table_counts_only_the_rows_marked_present():
    text = ("## Attendance (mark an X if you are here)\n\n| | Name/Affiliation | Pronouns | GH ID |\n"
            "| --- | --- | --- | --- |\n| x | Alma Quist (Acme) | she/her | AlQ |\n| | Bo Ruud (Initech) | | bor |\n"
            "| X | Cé Müller (LF) | | |\n")
    assert values(text) == ["alq", "Cé Müller"]


def test_an_html_table_with_presence_marks_and_a_handle_column():
    text = ("## Attendance\n\n<table>\n  <tr>\n   <td>\n   </td>\n   <td><strong>Name/Affiliation</strong>\n   </td>\n"
            "   <td><strong>GH ID</strong>\n   </td>\n  </tr>\n  <tr>\n   <td>X\n   </td>\n   <td>Alma Quist (IBM)\n   </td>\n"
            "   <td>alq\n   </td>\n  </tr>\n  <tr>\n   <td>\n   </td>\n   <td>Bo Ruud\n   </td>\n   <td>bor\n   </td>\n"
            "  </tr>\n</table>\n")
    assert values(text) == ["alq"]


def test_an_abbreviation_table_lists_everyone_and_keeps_the_abbreviations():
    text = ("## Attendees\n\n| Name | Abbreviation | Organization |\n|---|---|---|\n"
            "| Łukasz Nowak | LNK | Acme |\n| Nicolò Rossi | NRI | Initech |\n| Marja Hölttä | MHA | Umbrella |\n")
    assert values(text) == ["Łukasz Nowak", "Nicolò Rossi", "Marja Hölttä"]
    assert "LNK" in names_of(text, "Łukasz Nowak") and "Łukasz" in names_of(text, "Łukasz Nowak")


def test_an_abbreviation_list_under_present():
    text = "## Present\n\nMB: Mia Berg\nJS: Jon Sand (@jsand)\n\n## Agenda\nMB: I think we should ship.\n"
    assert values(text) == ["Mia Berg", "jsand"]
    assert "MB" in names_of(text, "Mia Berg") and "JS" in names_of(text, "jsand")


def test_prose_and_code_under_an_attendance_heading_are_not_people():
    text = ("## Participants\n* @alq\n* Anything else to add to the agenda?\n\n```\n* @not-a-person\n```\n"
            "Summary in team call: @bor\n")
    assert values(text) == ["alq"]


def test_no_attendance_recorded_gives_nobody():
    assert values("# Notes\n\n* Ana will check the release.\n* Bo: fine\n") == []


def test_qualified_attendance_labels_open_a_list():
    text = ("**Remote attendees:**\n\n| Name | Abbreviation | Organization |\n| --- | --- | --- |\n"
            "| Alma Quist | AQT | Acme |\n\n**In-person attendees:**\n* Bo Ruud\n\nMembers not present: Cy Dorn\n")
    assert values(text) == ["Alma Quist", "Bo Ruud"]


def test_a_presence_column_headed_with_a_question():
    text = "| Present? | Name | GitHub |\n| --- | --- | --- |\n| yes | Alma Quist | alq |\n| no | Bo Ruud | bor |\n"
    assert values("## Attendance\n" + text) == ["alq"]


def test_a_list_item_of_a_name_and_an_affiliation_is_one_person():
    text = "## Attendance\n* Dana Wu, Initech\n* Eli Ro, Linux Foundation\n* Fay, Gus\n"
    assert values(text) == ["Dana Wu", "Eli Ro", "Fay", "Gus"]


def test_groups_and_organisations_in_the_list_are_not_people():
    text = "## Present\n* Ana Lima (@ana)\n\n* Example Foundation Board of Directors\n* Project Maintainers\n"
    assert values(text) == ["ana"]


def test_a_roll_call_of_checkboxes_counts_the_ticked_ones():
    assert values("## Roll call\n- [x] Ana Lima\n- [ ] Bo Ruud\n- [X] @cy\n") == ["Ana Lima", "cy"]


def test_a_one_line_html_table_does_not_swallow_what_follows():
    text = ("## Attendance\n<table><tr><th>Name</th></tr><tr><td>Ana Lima</td></tr></table>\n\n## Agenda\n"
            "<table><tr><th>Name</th></tr><tr><td>Not Here</td></tr></table>\n")
    assert values(text) == ["Ana Lima"]
