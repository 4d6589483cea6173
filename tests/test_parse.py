"""Reading one minutes file: dates, series, titles, sections and their lines."""
from __future__ import annotations

from datetime import date

import pytest

from indexer.parse import UnreadableFile, blank_markup, decode, parse_minutes, split_sections


def parse(text: str, path: str = "iaas/20240306.md"):
    return parse_minutes(text.encode(), path, "/corpus")


def test_date_comes_from_the_file_name():
    assert parse("# Meeting\n", "iaas/20240306.md").date == date(2024, 3, 6)
    assert parse("# Meeting\n", "iaas/2024-03-06.md").date == date(2024, 3, 6)
    assert parse("# Meeting\n", "ops/2024-06-14-postmortem-zuul.md").date == date(2024, 6, 14)


def test_front_matter_date_wins_over_the_file_name():
    minutes = parse("---\ndate: 2023-01-02\nseries: board\n---\n# Hi\n", "iaas/20240306.md")
    assert minutes.date == date(2023, 1, 2)
    assert minutes.series == "board"


def test_meeting_key_names_the_series_too():
    assert parse("---\nmeeting: sig-docs\n---\n# x\n", "a/b.md").series == "sig-docs"


def test_date_falls_back_to_the_first_heading_then_the_folder():
    assert parse("# Kickoff 2023-02-01\n", "container/kickoff.md").date == date(2023, 2, 1)
    assert parse("# Notes\n", "hackathons/2024-04-16-hackathon/minutes.md").date == date(2024, 4, 16)
    assert parse("# Template\n", "community-call/template.md").date is None


def test_impossible_dates_are_not_dates():
    assert parse("# x\n", "iaas/20241399.md").date is None


def test_series_is_the_top_level_folder():
    assert parse("# x\n", "hackathons/2024/minutes.md").series == "hackathons"


def test_title_is_front_matter_title_else_first_heading_else_file_name():
    assert parse("---\ntitle: Community Call\n---\n# 2024\n").title == "Community Call"
    assert parse("# 2024-03-06\n## Agenda\n").title == "2024-03-06"
    assert parse("no heading at all\n", "ops/notes.md").title == "notes"


def test_sections_keep_the_file_line_of_their_heading():
    text = "# Day\n\n## Participants\n\n- @a\n\n### OVN 24.03.0 (@berendt)\n\n* LTS release\n"
    sections = parse(text).sections
    assert [(s.heading, s.line, s.level) for s in sections] == [
        ("Day", 1, 1), ("Participants", 3, 2), ("OVN 24.03.0 (@berendt)", 7, 3)]
    assert sections[1].kind == "participants"
    assert sections[2].body.strip() == "* LTS release"


def test_line_numbers_count_front_matter_lines():
    text = "---\ntitle: x\ntags: [a]\n---\n\n## Topic\ntext\n"
    (section,) = parse(text).sections
    assert section.line == 6


def test_text_before_the_first_heading_is_a_preamble_section():
    sections = parse("Intro line\n\n# Heading\nbody\n").sections
    assert sections[0].heading == "" and sections[0].line == 1 and sections[0].kind == "preamble"


def test_headings_inside_code_fences_are_not_headings():
    sections = split_sections("# Real\n```\n# not a heading\n```\n## Also real\n")
    assert [s.heading for s in sections] == ["Real", "Also real"]


def test_setext_headings_are_headings():
    sections = split_sections("Topic one\n=========\ntext\n\nTopic two\n---------\nmore\n")
    assert [(s.heading, s.line, s.level) for s in sections] == [("Topic one", 1, 1), ("Topic two", 5, 2)]


def test_attendee_headings_in_several_spellings_are_participant_sections():
    for heading in ("Present", "Attendees", "Participants:", "Teilnehmer"):
        (section,) = split_sections(f"## {heading}\n- @x\n")
        assert section.kind == "participants", heading


