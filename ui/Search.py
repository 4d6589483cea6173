"""Search: a query box, facets to narrow down, highlighted hits with links to the source.

URL state: q, series, year, person, project, version, issue (repeatable), since, until, sort, page;
exact=1 searches a word no section holds as typed instead of respelled;
related=PATH:LINE shows the sections most like one section instead.
"""
from __future__ import annotations

import math
import time

import streamlit as st

from indexer.errors import MinutesError
from indexer import explore, query
from ui import cards, export, state
from ui.help import query_help
from ui.links import href_with
from ui.render import md

PER_PAGE = 10
FACET_SHOWN = 8
FACET_LABELS = {"series": "Series", "year": "Year", "person": "People", "project": "Projects",
                "version": "Versions", "issue": "Issues"}
SORTS = {"relevance": "Relevance", "date": "Newest first", "date-asc": "Oldest first"}

state.setup("Search")
engine = state.engine()
links = state.source_links()

q = state.param("q")
selected = {name: state.param_list(name) for name in query.FILTER_FIELDS}
since, until = state.parse_iso(state.param("since")), state.parse_iso(state.param("until"))
sort = state.param("sort", "relevance" if q else "date")
sort = sort if sort in SORTS else "relevance"
page = state.param_int("page")
as_typed = state.param("exact") == "1"
filters = query.Filters(fields={name: values for name, values in selected.items() if values}, since=since, until=until)
narrowed = bool(filters.fields or since or until)

st.title("Search the minutes")
with st.form("search-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Query", value=q, key=state.state_key("q", q), label_visibility="collapsed",
                           placeholder='ovn upgrade · "live migration" · project:Ceph after:2024-01-01')
    submitted = button.form_submit_button("Search", type="primary", width="stretch")
if submitted and typed.strip() != q:
    state.set_params(q=typed.strip(), page=None, sort=None, exact=None)
    st.rerun()
with st.expander("Query syntax"):
    st.markdown(query_help(state.examples(state.epoch())))


def show_related(section: str) -> None:
    """More like this: the sections that share the most telling words of one section."""
    path, _, line = section.rpartition(":")
    try:
        hits = query.related(engine, path, int(line), limit=PER_PAGE)
    except (ValueError, MinutesError) as exc:  # a line that is no number, a section not in the index
        st.error(f"No such section: {exc}")
        return
    st.markdown(f"Sections like **{md(section)}** · [back to the search]({href_with(state.current_params(), '', related=None)})")
    st.html("".join(cards.hit_html(hit, links.href(hit.root, hit.path, hit.line, hit.series)) for hit in hits))


if state.param("related"):
    show_related(state.param("related"))
    st.stop()

repaired = query.repair_syntax(q)
if repaired.problems:
    searched_text = f" Searched for **{md(repaired.text)}** instead." if repaired.text else ""
    st.warning(f"The query has {', '.join(repaired.problems)}.{searched_text}")
    if not repaired.text:
        st.stop()
started = time.perf_counter()
try:
    result = query.search(engine, repaired.text, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, filters=filters,
                          sort=sort, marks=True, as_typed=as_typed)
    facets = query.widened_facets(engine, repaired.text, filters, result.facets, as_typed=as_typed)
except MinutesError as exc:
    st.error(f"That query cannot be read: {exc}")
    st.stop()
elapsed = time.perf_counter() - started

# -- sidebar: active filters, dates, facets ---------------------------------------------
bar = st.sidebar
bar.header("Narrow down")
active = [(name, value) for name, values in selected.items() for value in values]
if narrowed:
    for name, value in active:
        bar.button(f"✕ {FACET_LABELS[name]}: {md(value)}", key=state.state_key("drop", name, value),
                   on_click=state.toggle_value, args=(name, value), help="remove this filter")
    bar.button("Clear all filters", key="clear-all", type="tertiary",
               on_click=state.set_params, kwargs={**{n: None for n in query.FILTER_FIELDS}, "since": None,
                                                  "until": None, "page": None})
