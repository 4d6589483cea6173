"""Property-based: whatever a user types, search answers or says in one sentence why not."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.query import BadQuery, open_engine, search, timeline

from .conftest import TINY, write_corpus

SYNTAX = ['"', "(", ")", "AND", "OR", "NOT", "*", "?", "~", "^", ":", "project:", "person:", "series:", "nosuch:",
          "date:", "after:", "before:2024-13-45", "#", "#12", "[", "]", "{", "}", "\\", "/", "-", "+", "'", "@", "ovn",
          "ceph", "https://github.com/a/b/issues/1", "TO", "<script>", "%", "\x00", "\u200b", "🙂"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from indexer.indexing import build

    root = tmp_path_factory.mktemp("hostile")
    build(root / "index", [write_corpus(root / "corpus", TINY)], workers=1)
    return open_engine(root / "index")


def _answers_or_explains(engine, text: str) -> None:
    try:
        result = search(engine, text, limit=5)
    except BadQuery as exc:
        message = str(exc)
        assert message and "\n" not in message.strip() and "Traceback" not in message
        return
    assert result.total >= len(result.hits)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_random_text_never_raises_anything_but_a_bad_query(engine, text):
    _answers_or_explains(engine, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SYNTAX), max_size=12).map(" ".join))
def test_query_syntax_soup_never_raises_anything_but_a_bad_query(engine, text):
    _answers_or_explains(engine, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SYNTAX), max_size=8).map("".join))
def test_glued_syntax_never_raises_anything_but_a_bad_query(engine, text):
    _answers_or_explains(engine, text)


def test_a_very_long_query_answers(engine):
    _answers_or_explains(engine, " ".join(["ovn upgrade ceph"] * 2000))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_timeline_of_any_topic_answers_or_explains(engine, text):
    try:
        result = timeline(engine, text)
    except BadQuery:
        return
    assert [e.date or "9999" for e in result.events] == sorted(e.date or "9999" for e in result.events)


@pytest.mark.parametrize("text", ['(date:(""', "line:5 ovn", "kind:file", "has_decision:yes", "mtime:[1 TO 2]"])
def test_internal_fields_are_refused_in_one_sentence(engine, text):
    with pytest.raises(BadQuery) as refused:
        search(engine, text)
    assert "\n" not in str(refused.value)
