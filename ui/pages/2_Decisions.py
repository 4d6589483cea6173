"""Decisions: the decision log and the action items, newest first, filterable; actions grouped by owner.

URL state: q (topic), person, series, since, until, tab (decisions|actions), shown.
"""
from __future__ import annotations

import streamlit as st

from indexer.errors import MinutesError
from indexer import explore, query
from ui import cards, export, state
from ui.render import esc

SHOWN = 100
OWNERS_SHOWN = 15
TABS = {"decisions": "Decisions", "actions": "Action items"}

state.setup("Decisions", "✅")
engine = state.engine()
links = state.source_links()

q = state.param("q")
shown = state.param_int("shown", SHOWN)
person = state.param("person")
series = state.param("series")
tab = state.param("tab", "decisions")
tab = tab if tab in TABS else "decisions"
since, until = state.parse_iso(state.param("since")), state.parse_iso(state.param("until"))

st.title("Decisions and action items")
with st.form("decisions-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Topic", value=q, key=state.state_key("q", q), placeholder="ceph, project:Zuul, R8 ...")
    submitted = button.form_submit_button("Filter", type="primary", width="stretch")
if submitted and typed.strip() != q:
    state.set_params(q=typed.strip(), shown=None)
    st.rerun()

# -- sidebar filters ------------------------------------------------------------------------
bar = st.sidebar
bar.header("Filter")
everything = state.everything(state.epoch())
people = [""] + sorted(set(everything.get("person", {})) | ({person} if person else set()), key=str.lower)
picked = bar.selectbox("Person", people, index=people.index(person), key=state.state_key("person", person),
                       format_func=lambda p: p or "anyone",
                       help="Items from agenda items that mention this person (action items: also those they own).")
if picked != person:
    state.set_params(person=picked or None, shown=None)
    st.rerun()
all_series = [""] + sorted(set(everything.get("series", {})) | ({series} if series else set()))
picked_series = bar.selectbox("Series", all_series, index=all_series.index(series),
                              key=state.state_key("series", series), format_func=lambda s: s or "all series")
if picked_series != series:
    state.set_params(series=picked_series or None, shown=None)
    st.rerun()
state.date_range(bar)
if q or person or series or since or until:
    bar.button("Clear all filters", type="tertiary", on_click=state.set_params,
               kwargs={"q": None, "person": None, "series": None, "since": None, "until": None, "shown": None})
state.source_setting()


@st.cache_data(show_spinner=False, max_entries=32)
def log_of(epoch_key: str, topic: str, person: str, series: str, since, until) -> explore.DecisionLog:
    filters = query.Filters(fields={"series": [series]} if series else {}, since=since, until=until)
    return explore.decision_log(state.engine(), topic, filters=filters, person=person)


try:
    log = log_of(state.epoch(), q, person, series, since, until)
except MinutesError as exc:
    st.error(f"That topic cannot be read: {exc}")
    st.stop()

counts = {"decisions": len(log.decisions), "actions": len(log.actions)}
chosen = st.segmented_control("Show", list(TABS), default=tab, key=state.state_key("tab", tab),
                              format_func=lambda t: f"{TABS[t]} ({counts[t]})", label_visibility="collapsed")
if chosen and chosen != tab:
    state.set_params(tab=chosen if chosen != "decisions" else None, shown=None)
    st.rerun()


def show_decisions() -> None:
    if not log.decisions:
        st.write("No decisions match.")
        return
    st.caption(f"{len(log.decisions)} decisions, newest first")
    state.csv_download(st, "Decision log as CSV", lambda: export.to_csv(export.item_rows(log.decisions, links),
                                                                       export.ITEM_COLUMNS),
                       "minutes-decisions.csv", key="csv-decisions")
    st.html("".join(cards.item_html(item, links.href_any(item.path, item.line, item.series), show_owners=False)
                    for item in log.decisions[:shown]))
    if len(log.decisions) > shown:
        st.button(f"Show {min(SHOWN, len(log.decisions) - shown)} more ({len(log.decisions) - shown} not shown)",
                  on_click=state.set_params, kwargs={"shown": shown + SHOWN})


def show_actions() -> None:
    if not log.actions:
        st.write("No action items match.")
        return
    state.csv_download(st, "Action items as CSV", lambda: export.to_csv(export.item_rows(log.actions, links),
                                                                       export.ITEM_COLUMNS),
                       "minutes-actions.csv", key="csv-actions")
    groups = query.owners_of(log.actions)
    order = sorted(groups, key=lambda who: (who == "", -len(groups[who]), who.lower()))
    st.caption(f"{len(log.actions)} action items, grouped by owner ({len([o for o in order if o])} owners)")
    every_owner = st.session_state.get("all-owners") or person
    expanded = bool(person) or len(order) <= 3
    # one HTML block of <details>, not an expander per owner: a hundred widgets cost the browser seconds
    st.html('<div class="owners">' + "".join(
        f"<details{' open' if expanded else ''}><summary><b>{esc(who) if who else 'No owner named'}</b> "
        f"({len(groups[who])})</summary>"
        + "".join(cards.item_html(item, links.href_any(item.path, item.line, item.series)) for item in groups[who][:shown])
        + "</details>"
        for who in (order if every_owner else order[:OWNERS_SHOWN])) + "</div>")
    if len(order) > OWNERS_SHOWN and not person:
        st.toggle(f"Show all {len(order)} groups (every owner, and the items with none)", key="all-owners")


if tab == "decisions":
    show_decisions()
else:
    show_actions()
