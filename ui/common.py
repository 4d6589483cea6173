"""What every page of the app shares: the cached engine, URL state, escaping, source links, CSV.

The pure helpers (escaping, highlighting, link building, CSV) do not touch Streamlit
and have plain unit tests (`tests/test_ui_common.py`). Minutes text is untrusted:
everything taken from a file is HTML-escaped before it is put into markup, and
markup only ever reaches the page through `st.html` (sanitised by Streamlit too).
"""
from __future__ import annotations

import csv
import html
import io
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from indexer.model import ENTITY_TYPES
from indexer.store import MARK_END, MARK_START

#: The query syntax, shown under the search box.
QUERY_HELP = """\
- **words** are matched with stemming: `upgrade` finds *upgrades*, *upgraded*
- **"phrases"** in double quotes: `"live migration"`
- **AND / OR / NOT** and **( )**: `ovn AND (upgrade OR migration) NOT ovs`
- **fields**: `person:hanne-s` `project:OVN` `version:24.03` `issue:#402` `series:infra`; without AND/OR/NOT
  each one must hold, as a facet does: `series:infra ceph` is ceph in the infra meetings
- **dates**: `date:2024` `date:2024-03` `after:2024-01-01` `before:2024-06-30`
- **aliases**: `k8s` finds *Kubernetes*, `open vswitch` finds *OvS*
- **typos**: a word that no section holds is respelled from the index's own words (`zookeper` is searched
  as *zookeeper*; a button searches it as typed); a rare word near a much commoner one gets a "did you mean"
"""

FACET_LABELS = {"series": "Series", "year": "Year", "person": "People", "project": "Projects",
                "version": "Versions", "issue": "Issues"}
ENTITY_LABELS = {"person": "People", "project": "Projects", "version": "Versions", "issue": "Issues"}
SOURCE_ENV = "MINUTES_SOURCE_URL"

CSS = """
<style>
.mh {padding: .55rem 0 .7rem 0; border-bottom: 1px solid rgba(128,128,128,.25);}
.mh-meta {font-size: .82rem; opacity: .75;}
.mh-meta a, .mh-head a {text-decoration: none;}
.mh-head {font-weight: 600; font-size: 1.02rem; margin: .1rem 0 .2rem 0;}
.mh-snip {font-size: .93rem; line-height: 1.45;}
.mh-snip mark, .mh-text mark {background: #ffe58f; color: #111; padding: 0 .1em; border-radius: 2px;}
.mh-ents {margin-top: .3rem;}
.chip {display: inline-block; font-size: .75rem; padding: .05rem .45rem; margin: .1rem .25rem .1rem 0;
       border-radius: .7rem; border: 1px solid rgba(128,128,128,.45); text-decoration: none; color: inherit;}
.chip-person {border-color: #7aa6d8;} .chip-project {border-color: #8cc08c;}
.chip-version {border-color: #d9b36c;} .chip-issue {border-color: #c98bc9;}
.mh-series {font-weight: 600;}
.mh-owner {font-size: .8rem; opacity: .8;}
.ent-list a {text-decoration: none;}
.ent-list li {margin: .05rem 0;}
.ent-count {opacity: .6; font-size: .8rem;}
</style>
"""