state.date_range(bar)

for name in ("series", "year", "project", "person", "version", "issue"):
    counts = facets.get(name, {})
    chosen = selected.get(name, [])
    if not counts and not chosen:
        continue
    items = list(counts.items())
    more_key = f"more-{name}"
    shown = items if st.session_state.get(more_key) else items[:FACET_SHOWN]
    shown += [(v, counts.get(v, 0)) for v in chosen if v not in dict(shown)]
    with bar.expander(f"{FACET_LABELS[name]} ({len(items)})", expanded=name in ("series", "year", "project") or bool(chosen)):
        for value, count in shown:
            on = value in chosen
            st.checkbox(f"{md(value)} ({count})", value=on, key=state.state_key("facet", name, value, on),
                        on_change=state.toggle_value, args=(name, value))
        if len(items) > FACET_SHOWN:
            st.toggle("show all", key=more_key)
state.source_setting()

# -- results -------------------------------------------------------------------------------
if result.corrected:
    shown_for, instead = st.columns([3, 2], vertical_alignment="center")
    shown_for.info(f"Showing results for **{md(result.corrected)}**: a word of your query is in no section.")
    instead.button(f"Search for {md(repaired.text)} as typed", on_click=state.set_params, kwargs={"exact": "1", "page": None})
if result.total == 0:
    st.warning("No sections match." + (" Remove a filter to widen the search." if narrowed else ""))
    if result.suggestion:
        st.button(f"Search for {md(result.suggestion)} instead", on_click=state.set_params,
                  kwargs={"q": result.suggestion, "page": None, "exact": None})
    st.stop()

suggestion = result.suggestion or (None if result.corrected or not repaired.text else
                                    explore.name_suggestion(engine, repaired.text,
                                                            state.everything(state.epoch()).get("project", {})))
if suggestion:
    st.button(f"Did you mean {md(suggestion)}?", on_click=state.set_params,
              kwargs={"q": suggestion, "page": None, "exact": None})

pages = max(1, math.ceil(result.total / PER_PAGE))
head, sorter, download = st.columns([4, 3, 2], vertical_alignment="center")
noun = "section matches" if result.total == 1 else "sections match"
what = f"**{result.total}** {noun}" if q or narrowed else f"All **{result.total}** sections"
head.markdown(f"{what} · page {min(page, pages)} of {pages} · {elapsed:.2f} s")
chosen_sort = sorter.segmented_control("Sort", options=list(SORTS), format_func=SORTS.get, default=sort,
                                       key=state.state_key("sort", sort), label_visibility="collapsed")
if chosen_sort and chosen_sort != sort:
    state.set_params(sort=chosen_sort, page=None)
    st.rerun()


def results_csv() -> str:
    everything = query.search(engine, repaired.text, limit=max(result.total, 1), filters=filters, sort=sort,
                              facets=False, as_typed=as_typed)
    return export.to_csv(export.hit_rows(everything.hits, links), export.HIT_COLUMNS)


state.csv_download(download, "CSV", results_csv, "minutes-search.csv", key="csv-hits")

params = state.current_params()


def chip_href(entity_type: str, value: str) -> str:
    values = selected.get(entity_type, [])
    return href_with(params, "", **{entity_type: values if value in values else values + [value], "page": None})


st.html("".join(cards.hit_html(hit, links.href(hit.root, hit.path, hit.line, hit.series), chip_href,
                               related_href=href_with(params, "", related=f"{hit.path}:{hit.line}"))
                for hit in result.hits))

if pages > 1:
    prev, label, nxt = st.columns([1, 2, 1], vertical_alignment="center")
    prev.button("← Previous", disabled=page <= 1, on_click=state.set_params,
                kwargs={"page": page - 1 if page > 2 else None}, width="stretch")
    label.caption(f"page {min(page, pages)} of {pages}")
    nxt.button("Next →", disabled=page >= pages, on_click=state.set_params, kwargs={"page": page + 1},
               width="stretch")
