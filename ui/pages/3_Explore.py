"""Explore: the most frequent entities, a page per entity, and the agenda topics that recur.

URL state: type and value (an entity page), by (month|year), topic (an open recurring topic).
"""
from __future__ import annotations

import streamlit as st

from indexer import explore
from indexer.markup import plain_text
from indexer.model import ENTITY_TYPES
from ui import cards, charts, state
from ui.links import href_with, link
from ui.render import esc, md

ENTITY_LABELS = {"person": "People", "project": "Projects", "version": "Versions", "issue": "Issues"}
HEATMAP_TOPICS = 25
OCCURRENCES_SHOWN = 40
MENTIONS_SHOWN = 100

state.setup("Explore", "🧭")
engine = state.engine()
links = state.source_links()

kind = state.param("type")
value = state.param("value")
by = state.param("by", "month")
by = by if by in ("month", "year") else "month"
state.source_setting()


@st.cache_data(show_spinner=False, max_entries=4)
def cached_recurring(epoch: str) -> list[explore.RecurringTopic]:
    return explore.recurring_topics(state.engine(), min_meetings=2, limit=60)


@st.cache_data(show_spinner=False, max_entries=4)
def cached_overview(epoch: str) -> explore.Overview:
    return explore.overview(state.engine(), top=15)


def entity_href(entity_type: str, entity_value: str) -> str:
    return href_with({}, "", type=entity_type, value=entity_value)


def stacked(rows: list[dict]) -> None:
    colours = charts.series_colours(charts.series_counts(rows))
    st.altair_chart(charts.stacked_chart(rows, colours, by, title="sections"), width="stretch")
    st.html(charts.legend_html(charts.series_counts(rows), colours))


def show_entity(kind: str, value: str) -> None:
    """One entity: when it comes up, who talks about it, what comes with it, its decisions."""
    st.page_link("pages/3_Explore.py", label="All entities", icon=":material/arrow_back:")
    profile = explore.entity_profile(engine, kind, value, by=by)
    st.title(f"{md(value)}", anchor=False)
    st.caption(f"{kind} · {profile.sections} sections in {profile.meetings} meetings"
               + (f" · {profile.first} … {profile.last}" if profile.first else ""))
    if not profile.sections:
        st.warning("The index has no mention of this value.")
        return
    a, b, _ = st.columns([1, 1, 3])
    a.page_link("Search.py", label="Search its sections", icon=":material/search:", query_params={kind: value})
    b.page_link("pages/1_Timeline.py", label="Open its timeline", icon=":material/timeline:",
                query_params={"t": f"{kind}:\"{value}\""} if " " in value else {"t": f"{kind}:{value}"})
    chosen_by = st.segmented_control("Count per", ["month", "year"], default=by, key=state.state_key("by", by))
    if chosen_by and chosen_by != by:
        state.set_params(by=chosen_by)
        st.rerun()
    stacked(profile.buckets)

    who, related = st.columns([1, 2])
    with who:
        st.subheader("Who talks about it", anchor=False)
        st.html(cards.value_list_html(profile.people, lambda v: entity_href("person", v)))
    with related:
        st.subheader("Related", anchor=False)
        cols = st.columns(len(profile.related))
        for col, (entity_type, pairs) in zip(cols, profile.related.items()):
            col.markdown(f"**{ENTITY_LABELS[entity_type]}**")
            col.html(cards.value_list_html(pairs, lambda v, t=entity_type: entity_href(t, v)))

    decided, todo = st.columns(2)
    with decided:
        st.subheader("Recent decisions", anchor=False)
        st.html("".join(cards.item_html(i, links.href_any(i.path, i.line, i.series)) for i in profile.decisions)
                or "<p><i>none recorded</i></p>")
    with todo:
        st.subheader("Recent action items", anchor=False)
        st.html("".join(cards.item_html(i, links.href_any(i.path, i.line, i.series)) for i in profile.actions)
                or "<p><i>none recorded</i></p>")
    newest = list(reversed(profile.events))[:MENTIONS_SHOWN]
    with st.expander(f"Every mention ({len(profile.events)}), newest first"):
        st.html("".join(cards.hit_html(e, links.href_any(e.path, e.line, e.series)) for e in newest))
        if len(newest) < len(profile.events):
            st.caption(f"the newest {len(newest)}; its timeline lists them all")


def show_recurring(topics: list[explore.RecurringTopic]) -> None:
    """A heatmap of the most frequent topics by month, then every topic with its meetings."""
    if not topics:
        st.write("No heading recurs yet.")
        return
    top = topics[:HEATMAP_TOPICS]
    rows = [{"topic": t.label, "period": b["period"], "start": charts.period_start(b["period"]), "count": b["count"]}
            for t in top for b in explore.occurrence_buckets(t.occurrences, "month") if charts.period_start(b["period"])]
    st.altair_chart(charts.heatmap(rows, [t.label for t in top]), width="stretch")
    open_topic = state.param("topic")
    # one HTML block of <details>, not an expander per topic: sixty widgets cost the browser seconds
    st.html('<div class="topics">' + "".join(topic_html(t, t.key == open_topic) for t in topics) + "</div>")


def topic_html(topic: explore.RecurringTopic, open_: bool) -> str:
    """One recurring topic: its label and span, its timeline link and its newest meetings, collapsed."""
    summary = (f"<b>{esc(topic.label)}</b> — {topic.meetings} meetings · {esc(', '.join(topic.series))} · "
               f"{esc(topic.first or '?')} … {esc(topic.last or '?')}")
    timeline = link(href_with({}, "Timeline", t=topic.query), "its timeline")
    newest = list(reversed(topic.occurrences))[:OCCURRENCES_SHOWN]
    items = "".join(f"<li>{esc(o.date or 'undated')} · <b>{esc(o.series)}</b> · "
                    f"{link(links.href(o.root, o.path, o.line, o.series), plain_text(o.heading) or o.heading)}</li>"
                    for o in newest)
    more = (f"<p class='more'>the newest {OCCURRENCES_SHOWN} of {len(topic.occurrences)}; its timeline lists them all</p>"
            if len(topic.occurrences) > OCCURRENCES_SHOWN else "")
    return (f"<details{' open' if open_ else ''}><summary>{summary}</summary><p>{timeline}</p>"
            f"<ul class='ent-list'>{items}</ul>{more}</details>")


if kind in ENTITY_TYPES and value:
    show_entity(kind, value)
    st.stop()

st.title("Explore")
overview = cached_overview(state.epoch())
st.caption(f"{overview.sections} sections · " + ", ".join(f"{s} {n}" for s, n in overview.series.items()))
st.subheader("Most frequent", anchor=False)
cols = st.columns(len(ENTITY_TYPES))
for col, entity_type in zip(cols, ENTITY_TYPES):
    col.markdown(f"**{ENTITY_LABELS[entity_type]}**")
    col.html(cards.value_list_html(overview.top[entity_type], lambda v, t=entity_type: entity_href(t, v)))

with st.form("entity-form", border=False):
    t, v, go = st.columns([1, 3, 1], vertical_alignment="bottom")
    pick_type = t.selectbox("Type", ENTITY_TYPES)
    pick_value = v.text_input("Value", placeholder="a project, a person's handle, a version, an issue")
    if go.form_submit_button("Open", width="stretch") and pick_value.strip():
        state.set_params(type=pick_type, value=pick_value.strip())
        st.rerun()

st.subheader("Recurring topics", anchor=False)
st.caption("Agenda items whose headings come back across meetings (owners, dates, version numbers and the "
           "headings every meeting has, such as participants and agenda, left out).")
show_recurring(cached_recurring(state.epoch()))
