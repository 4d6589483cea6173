"""Timeline: follow one or several topics through time, then read every mention in order.

URL state: t (repeatable: a query or an entity value), by (month|year), period, series.
"""
from __future__ import annotations

import streamlit as st

from indexer import explore, query
from ui import common as c

c.setup("Timeline", "📈")
engine = c.engine()
links = c.source_links()

topics = c.param_list("t")
by = c.param("by", "month")
by = by if by in ("month", "year") else "month"
period = c.param("period")
series = c.param_list("series")

st.title("Timeline")
st.caption("One topic or several, side by side: a query (`ovn upgrade`, `project:Ceph`) or an entity value (`Zuul`).")
with st.form("topics-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Topics, separated by commas", value=", ".join(topics), key=c.state_key("t", topics),
                           placeholder="ovn upgrade, rookify, project:Ceph")
    submitted = button.form_submit_button("Show", type="primary", width="stretch")
if submitted:
    new = [t.strip() for t in typed.split(",") if t.strip()]
    if new != topics:
        c.set_params(t=new, period=None)
        st.rerun()

bar = st.sidebar
bar.header("Timeline")
chosen_by = bar.segmented_control("Count per", ["month", "year"], default=by, key=c.state_key("by", by))
if chosen_by and chosen_by != by:
    c.set_params(by=chosen_by, period=None)
    st.rerun()
c.source_setting()

if not topics:
    st.info("Type a topic above, or start from a recurring topic or an entity on the Explore page.")
    st.stop()

filters = query.Filters(fields={"series": series} if series else {})
lines: dict[str, query.Timeline] = {}
for topic in topics:
    try:
        lines[topic] = query.timeline(engine, topic, by=by, filters=filters)
    except query.BadQuery as exc:
        st.error(f"{c.md(topic)}: {exc}")
if not lines:
    st.stop()

all_series = sorted({e.series for line in lines.values() for e in line.events} | set(series))
if all_series:
    picked = bar.multiselect("Series", all_series, default=[s for s in series if s in all_series],
                             key=c.state_key("series", series))
    if picked != series:
        c.set_params(series=picked, period=None)
        st.rerun()

# -- charts, side by side ------------------------------------------------------------------
starts = sorted(filter(None, (c.period_start(query.period_of(e, by)) for line in lines.values() for e in line.events)))
domain = (starts[0], starts[-1]) if starts else None
if domain and by == "month":  # let the last month's bar fit
    y, m = int(domain[1][:4]), int(domain[1][5:7])
    domain = (domain[0], f"{y + (m == 12)}-{m % 12 + 1:02d}-01")
elif domain:
    domain = (domain[0], f"{int(domain[1][:4]) + 1}-01-01")
columns = st.columns(min(len(lines), 3))
for n, (topic, line) in enumerate(lines.items()):
    with columns[n % len(columns)]:
        st.subheader(c.md(topic), anchor=False)
        if line.corrected:
            st.caption(f"Showing **{c.md(line.corrected)}**: a word of the topic is in no section.")
        st.caption(f"{line.total} mentions in {len({e.path for e in line.events})} meetings")
        if not line.events:
            st.write("No mentions.")
            continue
        chart = c.stacked_chart(explore.stacked_buckets(line.events, by), by, series=all_series, domain=domain)
        st.altair_chart(chart, width="stretch")

# -- every mention, in order -----------------------------------------------------------------
periods = sorted({query.period_of(e, by) for line in lines.values() for e in line.events})
options = [""] + periods
chosen = st.selectbox("Period", options, index=options.index(period) if period in options else 0,
                      format_func=lambda p: p or "all periods", key=c.state_key("period", period, by))
if chosen != period:
    c.set_params(period=chosen or None)
    st.rerun()

tabs = st.tabs([f"{c.md(topic)} ({line.total})" for topic, line in lines.items()]) if len(lines) > 1 else [st.container()]
for tab, (topic, line) in zip(tabs, lines.items()):
    with tab:
        events = [e for e in line.events if not chosen or query.period_of(e, by) == chosen]
        st.caption(f"{len(events)} mentions" + (f" in {chosen}" if chosen else "") + ", oldest first")
        st.html("".join(c.hit_html(e, links.href_any(e.path, e.line, e.series)) for e in events) or "<p>none</p>")
        c.csv_download(st, "CSV", lambda events=events: c.to_csv(
            [{"date": e.date, "series": e.series, "path": e.path, "line": e.line, "heading": e.heading,
              "snippet": e.snippet} for e in events], ("date", "series", "path", "line", "heading", "snippet")),
            f"minutes-timeline-{len(events)}.csv", key=c.state_key("csv", topic))
