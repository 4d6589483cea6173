"""The pipeline end to end on an invented minutes file and on small strings."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.model import Minutes, Section
from indexer.nlp import annotate, entities_report
from indexer.parse import parse_minutes

FIXTURE = Path(__file__).parent / "fixtures" / "nlp" / "meeting.md"


@pytest.fixture(scope="module")
def report():
    minutes = parse_minutes(FIXTURE.read_bytes(), "demo/meeting.md", str(FIXTURE.parent))
    return entities_report(minutes, "given/path.md")


def values(report, etype):
    return [e["value"] for e in report["entities"] if e["type"] == etype]


def entity(report, etype, value):
    return next(e for e in report["entities"] if e["type"] == etype and e["value"] == value)


def section(text: str, kind: str = "agenda", line: int = 1) -> list:
    level = 3 if text.startswith("#") else 0
    minutes = Minutes(path="x.md", root="", date=None, series="x", title="x",
                      sections=[Section(heading="h", line=line, level=level, text=text, kind=kind)], digest="")
    return next(annotate([minutes])).sections[0].entities


def test_report_has_the_contract_fields(report):
    assert set(report) == {"path", "date", "series", "title", "entities", "decisions", "actions", "meetings"}
    assert report["path"] == "given/path.md"
    assert report["date"] == "2031-05-14"
    assert [set(m) for m in report["meetings"]] == [{"line", "date", "title", "attendees"}]
    assert report["meetings"][0]["line"] == 1 and report["meetings"][0]["date"] == "2031-05-14"


def test_every_handle_is_a_lower_cased_person(report):
    people = values(report, "person")
    assert "alice-example" in people and "bob_42" in people


def test_names_in_participant_lists_are_people_as_written(report):
    people = values(report, "person")
    assert "Carla Mustermann" in people and "dmitri" in people
    assert not any("Example Corp" in p for p in people)


def test_name_written_with_its_handle_is_one_person(report):
    people = values(report, "person")
    assert "kbeispiel" in people
    assert not any(p.startswith("Kurt") for p in people)


def test_name_in_prose_with_a_cue_is_a_person(report):
    assert "Maria" in values(report, "person")


def test_month_names_and_headings_are_not_people(report):
    people = values(report, "person")
    assert not {"May", "June", "Housekeeping", "Attendees", "Designate"} & set(people)


def test_alias_spellings_merge_into_one_project(report):
    projects = values(report, "project")
    assert projects.count("OVS") == 1
    assert "Open vSwitch" not in projects and "OvS" not in projects


def test_generic_technologies_and_plain_words_are_not_projects(report):
    projects = values(report, "project")
    assert "IPv6" not in projects
    assert "Designate" not in projects  # "Designate people to ..." is a verb


def test_versions_are_linked_to_the_project_written_before_them(report):
    assert entity(report, "version", "24.03.0")["project"] == "OVN"
    assert entity(report, "version", "3.3.0")["project"] == "OVS"
    assert entity(report, "version", "1.30")["project"] == "Kubernetes"
    assert entity(report, "version", "2024.2")["project"] == "OpenStack"


def test_named_and_scs_style_releases_are_versions(report):
    assert entity(report, "version", "Quincy")["project"] == "Ceph"
    assert entity(report, "version", "Caracal")["project"] == "OpenStack"
    assert "R7" in values(report, "version")


def test_v_prefix_is_stripped_and_text_kept(report):
    v = entity(report, "version", "1.30")
    assert v["text"] == "v1.30"


def test_dates_times_ips_and_quantities_are_not_versions(report):
    versions = values(report, "version")
    for bad in ("10.05", "10:05", "10.0.0.1", "1.5", "6", "2031"):
        assert bad not in versions


def test_issue_urls_and_references_are_normalised(report):
    issues = values(report, "issue")
    assert "example-org/netbox-plugin#77" in issues
    assert "example-org/widgets#12" in issues
    assert "widgets#13" in issues and "#14" in issues
    assert "launchpad#2054590" in issues and "launchpad#1999999" in issues
    assert "openstack/nova#876543" in issues


def test_event_numbers_and_colours_are_not_issues(report):
    issues = values(report, "issue")
    assert "#4" not in issues and "#123456" not in issues
    assert not any("ff8800" in i for i in issues)


def test_entities_carry_file_line_numbers(report):
    assert entity(report, "person", "alice-example")["line"] == 5
    assert entity(report, "project", "OVN")["line"] == 15
    assert entity(report, "issue", "openstack/nova#876543")["line"] == 22


def test_decisions_and_actions_in_report(report):
    assert [(d["text"], d["line"]) for d in report["decisions"]] == [("Decision: ship 7.0.0c on Friday", 28)]
    assert [(a["text"], a["owners"], a["line"]) for a in report["actions"]] == [
        ("AI @bob_42: write the upgrade notes", ["bob_42"], 29)]
    assert all(i["confidence"] >= 0.9 for i in report["decisions"] + report["actions"])  # explicit markers


def test_line_numbers_count_from_the_section_start():
    ents = section("intro\n\nsee @zorro7 here", line=40)
    assert [(e.value, e.line) for e in ents] == [("zorro7", 42)]


def test_handles_in_urls_and_email_addresses_are_not_people():
    ents = section("mail me at jane@example.org or https://example.org/@nobody/page")
    assert [e for e in ents if e.type == "person"] == []


def test_project_inside_a_hyphenated_identifier_is_not_a_mention():
    ents = section("the k8s-cluster-api-provider repo and docs.kubernetes.io")
    assert "Kubernetes" not in [e.value for e in ents if e.type == "project"]


def test_repository_named_in_a_url_counts_where_written_in_prose():
    ents = section("We evaluated foobarlb (https://github.com/acme/foobarlb) and foobarlb works")
    assert "foobarlb" in [e.value for e in ents if e.type == "project"]


def test_content_repositories_in_urls_are_not_projects():
    ents = section("see https://github.com/acme/minutes/pull/3 for the minutes")
    assert [e for e in ents if e.type == "project"] == []
    assert [e.value for e in ents if e.type == "issue"] == ["acme/minutes#3"]


def test_document_ids_and_ipv6_are_not_versions():
    ents = section("standard scs-0214-v1 needs IPv6 and LBaaSv2")
    assert [e for e in ents if e.type == "version"] == []


def test_annotating_twice_gives_the_same_entities():
    minutes = parse_minutes(FIXTURE.read_bytes(), "demo/meeting.md", str(FIXTURE.parent))
    first = [list(s.entities) for s in next(annotate([minutes])).sections]
    second = [list(s.entities) for s in next(annotate([minutes])).sections]
    assert first == second


@pytest.fixture(scope="module")
def other():
    path = FIXTURE.parent / "other_community.md"
    minutes = parse_minutes(path.read_bytes(), "2024-05-07.md", str(FIXTURE.parent))
    return entities_report(minutes, "other.md")


def test_inline_attendee_line_gives_names_without_companies(other):
    people = values(other, "person")
    assert {"Dana Whitfield", "Rahul Mehta", "Jo Park"} <= set(people)
    assert not {"Acme Cloud", "Red Hat"} & set(people)


def test_presenter_in_brackets_is_a_person(other):
    assert "Derek" in values(other, "person") and "Priya" in values(other, "person")


def test_other_community_projects_versions_and_issues(other):
    assert {"Kubernetes", "Helm", "etcd", "Rook", "Longhorn"} <= set(values(other, "project"))
    assert entity(other, "version", "1.29")["project"] == "Kubernetes"
    assert {"kubernetes/enhancements#3063", "etcd-io/etcd#17219"} <= set(values(other, "issue"))
    assert "#3" not in values(other, "issue")  # Summit #3
    assert "15.30" not in values(other, "version")


def test_other_community_decisions_and_actions(other):
    assert [d["line"] for d in other["decisions"]] == [13]
    owners = {a["line"]: a["owners"] for a in other["actions"]}
    assert owners[9] == ["Priya"]
    assert owners[15] == ["jopark"]
    assert owners[16] == ["Rahul Mehta"]  # the first name alone is the attendee listed in full


@pytest.mark.parametrize("text", [
    "- Go over the open PRs",
    "- Visit the Mobile World Congress in March",
    "- Outline of the talk for the summit",
    "- Hackathon at Cloud&Heat in Dresden",
])
def test_plain_word_project_names_need_a_technical_context(text):
    assert [e.value for e in section(text) if e.type == "project"] == []


def test_plain_word_project_name_in_technical_context_counts():
    ents = section("- Harbor registry upgrade is done\n- Designate service needs a new DNS backend")
    assert {"Harbor", "Designate"} <= {e.value for e in ents if e.type == "project"}


def test_an_owner_named_by_first_name_is_the_one_attendee_of_that_name():
    from indexer.nlp import annotate
    from indexer.parse import parse_minutes

    text = "# 2024-01-01\n\n## Attendees\n\n- Sven Hollander\n- Ana Ortega\n- Ana Lima\n\n## Topic\n\n- Sven will send the invites\n- Ana will review\n"
    minutes = next(annotate([parse_minutes(text.encode(), "board/20240101.md")]))
    owners = [o for s in minutes.sections for i in s.items for o in i.owners]
    assert owners == ["Sven Hollander", "Ana"]  # two attendees called Ana: which one is not known
    people = {(e.text, e.value) for s in minutes.sections for e in s.entities if e.type == "person"}
    assert ("Sven", "Sven Hollander") in people  # one value per person; the text says what was written
    assert ("Ana", "Ana") in people  # two attendees called Ana: left as written


def test_a_first_name_of_someone_listed_in_full_is_that_person_even_if_not_a_known_first_name():
    text = ("# 2024-01-01\n\n## Attendees\n\n- Quillon Varga\n- Mirela Dost\n\n## Topic\n\n"
            "- Quillon to open an issue about the docs\n")
    minutes = next(annotate([parse_minutes(text.encode(), "board/20240101.md")]))
    topic = minutes.sections[-1]
    assert [(e.text, e.value) for e in topic.entities if e.type == "person"] == [("Quillon", "Quillon Varga")]


def test_attendance_list_after_a_line_without_colon_and_with_affiliations():
    text = ("Attendance (please add yourself)\n\n\n* Quillon Varga (Acme, **TAC**)\n* Mirela Dost (Initech)\n\n"
            "Agenda:\n\n* Review PR#12\n")
    people = {e.value for e in section(text) if e.type == "person"}
    assert people == {"Quillon Varga", "Mirela Dost"}


def test_labelled_names_in_an_attendance_section():
    ents = section("## Attendance\n\n* Team members: qvarga, mdost, tlin\n* Others: zed-k\n", kind="participants")
    assert {e.value for e in ents if e.type == "person"} == {"qvarga", "mdost", "tlin", "zed-k"}


def test_an_organisation_is_not_the_project_in_its_name():
    ents = section("The Linux Foundation hosts it; we run Linux on the servers.")
    assert [(e.text, e.value) for e in ents if e.type == "project"] == [("Linux", "Linux")]


def test_a_product_name_with_digits_is_not_a_version():
    ents = section("The V8 engine in Node.js 22 is faster; we use Node.js 18.x in CI.")
    assert "V8" in {e.value for e in ents if e.type == "project"}
    assert {e.value for e in ents if e.type == "version"} == {"18.x"}


def test_a_programming_language_is_not_a_project_but_owns_its_version():
    ents = section("We require Python 3.12 for the tooling.")
    assert [e.value for e in ents if e.type == "project"] == []
    assert [(e.value, e.project) for e in ents if e.type == "version"] == [("3.12", "Python")]


def test_a_bare_issue_number_joins_the_repository_the_file_links_to():
    text = ("# 2024-01-01\n\n## Topic\n\n- see https://github.com/acme/widgets/issues/12\n"
            "- #268 is still open, and widgets#270 too\n")
    minutes = next(annotate([parse_minutes(text.encode(), "board/20240101.md")]))
    issues = {e.value for s in minutes.sections for e in s.entities if e.type == "issue"}
    assert issues == {"acme/widgets#12", "acme/widgets#268", "acme/widgets#270"}


def test_an_attendee_with_an_affiliation_after_a_comma_is_one_person():
    ents = section("Attendees:\n\n* Quillon Varga, ACME\n* Mirela Dost, INITECH\n")
    assert {e.value for e in ents if e.type == "person"} == {"Quillon Varga", "Mirela Dost"}


def test_meeting_attendees_are_people_of_the_file_and_join_their_names():
    from indexer.model import Attendee, Meeting

    text = "# 2024-01-01\n\n## Attendance\n\n| Name | GH |\n| Quillon Varga | qvarga |\n\n## Topic\n\n- Quillon to review\n"
    minutes = parse_minutes(text.encode(), "board/20240101.md")
    minutes.meetings = [Meeting(line=1, date="2024-01-01", title="x",
                                attendees=[Attendee("qvarga", ("qvarga", "Quillon Varga", "Quillon"))])]
    minutes = next(annotate([minutes]))
    people = {(e.text, e.value) for s in minutes.sections for e in s.entities if e.type == "person"}
    assert ("Quillon", "qvarga") in people
    assert {v for _, v in people} == {"qvarga"}


def test_an_attendee_read_from_a_long_prose_line_is_not_made_a_person():
    from indexer.model import Attendee, Meeting

    text = ("# 2024-01-01\n\n## Budget\n\n* Hosting & Cloud Services - (unclear how much is left for the year "
            "to be allocated by the board)\n")
    minutes = parse_minutes(text.encode(), "board/20240101.md")
    minutes.meetings = [Meeting(line=1, date="2024-01-01", title="x", attendees=[Attendee("Cloud Services", ("Cloud Services",))])]
    minutes = next(annotate([minutes]))
    assert [e for s in minutes.sections for e in s.entities if e.type == "person"] == []


def test_the_owner_of_an_action_item_is_a_person_even_when_no_list_names_it():
    text = "# 2024-01-01\n\n## Topic\n\n- Quillon to write the summary comment on the RFC\n- Plan: test the jobs first\n"
    minutes = next(annotate([parse_minutes(text.encode(), "board/20240101.md")]))
    people = {e.value for s in minutes.sections for e in s.entities if e.type == "person"}
    assert "Quillon" in people
    assert "Plan" not in people  # a label before a colon is not somebody


def test_a_bot_is_a_project_and_never_a_person():
    found = section("- @triagebot labelled it; ask mergebot to land the PR once the robot army is done.\n")
    people = {e.value for e in found if e.type == "person"}
    projects = {e.value for e in found if e.type == "project"}
    assert {"triagebot", "mergebot"} <= projects
    assert not people & {"triagebot", "@triagebot", "mergebot"}
    assert "robot" not in projects
