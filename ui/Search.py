"""Search: a query box, facets to narrow down, highlighted hits with links to the source.

URL state: q, series, year, person, project, version, issue (repeatable), since, until, sort, page;
exact=1 searches a word no section holds as typed instead of respelled;
related=PATH:LINE shows the sections most like one section instead.
"""
from __future__ import annotations

import math
import time

import streamlit as st

from indexer import explore, query
from ui import common as c

PER_PAGE = 10
FACET_SHOWN = 8
SORTS = {"relevance": "Relevance", "date": "Newest first", "date-asc": "Oldest first"}

c.setup("Search")
engine = c.engine()
links = c.source_links()

q = c.param("q")
selected = {name: c.param_list(name) for name in query.FILTER_FIELDS}
since, until = c.parse_iso(c.param("since")), c.parse_iso(c.param("until"))
sort = c.param("sort", "relevance" if q else "date")
sort = sort if sort in SORTS else "relevance"
page = c.param_int("page")
as_typed = c.param("exact") == "1"

st.title("Search the minutes")
with st.form("search-form", border=False):
    box, button = st.columns([8, 1], vertical_alignment="bottom")
    typed = box.text_input("Query", value=q, key=c.state_key("q", q), label_visibility="collapsed",
                           placeholder='ovn upgrade · "live migration" · project:Ceph after:2024-01-01')
    submitted = button.form_submit_button("Search", type="primary", width="stretch")
if submitted and typed.strip() != q:
    c.set_params(q=typed.strip(), page=None, sort=None, exact=None)
    st.rerun()
with st.expander("Query syntax"):
    st.markdown(c.QUERY_HELP)


def show_related(section: str) -> None:
    """More like this: the sections that share the most telling words of one section."""
    path, _, line = section.rpartition(":")
    try:
        hits = query.related(engine, path, int(line), limit=PER_PAGE)
    except (ValueError, query.BadQuery) as exc:
        st.error(f"No such section: {exc}")
        return
    st.markdown(f"Sections like **{c.md(section)}** · [back to the search]({c.href_with(c.current_params(), '', related=None)})")
    for hit in hits:
        st.html(c.hit_html(hit, links.href(hit.root, hit.path, hit.line, hit.series)))


if c.param("related"):
    show_related(c.param("related"))
    st.stop()


def make_filters(skip: str | None = None) -> query.Filters:
    fields = {name: values for name, values in selected.items() if values and name != skip}
    return query.Filters(fields=fields, since=since, until=until)


started = time.perf_counter()
try:
    result = query.search(engine, q, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, filters=make_filters(),
                          sort=sort, marks=True, as_typed=as_typed)
except query.BadQuery as exc:
    st.error(f"That query cannot be read: {exc}")
    st.stop()
facets = dict(result.facets)
for name, values in selected.items():  # a field's own counts ignore its own selection, so one can widen again
    if values:
        facets[name] = query.search(engine, q, limit=0, filters=make_filters(skip=name),
                                    as_typed=as_typed).facets.get(name, {})
elapsed = time.perf_counter() - started

# -- sidebar: active filters, dates, facets ---------------------------------------------
bar = st.sidebar
bar.header("Narrow down")
active = [(name, value) for name, values in selected.items() for value in values]
if active or since or until:
    for name, value in active:
        bar.button(f"✕ {c.FACET_LABELS[name]}: {c.md(value)}", key=c.state_key("drop", name, value),
                   on_click=c.toggle_value, args=(name, value), help="remove this filter")
    bar.button("Clear all filters", key="clear-all", type="tertiary",
               on_click=c.set_params, kwargs={**{n: None for n in query.FILTER_FIELDS}, "since": None,
                                               "until": None, "page": None})
c.date_range(bar, span=explore.date_span(engine))

for name in ("series", "year", "project", "person", "version", "issue"):
    counts = facets.get(name, {})
    chosen = selected.get(name, [])
    if not counts and not chosen:
        continue
    items = list(counts.items())
    more_key = f"more-{name}"
    shown = items if st.session_state.get(more_key) else items[:FACET_SHOWN]
    shown += [(v, counts.get(v, 0)) for v in chosen if v not in dict(shown)]
    with bar.expander(f"{c.FACET_LABELS[name]} ({len(items)})", expanded=name in ("series", "year", "project") or bool(chosen)):
        for value, count in shown:
            on = value in chosen
            st.checkbox(f"{c.md(value)} ({count})", value=on, key=c.state_key("facet", name, value, on),
                        on_change=c.toggle_value, args=(name, value))
        if len(items) > FACET_SHOWN:
            st.toggle("show all", key=more_key)
c.source_setting()

# -- results -------------------------------------------------------------------------------
if result.corrected:
    shown_for, instead = st.columns([3, 2], vertical_alignment="center")
    shown_for.info(f"Showing results for **{c.md(result.corrected)}**: a word of your query is in no section.")
    instead.button(f"Search for {c.md(q)} as typed", on_click=c.set_params, kwargs={"exact": "1", "page": None})
if result.total == 0:
    st.warning("No sections match." + (" Remove a filter to widen the search." if active or since or until else ""))
    if result.suggestion:
        st.button(f"Search for {c.md(result.suggestion)} instead", on_click=c.set_params,
                  kwargs={"q": result.suggestion, "page": None, "exact": None})
    st.stop()

if result.suggestion:
    st.button(f"Did you mean {c.md(result.suggestion)}?", on_click=c.set_params,
              kwargs={"q": result.suggestion, "page": None, "exact": None})

pages = max(1, math.ceil(result.total / PER_PAGE))
head, sorter, download = st.columns([4, 3, 2], vertical_alignment="center")
noun = "section matches" if result.total == 1 else "sections match"
what = f"**{result.total}** {noun}" if q or active or since or until else f"All **{result.total}** sections"
head.markdown(f"{what} · page {min(page, pages)} of {pages} · {elapsed:.2f} s")
chosen_sort = sorter.segmented_control("Sort", options=list(SORTS), format_func=SORTS.get, default=sort,
                                       key=c.state_key("sort", sort), label_visibility="collapsed")
if chosen_sort and chosen_sort != sort:
    c.set_params(sort=chosen_sort, page=None)
    st.rerun()


def results_csv() -> str:
    everything = query.search(engine, q, limit=max(result.total, 1), filters=make_filters(), sort=sort, facets=False,
                              as_typed=as_typed)
    return c.to_csv(c.hit_rows(everything.hits, links), c.HIT_COLUMNS)


c.csv_download(download, "CSV", results_csv, "minutes-search.csv", key="csv-hits")

params = c.current_params()


def chip_href(entity_type: str, value: str) -> str:
    values = selected.get(entity_type, [])
    return c.href_with(params, "", **{entity_type: values if value in values else values + [value], "page": None})


for hit in result.hits:
    st.html(c.hit_html(hit, links.href(hit.root, hit.path, hit.line, hit.series), chip_href,
                       related_href=c.href_with(params, "", related=f"{hit.path}:{hit.line}")))

if pages > 1:
    prev, label, nxt = st.columns([1, 2, 1], vertical_alignment="center")
    prev.button("← Previous", disabled=page <= 1, on_click=c.set_params, kwargs={"page": page - 1 if page > 2 else None},
                width="stretch")
    label.caption(f"page {min(page, pages)} of {pages}")
    nxt.button("Next →", disabled=page >= pages, on_click=c.set_params, kwargs={"page": page + 1},
               width="stretch")