# -- escaping and highlighting (pure) -------------------------------------------------
def esc(text: Any) -> str:
    """Text from a minutes file, safe inside HTML (quotes too, so also inside attributes)."""
    return html.escape(strip_control(str(text if text is not None else "")), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def md(text: Any) -> str:
    """Text from a file, inert inside Markdown (widget labels, st.markdown): every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", strip_control(str(text if text is not None else "")).replace("\n", " "))


def strip_control(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


_MARKED = re.compile(re.escape(MARK_START) + "([^" + MARK_START + MARK_END + "]*)" + re.escape(MARK_END))


_TABLE_RULE = re.compile(r"(?:\|?\s*:?-{3,}:?\s*)+\|?")


def tidy(text: str) -> str:
    """Snippet text without Markdown table rules (|---|---|), which only add noise."""
    return _TABLE_RULE.sub(" ", text)


def highlight(snippet: str) -> str:
    """Escape a snippet FIRST, then turn its \\x02...\\x03 marks into <mark> (unbalanced marks dropped)."""
    snippet = tidy(snippet or "")
    parts: list[str] = []
    pos = 0
    for match in _MARKED.finditer(snippet or ""):
        parts.append(esc(snippet[pos:match.start()]))
        parts.append(f"<mark>{esc(match.group(1))}</mark>")
        pos = match.end()
    parts.append(esc((snippet or "")[pos:]))
    return "".join(parts)


# -- links (pure) -------------------------------------------------------------------
def safe_relative(path: str) -> PurePosixPath | None:
    """A corpus-relative path that cannot climb out of its root, or None."""
    if not path or "\\" in path or "\x00" in path:
        return None
    rel = PurePosixPath(path)
    if rel.is_absolute() or any(part in ("..", "") for part in rel.parts) or not rel.parts:
        return None
    return rel


def web_source_url(template: str, path: str, line: int, series: str = "") -> str | None:
    """`template` with {path}, {line} and {series} filled in; None unless it is an http(s) URL."""
    rel = safe_relative(path)
    if not template or rel is None:
        return None
    url = (template.replace("{path}", quote(rel.as_posix(), safe="/"))
           .replace("{line}", str(int(line or 1))).replace("{series}", quote(series or "", safe="")))
    return url if is_web_url(url) else None


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c in url for c in "\"'<> \n\r\t")


def source_file(roots: Sequence[str], root: str, path: str) -> Path | None:
    """The file `path` under `root`, only when `root` is one of the index's roots and the file stays inside it."""
    rel = safe_relative(path)
    if rel is None or not root:
        return None
    known = {str(Path(r).resolve()) for r in roots}
    root_path = Path(root).resolve()
    if str(root_path) not in known:
        return None
    full = (root_path / rel).resolve()
    if not full.is_relative_to(root_path):
        return None  # a symlink pointing out of the corpus
    return full


def root_index(roots: Sequence[str], root: str) -> int | None:
    resolved = [str(Path(r).resolve()) for r in roots]
    try:
        return resolved.index(str(Path(root).resolve())) if root else None
    except ValueError:
        return None


def source_view_href(roots: Sequence[str], root: str, path: str, line: int) -> str | None:
    """A link to the app's Source page (root by number, so the URL cannot name a folder)."""
    n = root_index(roots, root)
    if n is None or safe_relative(path) is None:
        return None
    return "Source?" + urlencode({"root": n, "path": path, "line": int(line or 1)})


@dataclass
class SourceLinks:
    """How a page links a section to its source."""

    roots: Sequence[str]
    template: str = ""

    def href(self, root: str, path: str, line: int, series: str = "") -> str | None:
        """The web URL when a template is set, else the app's own source view."""
        if self.template:
            url = web_source_url(self.template, path, line, series)
            if url:
                return url
        return source_view_href(self.roots, root, path, line)

    def root_of(self, path: str) -> str:
        """The root holding `path`, for records that do not carry one (timeline events, log items)."""
        for root in self.roots:
            full = source_file(self.roots, root, path)
            if full and full.is_file():
                return root
        return self.roots[0] if self.roots else ""

    def href_any(self, path: str, line: int, series: str = "") -> str | None:
        return self.href(self.root_of(path), path, line, series)

    def file_uri(self, root: str, path: str) -> str | None:
        full = source_file(self.roots, root, path)
        return full.as_uri() if full else None


def href_with(params: Mapping[str, Any], target: str = "", **changes: Any) -> str:
    """A relative link to page `target` (this page when "") with `params` changed; None/""/[] removes a key."""
    merged: dict[str, Any] = {k: v for k, v in params.items()}
    for key, value in changes.items():
        merged[key] = value
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return (target or "") + "?" + urlencode(pairs) if pairs else (target or "?")


def link(href: str | None, text: str, title: str = "") -> str:
    """An <a> with escaped text; plain text when there is no (safe) target."""
    if not href or href.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
        return esc(text)
    attrs = f' href="{esc(href)}"'
    if is_web_url(href):
        attrs += ' target="_blank" rel="noopener noreferrer"'
    if title:
        attrs += f' title="{esc(title)}"'
    return f"<a{attrs}>{esc(text)}</a>"


# -- cards (pure) -------------------------------------------------------------------
def hit_html(hit: Any, source_href: str | None, chip_href=None, snippet_html: str | None = None,
             related_href: str | None = None) -> str:
    """One search hit or timeline event as escaped HTML: meta line, heading, snippet, entity chips."""
    where = f"{hit.path}:{hit.line}"
    parts = [
        f'<span class="mh-date">{esc(hit.date or "undated")}</span>',
        f'<span class="mh-series">{esc(hit.series)}</span>',
        link(source_href, where, "open the source at this line"),
    ]
    if related_href:
        parts.append(link(related_href, "more like this", "sections that share this one's most telling words"))
    meta = " · ".join(parts)
    heading = esc(hit.heading) if hit.heading else "<i>(top of file)</i>"
    snippet = snippet_html if snippet_html is not None else highlight(getattr(hit, "snippet", ""))
    chips = ""
    entities = getattr(hit, "entities", None) or {}
    values = [(t, v) for t in ENTITY_TYPES for v in entities.get(t, [])]
    if values:
        chips = '<div class="mh-ents">' + "".join(
            f'<a class="chip chip-{t}" href="{esc(chip_href(t, v))}" title="{esc(t)}">{esc(v)}</a>'
            if chip_href else f'<span class="chip chip-{t}" title="{esc(t)}">{esc(v)}</span>'
            for t, v in values
        ) + "</div>"
    return (f'<div class="mh"><div class="mh-meta">{meta}</div><div class="mh-head">{heading}</div>'
            f'<div class="mh-snip">{snippet}</div>{chips}</div>')


def item_html(item: Any, source_href: str | None, show_owners: bool = True) -> str:
    """One decision or action item as escaped HTML."""
    meta = " · ".join([
        f'<span class="mh-date">{esc(item.date or "undated")}</span>',
        f'<span class="mh-series">{esc(item.series)}</span>',
        esc(item.heading or "(top of file)"),
        link(source_href, f"{item.path}:{item.line}", "open the source at this line"),
    ])
    owners = ""
    if show_owners and item.owners:
        owners = f'<div class="mh-owner">owner: {esc(", ".join(item.owners))}</div>'
    return f'<div class="mh"><div class="mh-meta">{meta}</div><div class="mh-snip mh-text">{esc(item.text)}</div>{owners}</div>'


def value_list_html(pairs: Iterable[tuple[str, int]], href=None) -> str:
    """A compact list of `value (count)`, each value linked with `href(value)` when given."""
    rows = []
    for value, count in pairs:
        label = link(href(value), value) if href else esc(value)
        rows.append(f'<li>{label} <span class="ent-count">{int(count)}</span></li>')
    return '<ul class="ent-list">' + "".join(rows) + "</ul>" if rows else "<p><i>none</i></p>"


# -- CSV (pure) ------------------------------------------------------------------------
def csv_cell(value: Any) -> str:
    """A cell value; text that a spreadsheet would run as a formula is quoted with a leading '."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = strip_control(str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


HIT_COLUMNS = ("date", "series", "path", "line", "heading", "snippet", "score") + ENTITY_TYPES + ("source",)
ITEM_COLUMNS = ("kind", "date", "series", "path", "line", "heading", "text", "owners", "source")


def hit_rows(hits: Iterable[Any], links: SourceLinks | None = None) -> list[dict[str, Any]]:
    rows = []
    for hit in hits:
        row = {"date": hit.date, "series": hit.series, "path": hit.path, "line": hit.line, "heading": hit.heading,
               "snippet": strip_control(hit.snippet), "score": hit.score,
               "source": links.template and web_source_url(links.template, hit.path, hit.line, hit.series) if links else ""}
        row.update({t: hit.entities.get(t, []) for t in ENTITY_TYPES})
        rows.append(row)
    return rows


def item_rows(items: Iterable[Any], links: SourceLinks | None = None) -> list[dict[str, Any]]:
    return [{"kind": i.kind, "date": i.date, "series": i.series, "path": i.path, "line": i.line,
             "heading": i.heading, "text": i.text, "owners": i.owners,
             "source": links.template and web_source_url(links.template, i.path, i.line, i.series) if links else ""}
            for i in items]


# -- charts -------------------------------------------------------------------------------
def period_start(period: str) -> str | None:
    """"2024-03" -> "2024-03-01", "2024" -> "2024-01-01"; None for "undated"."""
    if re.fullmatch(r"\d{4}-\d{2}", period or ""):
        return period + "-01"
    if re.fullmatch(r"\d{4}", period or ""):
        return period + "-01-01"
    return None


def stacked_chart(rows: Sequence[Mapping[str, Any]], by: str = "month", height: int = 220, series: Sequence[str] = (),
                  domain: tuple[str, str] | None = None, title: str = "mentions"):
    """Counts per period, stacked by series, on a real time axis (gaps show; charts side by side line up)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame([{**r, "start": period_start(r["period"])} for r in rows if period_start(r["period"])])
    if data.empty:
        data = pd.DataFrame({"start": [], "series": [], "count": [], "period": []})
    unit = "yearmonth" if by == "month" else "year"
    x = alt.X(f"{unit}(start):T", title=None, axis=alt.Axis(format="%Y-%m" if by == "month" else "%Y"))
    if domain:
        x = alt.X(f"{unit}(start):T", title=None, axis=alt.Axis(format="%Y-%m" if by == "month" else "%Y"),
                  scale=alt.Scale(domain=list(domain)))
    color = alt.Color("series:N", legend=alt.Legend(orient="bottom", title=None),
                      scale=alt.Scale(domain=list(series)) if series else alt.Undefined)
    return alt.Chart(data).mark_bar().encode(
        x=x, y=alt.Y("sum(count):Q", title=title), color=color,
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("series:N"), alt.Tooltip("sum(count):Q", title=title)],
    ).properties(height=height)


