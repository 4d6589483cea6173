"""Every page of the Streamlit app, run with AppTest over a small index of the sample corpus."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from indexer import explore, query

try:
    from tests.ui_fixtures import APP, app_env, fresh_index, ui_corpus, ui_index  # noqa: F401
except ImportError:  # pytest run without the project folder on sys.path
    from ui_fixtures import APP, app_env, fresh_index, ui_corpus, ui_index  # type: ignore  # noqa: F401

TIMEOUT = 60
DATE = re.compile(r'class="mh-date">([^<]*)<')
SERIES = re.compile(r'class="mh-series">([^<]*)<')


def run(target: str | None = None, **params) -> AppTest:
    """Run the app with URL `params`, on the page file `target` (the search page when None)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if target:
        at.switch_page(target).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def html(at: AppTest) -> str:
    return "\n".join(el.value for el in at.get("html"))


def total_of(at: AppTest) -> int:
    text = " ".join(m.value for m in at.markdown)
    match = re.search(r"\*\*(\d+)\*\* section", text)
    assert match, text
    return int(match.group(1))


def facet(at: AppTest, value: str):
    for box in at.sidebar.checkbox:
        if box.label.replace("\\", "").rsplit(" (", 1)[0] == value:
            return box
    raise AssertionError(f"no facet {value!r} in {[b.label for b in at.sidebar.checkbox]}")


# -- Search ---------------------------------------------------------------------------------
def test_search_narrows_with_a_facet_and_widens_again(app_env):
    at = run(q="ovn")
    everything = total_of(at)
    assert everything > 5 and len(SERIES.findall(html(at))) == 10
    facet(at, "infra").check().run()
    assert not at.exception
    assert at.query_params["series"] == "infra" and at.query_params["q"] == "ovn"
    narrowed = total_of(at)
    assert 0 < narrowed < everything
    assert set(SERIES.findall(html(at))) == {"infra"}
    # the series facet still offers the other series (counted without its own filter), so one can widen
    other = facet(at, "community")
    assert not other.value
    facet(at, "infra").uncheck().run()
    assert "series" not in at.query_params and total_of(at) == everything


def test_search_state_lives_in_the_url(app_env):
    at = run(q="ovn", project="OVN", sort="date", page="2")
    expected = query.search(query.open_engine(app_env), "ovn", limit=10, offset=10, sort="date",
                            filters=query.Filters(fields={"project": ["OVN"]}))
    assert total_of(at) == expected.total
    assert DATE.findall(html(at)) == [h.date or "undated" for h in expected.hits]
    assert "page 2 of" in " ".join(m.value for m in at.markdown)


def test_search_box_sets_the_query(app_env):
    at = run()
    assert "All" in " ".join(m.value for m in at.markdown)
    at.text_input[0].input("zuul")
    at.button[0].click().run()  # the form's Search button
    assert at.query_params["q"] == "zuul"
    assert total_of(at) >= 1


def test_search_highlights_and_escapes_untrusted_text(app_env):
    at = run(q="xsspayload")
    page = html(at)
    assert "<mark>xsspayload</mark>" in page.lower()
    assert "inline." in page  # the text around the HTML stays ...
    assert "<img" not in page and "onerror" not in page  # ... the HTML is reduced to its text
    assert "<script" not in page.lower().replace("&lt;script", "") and "<svg" not in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()


def test_each_hit_links_to_sections_like_it(app_env):
    at = run(q="ovn upgrade")
    first = query.search(query.open_engine(app_env), "ovn upgrade", limit=1).hits[0]
    assert f"related={first.path.replace('/', '%2F')}%3A{first.line}" in html(at)
    related = run(related=f"{first.path}:{first.line}")
    expected = query.related(query.open_engine(app_env), first.path, first.line, limit=10)
    assert expected and DATE.findall(html(related)) == [h.date or "undated" for h in expected]


def test_search_reports_a_bad_query(app_env):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["q"] = "date:20x4"
    at.run()
    assert not at.exception and at.error and "cannot be read" in at.error[0].value


def test_search_shows_a_respelled_query_and_searches_as_typed_on_request(app_env):
    at = run(q="upgarde")
    assert at.info and "upgrade" in at.info[0].value and total_of(at) > 0
    next(b for b in at.button if "as typed" in b.label).click().run()
    assert at.query_params["exact"] == "1" and at.query_params["q"] == "upgarde"
    assert not at.info and at.warning and "No sections match" in at.warning[0].value


def test_search_date_range_narrows(app_env):
    everything = total_of(run(q="ovn"))
    at = run(q="ovn", since="2024-01-01", until="2024-06-30")
    assert 0 < total_of(at) < everything
    assert all("2024-01-01" <= d <= "2024-06-30" for d in DATE.findall(html(at)))


# -- Timeline ----------------------------------------------------------------------------------
def test_timeline_lists_events_in_date_order(app_env):
    at = run("pages/1_Timeline.py", t="ovn")
    dates = DATE.findall(html(at))
    assert len(dates) > 5 and dates == sorted(dates)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_timeline_of_a_mistyped_topic_says_what_it_follows(app_env):
    at = run("pages/1_Timeline.py", t="cehp")
    assert any("Showing **ceph**" in c.value for c in at.caption)
    assert len(DATE.findall(html(at))) == query.timeline(query.open_engine(app_env), "ceph").total


def test_timeline_period_narrows_the_list(app_env):
    at = run("pages/1_Timeline.py", t="ovn", by="year")
    before = DATE.findall(html(at))
    at.selectbox[0].select("2024").run()
    assert at.query_params["period"] == "2024"
    after = DATE.findall(html(at))
    assert 0 < len(after) < len(before) and all(d.startswith("2024") for d in after)


