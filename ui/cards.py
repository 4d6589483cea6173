"""A hit, a timeline event, a logged item or a value list as one block of safe HTML. Pure.

Headings, snippets and item texts are the minutes' Markdown, rendered by `ui.render`
(links clickable, code as code, HTML reduced to its text); everything else is escaped.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from indexer.model import ENTITY_TYPES
from ui.links import link
from ui.render import esc, inline_html, snippet_html

CSS = """
<style>
.mh {padding: .55rem 0 .7rem 0; border-bottom: 1px solid rgba(128,128,128,.25);}
.mh-meta {font-size: .82rem; opacity: .75;}
.mh-meta a, .mh-head a {text-decoration: none;}
.mh-head {font-weight: 600; font-size: 1.02rem; margin: .1rem 0 .2rem 0;}
.mh-snip {font-size: .93rem; line-height: 1.45; overflow-wrap: anywhere;}
.mh-snip a, .mh-text a {text-decoration: underline dotted;}
.mh-snip code, .mh-text code, .mh-head code {font-size: .85em; padding: 0 .2em; border-radius: 3px;
       background: rgba(128,128,128,.15);}
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
.topics details, .owners details {border: 1px solid rgba(128,128,128,.25); border-radius: .5rem;
       padding: .35rem .7rem; margin: .3rem 0;}
.topics summary, .owners summary {cursor: pointer;}
.topics .more {font-size: .8rem; opacity: .7;}
</style>
"""

ChipHref = Callable[[str, str], str]


def heading_html(heading: str) -> str:
    return inline_html(heading) if heading else "<i>(top of file)</i>"


def meta_html(date: str | None, series: str, source_href: str | None, where: str, before: str = "",
              after: str = "") -> str:
    """Date, series, (`before`), the source link, (`after`): one line above a card."""
    parts = [f'<span class="mh-date">{esc(date or "undated")}</span>', f'<span class="mh-series">{esc(series)}</span>',
             before, link(source_href, where, "open the source at this line"), after]
    return f'<div class="mh-meta">{" · ".join(p for p in parts if p)}</div>'


def chips_html(entities: dict, chip_href: ChipHref | None) -> str:
    values = [(t, v) for t in ENTITY_TYPES for v in (entities or {}).get(t, [])]
    if not values:
        return ""
    return '<div class="mh-ents">' + "".join(
        f'<a class="chip chip-{t}" href="{esc(chip_href(t, v))}" title="{esc(t)}">{esc(v)}</a>'
        if chip_href else f'<span class="chip chip-{t}" title="{esc(t)}">{esc(v)}</span>'
        for t, v in values
    ) + "</div>"


def hit_html(hit: Any, source_href: str | None, chip_href: ChipHref | None = None,
             related_href: str | None = None) -> str:
    """One search hit or timeline event: meta line, rendered heading, rendered snippet, entity chips."""
    related = link(related_href, "more like this", "sections that share this one's most telling words") \
        if related_href else ""
    meta = meta_html(hit.date, hit.series, source_href, f"{hit.path}:{hit.line}", after=related)
    return (f'<div class="mh">{meta}<div class="mh-head">{heading_html(hit.heading)}</div>'
            f'<div class="mh-snip">{snippet_html(getattr(hit, "snippet", ""))}</div>'
            f'{chips_html(getattr(hit, "entities", None), chip_href)}</div>')


def item_html(item: Any, source_href: str | None, show_owners: bool = True) -> str:
    """One decision or action item: meta line with its rendered heading, the rendered text, its owners."""
    heading = f'<span class="mh-in">{inline_html(item.heading) if item.heading else "(top of file)"}</span>'
    meta = meta_html(item.date, item.series, source_href, f"{item.path}:{item.line}", before=heading)
    owners = ""
    if show_owners and item.owners:
        owners = f'<div class="mh-owner">owner: {esc(", ".join(item.owners))}</div>'
    earlier = getattr(item, "earlier", None) or []
    if earlier:
        plural = "s" if len(earlier) > 1 else ""
        owners += (f'<div class="mh-owner" title="{esc("; ".join(earlier))}">also written in {len(earlier)} '
                   f'earlier meeting{plural} of this series, first on {esc(earlier[-1].split(" ", 1)[0])}</div>')
    return f'<div class="mh">{meta}<div class="mh-snip mh-text">{inline_html(item.text)}</div>{owners}</div>'


def value_list_html(pairs: Iterable[tuple[str, int]], href: Callable[[str], str] | None = None) -> str:
    """A compact list of `value (count)`, each value linked with `href(value)` when given."""
    rows = []
    for value, count in pairs:
        label = link(href(value), value) if href else esc(value)
        rows.append(f'<li>{label} <span class="ent-count">{int(count)}</span></li>')
    return '<ul class="ent-list">' + "".join(rows) + "</ul>" if rows else "<p><i>none</i></p>"
