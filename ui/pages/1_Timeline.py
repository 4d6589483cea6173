"""Timeline: follow one or several topics through time, then read every mention in order.

URL state: t (repeatable, or comma-separated: a query or an entity value), by (month|year), period, series.
"""
from __future__ import annotations

import streamlit as st

from indexer.errors import MinutesError
from indexer import explore, query
from ui import cards, charts, export, state
from ui.render import md

SHOWN = 100

state.setup("Timeline", "📈")
engine = state.engine()
links = state.source_links()

topics = state.param_list("t", split=True)
by = state.param("by", "month")
by = by if by in ("month", "year") else "month"
period = state.param("period")
series = state.param_list("series")

st.title("Timeline")
st.caption("One topic or several, side by side: a query (`ovn upgrade`, `project:Ceph`) or an entity value (`Zuul`).")
with st.form("topics-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Topics, separated by commas", value=", ".join(topics), key=state.state_key("t", topics),
                           placeholder="ovn upgrade, rookify, project:Ceph")
    submitted = button.form_submit_button("Show", type="primary", width="stretch")
if submitted:
    new = [t.strip() for t in typed.split(",") if t.strip()]
    if new != topics:
        state.set_params(t=new, period=None)
        st.rerun()

bar = st.sidebar
bar.header("Timeline")
chosen_by = bar.segmented_control("Count per", ["month", "year"], default=by, key=state.state_key("by", by))
if chosen_by and chosen_by != by:
    state.set_params(by=chosen_by, period=None)
    st.rerun()
state.source_setting()

if not topics:
    st.info("Type a topic above, or start from a recurring topic or an entity on the Explore page.")
    st.stop()

filters = query.Filters(fields={"series": series} if series else {})
lines: dict[str, query.Timeline] = {}
for topic in topics:
    try:
        lines[topic] = query.timeline(engine, topic, by=by, filters=filters)
    except MinutesError as exc:
        st.error(f"{md(topic)}: {exc}")
if not lines:
    st.stop()

all_series = sorted({e.series for line in lines.values() for e in line.events} | set(series))
if all_series:
    picked = bar.multiselect("Series", all_series, default=[s for s in series if s in all_series],
                             key=state.state_key("series", series))
    if picked != series:
        state.set_params(series=picked, period=None)
        st.rerun()


def time_domain() -> tuple[str, str] | None:
    """The span of every topic's mentions, so charts side by side share one time axis (last period included)."""
    starts = sorted(filter(None, (charts.period_start(query.period_of(e, by)) for line in lines.values()
                                  for e in line.events)))
    if not starts:
        return None
    if by == "month":
        y, m = int(starts[-1][:4]), int(starts[-1][5:7])
        return starts[0], f"{y + (m == 12)}-{m % 12 + 1:02d}-01"
    return starts[0], f"{int(starts[-1][:4]) + 1}-01-01"


def no_mentions(topic: str) -> None:
    """A topic nobody mentions: say so, and offer the index's likeliest spelling."""
    spelling = query.respell(engine, topic)
    st.write(f"No section mentions {md(topic)}.")
    if spelling:
        others = [t if t != topic else spelling.text for t in topics]
        st.button(f"Follow {md(spelling.text)} instead", key=state.state_key("respell", topic),
                  on_click=state.set_params, kwargs={"t": others, "period": None})


# -- charts, side by side ------------------------------------------------------------------
domain = time_domain()
rows_of = {topic: explore.stacked_buckets(line.events, by) for topic, line in lines.items()}
colours = charts.series_colours(charts.series_counts([r for rows in rows_of.values() for r in rows]))
columns = st.columns(min(len(lines), 3))
for n, (topic, line) in enumerate(lines.items()):
    with columns[n % len(columns)]:
        st.subheader(md(topic), anchor=False)
        if line.corrected:
            st.caption(f"Showing **{md(line.corrected)}**: a word of the topic is in no section.")
        st.caption(f"{line.total} mentions in {len({e.path for e in line.events})} meetings")
        if not line.events:
            no_mentions(topic)
            continue
        st.altair_chart(charts.stacked_chart(rows_of[topic], colours, by, domain=domain), width="stretch")
        st.html(charts.legend_html(charts.series_counts(rows_of[topic]), colours))

# -- every mention, in order -----------------------------------------------------------------
periods = sorted({query.period_of(e, by) for line in lines.values() for e in line.events})
options = [""] + periods
chosen = st.selectbox("Period", options, index=options.index(period) if period in options else 0,
                      format_func=lambda p: p or "all periods", key=state.state_key("period", period, by))
if chosen != period:
    state.set_params(period=chosen or None)
    st.rerun()

tabs = st.tabs([f"{md(topic)} ({line.total})" for topic, line in lines.items()]) if len(lines) > 1 else [st.container()]
for tab, (topic, line) in zip(tabs, lines.items()):
    with tab:
        events = [e for e in line.events if not chosen or query.period_of(e, by) == chosen]
        all_key = state.state_key("all", topic, chosen)
        shown = events if st.session_state.get(all_key) else events[:SHOWN]
        st.caption(f"{len(events)} mentions" + (f" in {chosen}" if chosen else "") + ", oldest first"
                   + (f"; the first {len(shown)} shown" if len(shown) < len(events) else ""))
        st.html("".join(cards.hit_html(e, links.href_any(e.path, e.line, e.series)) for e in shown) or "<p>none</p>")
        if len(shown) < len(events):
            st.toggle(f"Show all {len(events)}", key=all_key)
        state.csv_download(st, "CSV", lambda events=events: export.to_csv(export.event_rows(events), export.EVENT_COLUMNS),
                           f"minutes-timeline-{len(events)}.csv", key=state.state_key("csv", topic))