def test_style_blocks_and_html_comments_are_blanked_but_keep_lines():
    text = "a\n<style>\n.x { color: red }\n</style>\n<!-- hidden\nnote -->\nb\n"
    blanked = blank_markup(text)
    assert "color" not in blanked and "hidden" not in blanked
    assert blanked.count("\n") == text.count("\n")


def test_crlf_and_bom_are_normalised():
    text, warnings = decode(b"\xef\xbb\xbf# T\r\nline\r\n")
    assert text == "# T\nline\n" and warnings == []


def test_invalid_utf8_is_repaired_and_reported():
    text, warnings = decode("# Té\n".encode() + b"\xff\xfe broken\n")
    assert "Té" in text and "broken" in text and warnings == ["invalid UTF-8 replaced"]


def test_a_windows_1252_file_keeps_its_accents():
    text, warnings = decode("# Anwesend\n* Renée Müller\n* François Dupré\n".encode("cp1252"))
    assert "Renée Müller" in text and "François Dupré" in text
    assert warnings and "not UTF-8" in warnings[0]


def test_binary_files_are_refused():
    with pytest.raises(UnreadableFile):
        parse_minutes(b"\x89PNG\r\n\x00\x00", "x/20240101.md")


def test_broken_yaml_front_matter_is_reported_and_ignored():
    minutes = parse("---\ntitle: [unclosed\n---\n# Heading\n")
    assert minutes.title == "Heading"
    assert any("front matter" in w for w in minutes.warnings)


def test_same_bytes_give_the_same_digest():
    assert parse("# a\n").digest == parse("# a\n").digest != parse("# b\n").digest


def test_an_html_export_is_read_whole_past_a_long_style_block():
    style = "<style>" + "p{color:red}" * 5000 + "</style>"
    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head><body>'
            "<h1>Board 2031-01-02</h1><h2>Attendees</h2><ul><li>Łukasz Nowak</li><li>Nicolò Rossi</li></ul>"
            "<h2>Budget</h2><p>We agreed on the tailword budget.</p></body></html>")
    minutes = parse(html, "board/notes.md")
    assert [s.heading for s in minutes.sections] == ["Board 2031-01-02", "Attendees", "Budget"]
    assert "tailword" in minutes.sections[-1].text and "color" not in minutes.sections[0].text
    assert minutes.meetings[0].date == "2031-01-02"
    assert [a.value for a in minutes.meetings[0].attendees] == ["Łukasz Nowak", "Nicolò Rossi"]


def test_a_long_line_is_kept_whole():
    minutes = parse("# T\n\n## Long\n" + "word " * 30_000 + "tailword\n\n## Next\nx\n")
    assert minutes.sections[1].text.rstrip().endswith("tailword") and minutes.warnings == []
    assert [s.line for s in minutes.sections] == [1, 3, 6]


def test_code_blocks_are_blanked_for_extraction_only():
    from indexer.parse import blank_code

    text = "## Notes\n```\n@not-a-person 1.2.3\n```\nafter\n"
    blanked = blank_code(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "@not-a-person" not in blanked and "after" in blanked
    assert "@not-a-person" in parse(text).sections[0].text  # still searchable


def test_a_saved_page_carrying_markdown_keeps_the_lines_of_the_file():
    page = ("<!DOCTYPE html>\n<html><head><style>\n.x{color:red}\n</style></head>\n<body>\n"
            '<div id="doc" class="markdown-body">\n# Triage 2031-11-09\n\n## Attendance\n\n* Team members: Ana, Bo\n'
            "\n## Naked functions\nwe discussed it\n</div>\n</body></html>\n")
    minutes = parse(page, "minutes/2031-11-09.md")
    assert [(s.heading, s.line) for s in minutes.sections if s.level] == [
        ("Triage 2031-11-09", 7), ("Attendance", 9), ("Naked functions", 13)]
    assert [a.value for a in minutes.meetings[0].attendees] == ["Ana", "Bo"]
