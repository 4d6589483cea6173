"""Decisions: the decision log and the action items, newest first, filterable; actions grouped by owner.

URL state: q (topic), person, series, since, until, tab (decisions|actions).
"""
from __future__ import annotations

import streamlit as st

from indexer import explore, query
from ui import common as c

c.setup("Decisions", "✅")
engine = c.engine()
links = c.source_links()

SHOWN = 100
q = c.param("q")
shown = c.param_int("shown", SHOWN)
person = c.param("person")
series = c.param("series")
since, until = c.parse_iso(c.param("since")), c.parse_iso(c.param("until"))

st.title("Decisions and action items")
with st.form("decisions-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Topic", value=q, key=c.state_key("q", q), placeholder="ceph, project:Zuul, R8 ...")
    submitted = button.form_submit_button("Filter", type="primary", width="stretch")
if submitted and typed.strip() != q:
    c.set_params(q=typed.strip())
    st.rerun()

# -- sidebar filters ------------------------------------------------------------------------
bar = st.sidebar
bar.header("Filter")
everything = query.search(engine, "", limit=0).facets
people = [""] + sorted(set(everything.get("person", {})) | ({person} if person else set()), key=str.lower)
picked = bar.selectbox("Person", people, index=people.index(person), key=c.state_key("person", person),
                       format_func=lambda p: p or "anyone",
                       help="Items from agenda items that mention this person (action items: also those they own).")
if picked != person:
    c.set_params(person=picked or None)
    st.rerun()
all_series = [""] + sorted(set(everything.get("series", {})) | ({series} if series else set()))
picked_series = bar.selectbox("Series", all_series, index=all_series.index(series), key=c.state_key("series", series),
                              format_func=lambda s: s or "all series")
if picked_series != series:
    c.set_params(series=picked_series or None)
    st.rerun()
c.date_range(bar, span=explore.date_span(engine))
if q or person or series or since or until:
    bar.button("Clear all filters", type="tertiary", on_click=c.set_params,
               kwargs={"q": None, "person": None, "series": None, "since": None, "until": None})
c.source_setting()

fields = {"series": [series]} if series else {}
try:
    with_person = query.Filters(fields={**fields, **({"person": [person]} if person else {})}, since=since, until=until)
    decisions = query.decisions(engine, q, filters=with_person)
    actions = query.decisions(engine, q, actions=True, filters=with_person)
    if person:  # and the actions the person owns, wherever they were written down
        owned = query.decisions(engine, q, actions=True, owner=person,
                                filters=query.Filters(fields=fields, since=since, until=until))
        seen = {(a.path, a.line) for a in actions}
        actions += [a for a in owned if (a.path, a.line) not in seen]
        actions.sort(key=lambda i: (i.date or "", i.path, -i.line), reverse=True)
except query.BadQuery as exc:
    st.error(f"That topic cannot be read: {exc}")
    st.stop()

tab_decisions, tab_actions = st.tabs([f"Decisions ({len(decisions)})", f"Action items ({len(actions)})"])
with tab_decisions:
    if not decisions:
        st.write("No decisions match.")
    else:
        c.csv_download(st, "Decision log as CSV", lambda: c.to_csv(c.item_rows(decisions, links), c.ITEM_COLUMNS),
                       "minutes-decisions.csv", key="csv-decisions")
        st.html("".join(c.item_html(item, links.href_any(item.path, item.line, item.series), show_owners=False)
                        for item in decisions[:shown]))
        if len(decisions) > shown:
            st.button(f"Show {min(SHOWN, len(decisions) - shown)} more ({len(decisions) - shown} not shown)",
                      on_click=c.set_params, kwargs={"shown": shown + SHOWN})

with tab_actions:
    if not actions:
        st.write("No action items match.")
    else:
        c.csv_download(st, "Action items as CSV", lambda: c.to_csv(c.item_rows(actions, links), c.ITEM_COLUMNS),
                       "minutes-actions.csv", key="csv-actions")
        groups = query.owners_of(actions)
        order = sorted(groups, key=lambda who: (who == "", -len(groups[who]), who.lower()))
        st.caption(f"{len(actions)} action items, grouped by owner ({len([o for o in order if o])} owners)")
        for who in order:
            items = groups[who]
            with st.expander(f"{c.md(who) if who else 'No owner named'} ({len(items)})", expanded=bool(person) or len(order) <= 3):
                st.html("".join(c.item_html(item, links.href_any(item.path, item.line, item.series))
                                for item in items))
