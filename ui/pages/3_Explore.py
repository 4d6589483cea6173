"""Explore: the most frequent entities, a page per entity, and the agenda topics that recur.

URL state: type and value (an entity page), by (month|year), topic (an open recurring topic).
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from indexer import explore, query
from indexer.model import ENTITY_TYPES
from ui import common as c

c.setup("Explore", "🧭")
engine = c.engine()
links = c.source_links()

kind = c.param("type")
value = c.param("value")
by = c.param("by", "month")
by = by if by in ("month", "year") else "month"
c.source_setting()


@st.cache_data(show_spinner=False, max_entries=8)
def cached_recurring(epoch: str) -> list[explore.RecurringTopic]:
    return explore.recurring_topics(c.engine(), min_meetings=2, limit=60)


def entity_href(entity_type: str, entity_value: str) -> str:
    return c.href_with({}, "", type=entity_type, value=entity_value)


def stacked_chart(rows: list[dict], height: int = 220):
    return c.stacked_chart(rows, by, height=height, title="sections")


# -- one entity ----------------------------------------------------------------------------
if kind in ENTITY_TYPES and value:
    st.page_link("pages/3_Explore.py", label="All entities", icon=":material/arrow_back:")
    profile = explore.entity_profile(engine, kind, value, by=by)
    st.title(f"{c.md(value)}", anchor=False)
    st.caption(f"{kind} · {profile.sections} sections in {profile.meetings} meetings"
               + (f" · {profile.first} … {profile.last}" if profile.first else ""))
    if not profile.sections:
        st.warning("The index has no mention of this value.")
        st.stop()
    a, b, _ = st.columns([1, 1, 3])
    a.page_link("Search.py", label="Search its sections", icon=":material/search:", query_params={kind: value})
    b.page_link("pages/1_Timeline.py", label="Open its timeline", icon=":material/timeline:",
                query_params={"t": f"{kind}:\"{value}\""} if " " in value else {"t": f"{kind}:{value}"})
    chosen_by = st.segmented_control("Count per", ["month", "year"], default=by, key=c.state_key("by", by))
    if chosen_by and chosen_by != by:
        c.set_params(by=chosen_by)
        st.rerun()
    st.altair_chart(stacked_chart(profile.buckets), width="stretch")

    who, related = st.columns([1, 2])
    with who:
        st.subheader("Who talks about it", anchor=False)
        st.html(c.value_list_html(profile.people, lambda v: entity_href("person", v)))
    with related:
        st.subheader("Related", anchor=False)
        cols = st.columns(len(profile.related))
        for col, (entity_type, pairs) in zip(cols, profile.related.items()):
            col.markdown(f"**{c.ENTITY_LABELS[entity_type]}**")
            col.html(c.value_list_html(pairs, lambda v, t=entity_type: entity_href(t, v)))

    decided, todo = st.columns(2)
    with decided:
        st.subheader("Recent decisions", anchor=False)
        st.html("".join(c.item_html(i, links.href_any(i.path, i.line, i.series)) for i in profile.decisions)
                or "<p><i>none recorded</i></p>")
    with todo:
        st.subheader("Recent action items", anchor=False)
        st.html("".join(c.item_html(i, links.href_any(i.path, i.line, i.series)) for i in profile.actions)
                or "<p><i>none recorded</i></p>")
    with st.expander(f"Every mention ({len(profile.events)}), newest first"):
        st.html("".join(c.hit_html(e, links.href_any(e.path, e.line, e.series)) for e in reversed(profile.events)))
    st.stop()

# -- overview --------------------------------------------------------------------------------
st.title("Explore")
overview = explore.overview(engine, top=15)
st.caption(f"{overview.sections} sections · " + ", ".join(f"{s} {n}" for s, n in overview.series.items()))
st.subheader("Most frequent", anchor=False)
cols = st.columns(len(ENTITY_TYPES))
for col, entity_type in zip(cols, ENTITY_TYPES):
    col.markdown(f"**{c.ENTITY_LABELS[entity_type]}**")
    col.html(c.value_list_html(overview.top[entity_type], lambda v, t=entity_type: entity_href(t, v)))

with st.form("entity-form", border=False):
    t, v, go = st.columns([1, 3, 1], vertical_alignment="bottom")
    pick_type = t.selectbox("Type", ENTITY_TYPES)
    pick_value = v.text_input("Value", placeholder="OVN, hanne-s, 24.03, launchpad#2049311")
    if go.form_submit_button("Open", width="stretch") and pick_value.strip():
        c.set_params(type=pick_type, value=pick_value.strip())
        st.rerun()

st.subheader("Recurring topics", anchor=False)
st.caption("Agenda items whose headings come back across meetings (owners, dates and version numbers ignored).")
topics = cached_recurring(c.epoch())
if not topics:
    st.write("No heading recurs yet.")
else:
    top = topics[:25]
    rows = [{"topic": t.label, "period": b["period"], "start": c.period_start(b["period"]), "count": b["count"]}
            for t in top for b in explore.occurrence_buckets(t.occurrences, "month") if c.period_start(b["period"])]
    heat = alt.Chart(pd.DataFrame(rows)).mark_rect().encode(
        x=alt.X("yearmonth(start):T", title=None, axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("topic:N", title=None, sort=[t.label for t in top]),
        color=alt.Color("sum(count):Q", title="sections", scale=alt.Scale(scheme="blues")),
        tooltip=["topic", "period", alt.Tooltip("sum(count):Q", title="sections")],
    ).properties(height=max(120, 18 * len(top)))
    st.altair_chart(heat, width="stretch")
open_topic = c.param("topic")
for topic in topics:
    label = f"{c.md(topic.label)} — {topic.meetings} meetings · {', '.join(topic.series)} · {topic.first or '?'} … {topic.last or '?'}"
    with st.expander(label, expanded=topic.key == open_topic):
        st.page_link("pages/1_Timeline.py", label="Its timeline", icon=":material/timeline:",
                     query_params={"t": topic.query})
        st.html("<ul class='ent-list'>" + "".join(
            f"<li>{c.esc(o.date or 'undated')} · <b>{c.esc(o.series)}</b> · "
            f"{c.link(links.href(o.root, o.path, o.line, o.series), o.heading)}</li>"
            for o in reversed(topic.occurrences)) + "</ul>")