# -- Streamlit side -------------------------------------------------------------------
_refresh_lock = threading.Lock()


def setup(title: str, icon: str = "🔎") -> None:
    """First call of every page: page config and the shared styles."""
    st.set_page_config(page_title=f"{title} · minutes", page_icon=icon, layout="wide")
    st.html(CSS)


def index_path() -> Path:
    from indexer.config import index_path as configured

    return configured().resolve()


@st.cache_resource(show_spinner=False)
def _open_engine(path: str) -> dict[str, Any]:
    from indexer.query import open_engine

    return {"engine": open_engine(path), "epoch": 0}


def engine_state() -> dict[str, Any]:
    """{"engine": Engine, "epoch": n}: the cached engine, refreshed when the index changed on disk."""
    from indexer.store import IndexMissing, NotAnIndex

    path = index_path()
    try:
        state = _open_engine(str(path))
    except (IndexMissing, NotAnIndex, FileNotFoundError):
        st.error(f"There is no index at {path}. Build one with `minutes build`, or use the Index page.")
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


def index_roots() -> list[str]:
    from indexer.indexing import index_roots as roots_of

    return [str(r) for r in roots_of(index_path())]


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


# -- URL state ------------------------------------------------------------------
def param(name: str, default: str = "") -> str:
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


def param_list(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


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


def parse_iso(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def date_range(container, since_key: str = "since", until_key: str = "until", span=(None, None)) -> None:
    """Two date fields bound to the URL keys `since` and `until`."""
    from datetime import date

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


def csv_download(container, label: str, make_csv, file_name: str, key: str) -> None:
    """A download button that builds its CSV only when clicked."""
    container.download_button(label, data=lambda: make_csv().encode("utf-8"), file_name=file_name,
                              mime="text/csv", key=key, on_click="ignore", icon=":material/download:")
