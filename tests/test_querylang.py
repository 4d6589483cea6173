"""Taking a user's query apart: dates, issues, question words, acronyms."""
from __future__ import annotations

from datetime import date

import pytest

from indexer.querylang import QueryDateError, drop_stop_words, parse_query


def test_date_operators_become_a_date_range():
    parsed = parse_query("ovn after:2024-01-01 before:2024-06-30")
    assert (parsed.text, parsed.since, parsed.until) == ("ovn", date(2024, 1, 1), date(2024, 6, 30))


def test_date_operator_takes_a_year_or_a_month():
    assert (parse_query("date:2023").since, parse_query("date:2023").until) == (date(2023, 1, 1), date(2023, 12, 31))
    assert parse_query("date:2024-02").until == date(2024, 2, 29)


def test_a_malformed_date_is_an_error_that_says_what_was_expected():
    with pytest.raises(QueryDateError, match="YYYY-MM-DD"):
        parse_query("before:tuesday")


def test_issue_references_in_any_form():
    assert parse_query("#446").issues == ["#446"]
    url = parse_query("https://github.com/SovereignCloudStack/issues/issues/446#issuecomment-1")
    assert url.issues == ["SovereignCloudStack/issues#446"] and url.text == ""
    assert parse_query("osism/container-images-kolla#402 review").issues == ["osism/container-images-kolla#402"]
    assert parse_query("standards#547").issues == ["standards#547"]
    assert parse_query("issue:standards#547").issues == ["standards#547"]


def test_question_words_are_dropped_but_not_from_phrases():
    assert parse_query("what is an scs release").text == "scs release"
    assert parse_query('"what is an scs release"').text == '"what is an scs release"'


def test_a_query_of_only_stop_words_is_kept():
    assert drop_stop_words("what is it") == "what is it"


def test_operators_and_fields_survive_stop_word_removal():
    assert drop_stop_words("the ovn AND NOT (the ovs) project:k8s") == "ovn AND NOT (ovs) project:k8s"


def test_acronyms_and_long_forms_find_each_other():
    assert ("dco", "developer certificate of origin") in parse_query("dco check").equivalents
    assert ("developer certificate of origin", "dco") in parse_query("Developer Certificate of Origin").equivalents


def test_fields_of_a_plain_query_become_conditions():
    from indexer.querylang import parse_query

    parsed = parse_query('series:iaas project:"Cluster API" upgrade')
    assert parsed.conditions == [("series", "iaas"), ("project", "Cluster API")] and parsed.text == "upgrade"
    boolean = parse_query("project:OVN OR project:Ceph")
    assert boolean.conditions == [] and boolean.text == "project:OVN OR project:Ceph"


def test_the_query_tables_are_read_from_minutes_data_when_set(tmp_path, monkeypatch):
    from indexer import querylang

    (tmp_path / "acronyms.tsv").write_text("xyz\textra yellow zebra\n")
    (tmp_path / "query_stopwords.txt").write_text("the\n")
    monkeypatch.setenv("MINUTES_DATA", str(tmp_path))
    for table in (querylang.acronyms, querylang.stop_words):
        table.cache_clear()
    try:
        assert querylang.parse_query("the xyz plan").equivalents == [("xyz", "extra yellow zebra")]
    finally:
        monkeypatch.delenv("MINUTES_DATA")
        for table in (querylang.acronyms, querylang.stop_words):
            table.cache_clear()


def test_an_acronym_finds_every_long_form_it_is_written_in():
    found = {other for part, other in parse_query("DEI").equivalents if part == "dei"}
    assert {"diversity, equity and inclusion", "diversity and inclusion"} <= found
