"""Charts that show all their data: one colour per series with an HTML legend that wraps instead of
clipping, a time axis with empty periods as gaps, every heatmap row labelled.

Vega's own legend cuts entries and labels when a chart is narrow (two timelines side by
side), so the colour scale is fixed here and the legend is plain HTML under the chart.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping, Sequence

from ui.render import esc

#: Tableau 20: the most distinct colours a legend can hold; beyond it, the rest is "other".
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63",
           "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e")
OTHER = "other"
OTHER_COLOUR = "#c7c7c7"


def period_start(period: str) -> str | None:
    """"2024-03" -> "2024-03-01", "2024" -> "2024-01-01"; None for "undated"."""
    if re.fullmatch(r"\d{4}-\d{2}", period or ""):
        return period + "-01"
    if re.fullmatch(r"\d{4}", period or ""):
        return period + "-01-01"
    return None


def series_colours(counts: Mapping[str, int], room: int = len(PALETTE)) -> dict[str, str]:
    """A colour for each series, most frequent first; when there are more than `room`, the rarest share "other"."""
    ordered = sorted(counts, key=lambda s: (-counts[s], s.lower()))
    if len(ordered) <= room:
        return {s: PALETTE[n] for n, s in enumerate(ordered)}
    colours = {s: PALETTE[n] for n, s in enumerate(ordered[: room - 1])}
    colours.update({s: OTHER_COLOUR for s in ordered[room - 1:]})
    return colours


def legend_name(series: str, colours: Mapping[str, str]) -> str:
    return series if colours.get(series, OTHER_COLOUR) != OTHER_COLOUR else OTHER


def legend_html(counts: Mapping[str, int], colours: Mapping[str, str]) -> str:
    """Every series of the chart with its colour and count; the ones folded into "other" listed by name."""
    entries = [(s, colours[s], counts[s]) for s in colours if colours[s] != OTHER_COLOUR and counts.get(s)]
    folded = [s for s in colours if colours[s] == OTHER_COLOUR and counts.get(s)]
    items = [f'<span class="lg"><i style="background:{c}"></i>{esc(s)} <small>{n}</small></span>'
             for s, c, n in entries]
    if folded:
        names = ", ".join(f"{s} {counts[s]}" for s in folded)
        items.append(f'<span class="lg" title="{esc(names)}"><i style="background:{OTHER_COLOUR}"></i>'
                     f'{OTHER} ({len(folded)} series: {esc(names)}) <small>{sum(counts[s] for s in folded)}</small></span>')
    return ('<div class="legend"><style>.legend{display:flex;flex-wrap:wrap;gap:.15rem .8rem;font-size:.78rem;'
            'margin:-.4rem 0 .6rem 0}.legend i{display:inline-block;width:.7rem;height:.7rem;margin-right:.25rem;'
            'vertical-align:-.05rem;border-radius:2px}.legend small{opacity:.6}</style>' + "".join(items) + "</div>")


def stacked_chart(rows: Sequence[Mapping[str, Any]], colours: Mapping[str, str], by: str = "month",
                  height: int = 220, domain: tuple[str, str] | None = None, title: str = "mentions"):
    """Counts per period, stacked by series, on a real time axis (gaps show; charts side by side line up)."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame([{**r, "series": legend_name(r["series"], colours), "start": period_start(r["period"])}
                         for r in rows if period_start(r["period"])])
    if data.empty:
        data = pd.DataFrame({"start": [], "series": [], "count": [], "period": []})
    names = list(dict.fromkeys(legend_name(s, colours) for s in colours))
    unit, fmt = ("yearmonth", "%Y-%m") if by == "month" else ("year", "%Y")
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    return alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{unit}(start):T", title=None, axis=alt.Axis(format=fmt), scale=scale),
        y=alt.Y("sum(count):Q", title=title),
        color=alt.Color("series:N", legend=None, sort=names,
                        scale=alt.Scale(domain=names, range=[colours_of(n, colours) for n in names])),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("series:N"), alt.Tooltip("sum(count):Q", title=title)],
    ).properties(height=height)


def colours_of(name: str, colours: Mapping[str, str]) -> str:
    return OTHER_COLOUR if name == OTHER else colours[name]


def series_counts(rows: Sequence[Mapping[str, Any]]) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts[row["series"]] += row["count"]
    return counts


ROW_HEIGHT = 20


def heatmap(rows: Sequence[Mapping[str, Any]], labels: Sequence[str], title: str = "sections"):
    """Topics by month: one labelled row per topic (no label dropped for overlap), darker for more."""
    import altair as alt
    import pandas as pd

    return alt.Chart(pd.DataFrame(rows)).mark_rect().encode(
        x=alt.X("yearmonth(start):T", title=None, axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("topic:N", title=None, sort=list(labels),
                axis=alt.Axis(labelOverlap=False, labelLimit=320, labelFontSize=11)),
        color=alt.Color("sum(count):Q", title=title, scale=alt.Scale(scheme="blues")),
        tooltip=["topic", "period", alt.Tooltip("sum(count):Q", title=title)],
    ).properties(height=ROW_HEIGHT * max(len(labels), 3))