def test_timeline_compares_several_topics(app_env):
    at = run("pages/1_Timeline.py", t=["ovn", "zuul"])
    assert len(at.tabs) == 2 and at.tabs[0].label.startswith("ovn") and at.tabs[1].label.startswith("zuul")


def caption_count(at: AppTest, noun: str) -> int:
    text = " ".join(c.value for c in at.caption)
    match = re.search(rf"(\d+) {noun}", text)
    assert match, text
    return int(match.group(1))


# -- Decisions ---------------------------------------------------------------------------------------
def test_decisions_filter_by_person(app_env):
    engine = query.open_engine(app_env)
    everything = query.decisions(engine)
    at = run("pages/2_Decisions.py")
    assert caption_count(at, "decisions") == len(everything)
    dates = DATE.findall(html(at))
    assert len(dates) == len(everything) and dates == sorted(dates, reverse=True)  # newest first
    person = "hanne-s"
    at.sidebar.selectbox[0].select(person).run()
    assert at.query_params["person"] == person
    expected = query.decisions(engine, filters=query.Filters(fields={"person": [person]}))
    assert 0 < len(expected) < len(everything)
    assert caption_count(at, "decisions") == len(expected)


def test_decisions_topic_and_series(app_env):
    at = run("pages/2_Decisions.py", q="ceph", series="infra")
    engine = query.open_engine(app_env)
    expected = query.decisions(engine, "ceph", filters=query.Filters(fields={"series": ["infra"]}))
    assert caption_count(at, "decisions") == len(expected)
    at = run("pages/2_Decisions.py", q="ceph", series="infra", tab="actions")
    assert "action items, grouped by owner" in " ".join(c.value for c in at.caption)
    assert "None" not in [m.value for m in at.markdown]  # nothing a page computes leaks out as text


def test_decisions_of_a_person_include_the_actions_they_own(app_env):
    engine = query.open_engine(app_env)
    person = "hanne-s"
    owned = query.decisions(engine, actions=True, owner=person)
    at = run("pages/2_Decisions.py", person=person, tab="actions")
    shown = set(re.findall(r'>([\w/.-]+\.md:\d+)</a>', html(at)))
    assert owned and {f"{a.path}:{a.line}" for a in owned} <= shown


# -- Explore ---------------------------------------------------------------------------------------------
def test_explore_overview_and_recurring_topics(app_env):
    at = run("pages/3_Explore.py")
    page = html(at)
    assert "?type=project&amp;value=OVN" in page
    topics = re.findall(r"<summary><b>([^<]*)</b> — (\d+) meetings", page)
    assert topics and all(int(n) >= 2 for _, n in topics)
    assert not {"Participants", "Agenda", "Action items"} & {label for label, _ in topics}


def test_explore_entity_page(app_env):
    at = run("pages/3_Explore.py", type="project", value="OVN")
    assert [t.value for t in at.title] == ["OVN"]
    subheaders = [s.value for s in at.subheader]
    assert {"Who talks about it", "Related", "Recent decisions"} <= set(subheaders)
    assert "hanne-s" in html(at)


# -- Source -----------------------------------------------------------------------------------------
def test_source_shows_the_file_escaped(app_env):
    at = run("pages/5_Source.py", root="0", path="infra/20240515-security.md", line="8")
    page = html(at)
    assert 'class="src-hit"' in page and "&lt;img src=x onerror=" in page and "<img" not in page


@pytest.mark.parametrize("path", ["../../../etc/passwd", "/etc/passwd", "infra/../../corpus/infra/20240306.md"])
def test_source_never_leaves_the_corpus(app_env, path):
    at = run("pages/5_Source.py", root="0", path=path)
    assert at.error and "not in the indexed corpus" in at.error[0].value


# -- Index ---------------------------------------------------------------------------------------------
def test_index_page_runs_an_update(fresh_index):
    corpus, index = fresh_index
    at = run("pages/4_Index.py")
    assert [m.label for m in at.metric][:2] == ["Files", "Sections"]
    files_before = int(at.metric[0].value)
    (corpus / "infra" / "20250601.md").write_text(
        "# Infra team meeting 2025-06-01\n\n## Quokka rollout (@tobiasw)\n\nThe quokkafied cluster is live.\n")
    at.button[0].click().run()
    assert not at.exception
    assert at.success and "1 added" in at.success[0].value
    assert int(at.metric[0].value) == files_before + 1
    at = run(q="quokkafied")  # every page sees the new file
    assert total_of(at) == 1


def test_timeline_reads_topics_written_with_commas_in_the_url(app_env):
    at = run("pages/1_Timeline.py", t="ovn,zuul")
    assert len(at.tabs) == 2 and at.tabs[0].label.startswith("ovn") and at.tabs[1].label.startswith("zuul")
    assert html(at).count('class="legend"') == 2


def test_timeline_of_a_topic_nobody_mentions_offers_the_likeliest_spelling(app_env):
    at = run("pages/1_Timeline.py", t="ovn,zzzqqq")
    assert any("No section mentions zzzqqq" in m.value for m in at.markdown)


def test_search_says_what_is_wrong_with_a_malformed_query_and_searches_the_rest(app_env):
    at = run(q="ovn (upgrade")
    assert at.warning and "an unclosed (" in at.warning[0].value and total_of(at) > 0


def test_query_help_cites_values_of_this_index(app_env):
    at = run()
    help_text = " ".join(m.value for m in at.markdown)
    examples = explore.query_examples(query.open_engine(app_env))
    assert f"`person:{examples['person']}`" in help_text and f"`series:{examples['series']}`" in help_text
