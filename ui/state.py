"""The app's Streamlit side: page setup, the cached engine, URL state, cached query results, downloads.

Everything a page remembers lives in the URL (so a link reproduces a view) or in
Streamlit's caches keyed by `epoch()`, which changes whenever the index does.
"""
from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

import streamlit as st

from indexer import explore, query, status
from indexer.config import index_path as configured_index
from indexer.errors import MinutesError
from ui.cards import CSS
from ui.links import SOURCE_ENV, SourceLinks, is_web_url

_refresh_lock = threading.Lock()


def _import_chart_libraries() -> None:
    """Altair and pandas take a second or more to import; do it while the first page is read, not on the first chart."""
    import altair  # noqa: F401
    import pandas  # noqa: F401


threading.Thread(target=_import_chart_libraries, name="warm-imports", daemon=True).start()


def setup(title: str, icon: str = "🔎") -> None:
    """First call of every page: page config and the shared styles."""
    st.set_page_config(page_title=f"{title} · minutes", page_icon=icon, layout="wide")
    st.html(CSS)


def index_path() -> Path:
    return configured_index().resolve()


@st.cache_resource(show_spinner=False)
def _open_engine(path: str) -> dict[str, Any]:
    return {"engine": query.open_engine(path), "epoch": 0}


def engine_state() -> dict[str, Any]:
    """{"engine": Engine, "epoch": n}: the cached engine, refreshed when the index changed on disk."""
    path = index_path()
    try:
        state = _open_engine(str(path))
    except MinutesError as exc:  # no index there, or a folder that is not one
        st.error(f"There is no usable index at {path} ({exc}). Build one with `minutes build`.")
        st.stop()
    with _refresh_lock:
        if state["engine"].refresh():
            state["epoch"] += 1
    return state


def engine():
    return engine_state()["engine"]


def epoch() -> str:
    """Changes whenever the index does: part of every st.cache_data key."""
    state = engine_state()
    return f"{index_path()}#{state['epoch']}#{state['engine'].generation}"


def clear_caches() -> None:
    """After an update: every page reads fresh results."""
    st.cache_resource.clear()
    st.cache_data.clear()


# -- results that every visit repeats, cached per index generation -------------------------------
@st.cache_data(show_spinner=False, max_entries=4)
def everything(epoch_key: str) -> dict[str, dict[str, int]]:
    """Facet counts over the whole index: the Decisions page's pickers, the date span, the query help."""
    return query.search(engine(), "", limit=0).facets


def date_span() -> tuple[str | None, str | None]:
    years = sorted(everything(epoch()).get("year", {}))
    return (years[0], years[-1]) if years else (None, None)


@st.cache_data(show_spinner=False, max_entries=4)
def roots(epoch_key: str) -> list[str]:
    return [str(r) for r in status.index_roots(index_path())]


def index_roots() -> list[str]:
    return roots(epoch())


@st.cache_data(show_spinner=False, max_entries=4)
def examples(epoch_key: str) -> dict[str, str]:
    """Values of this index for the query help (a series, a person, a project ... that exist here)."""
    return explore.query_examples(engine())


def source_links() -> SourceLinks:
    """Links to sources: the URL template from the sidebar setting or $MINUTES_SOURCE_URL."""
    template = st.session_state.get("source_template")
    if template is None:
        template = os.environ.get(SOURCE_ENV, "")
    return SourceLinks(roots=index_roots(), template=template or "")


def source_setting() -> None:
    """A sidebar field for the web URL template of the sources."""
    with st.sidebar.expander("Source links"):
        current = st.session_state.get("source_template", os.environ.get(SOURCE_ENV, ""))
        value = st.text_input(
            "Web URL template", value=current, key="source_template_input",
            placeholder="https://github.com/ORG/REPO/blob/main/{path}#L{line}",
            help="Links point here instead of the app's source view. {path} and {line} are filled in; "
                 f"the default comes from ${SOURCE_ENV}.",
        ).strip()
        if value and not is_web_url(value.replace("{path}", "p").replace("{line}", "1").replace("{series}", "s")):
            st.caption(":red[Only http(s) URLs are used.]")
        st.session_state["source_template"] = value


# -- URL state ------------------------------------------------------------------------------------
def param(name: str, default: str = "") -> str:
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


def param_list(name: str, split: bool = False) -> list[str]:
    """Every value of a repeatable key; `split`: also comma-separated ones, as people type them (t=ovn,zuul)."""
    values = [v for v in st.query_params.get_all(name) if v]
    if split:
        values = [part.strip() for v in values for part in v.split(",") if part.strip()]
    return list(dict.fromkeys(values))


def param_int(name: str, default: int = 1, low: int = 1) -> int:
    try:
        return max(low, int(param(name, str(default))))
    except ValueError:
        return default


def set_params(**changes: Any) -> None:
    """Change the URL: None, "" and [] remove a key; lists become repeated keys."""
    for key, value in changes.items():
        if value in (None, "", []) or value == ():
            if key in st.query_params:
                del st.query_params[key]
        elif isinstance(value, (list, tuple)):
            st.query_params[key] = [str(v) for v in value]
        else:
            st.query_params[key] = str(value)


def current_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def toggle_value(name: str, value: str, reset: Sequence[str] = ("page",)) -> None:
    """Add `value` to the URL list `name`, or take it out when it is there (a facet click)."""
    values = param_list(name)
    values = [v for v in values if v != value] if value in values else values + [value]
    set_params(**{name: values}, **{r: None for r in reset})


def state_key(*parts: Any) -> str:
    """A widget key that changes with the URL state it shows, so a widget never shows stale state."""
    return "k" + str(abs(hash(tuple(str(p) for p in parts))))


def parse_iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def date_range(container, since_key: str = "since", until_key: str = "until") -> None:
    """Two date fields bound to the URL keys `since` and `until`."""
    span = date_span()
    since, until = parse_iso(param(since_key)), parse_iso(param(until_key))
    first = date(int(span[0]), 1, 1) if span[0] else date(2000, 1, 1)
    last = date(int(span[1]), 12, 31) if span[1] else date.today()
    low, high = min(first, since or first), max(last, until or last)
    a, b = container.columns(2)
    new_since = a.date_input("From", value=since, min_value=low, max_value=high, format="YYYY-MM-DD",
                             key=state_key(since_key, since))
    new_until = b.date_input("Until", value=until, min_value=low, max_value=high, format="YYYY-MM-DD",
                             key=state_key(until_key, until))
    if new_since != since or new_until != until:
        set_params(**{since_key: new_since.isoformat() if new_since else None,
                      until_key: new_until.isoformat() if new_until else None, "page": None})
        st.rerun()


def csv_download(container, label: str, make_csv: Callable[[], str], file_name: str, key: str) -> None:
    """A download button that builds its CSV only when clicked."""
    container.download_button(label, data=lambda: make_csv().encode("utf-8"), file_name=file_name,
                              mime="text/csv", key=key, on_click="ignore", icon=":material/download:")

