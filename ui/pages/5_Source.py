"""Source: one minutes file as plain text, at the line a hit points to.

URL state: root (the number of a corpus root of the index: a URL cannot name a folder), path, line.
Only files inside the index's corpus roots are shown.
"""
from __future__ import annotations

import streamlit as st

from ui import state
from ui.links import source_file, web_source_url
from ui.render import esc, md

CONTEXT = 60

state.setup("Source", "📄")
state.engine()
roots = state.index_roots()
path = state.param("path")
line = state.param_int("line", 1)
try:
    root = roots[int(state.param("root", "0"))]
except (ValueError, IndexError):
    root = ""

full = source_file(roots, root, path) if root else None
st.title("Source", anchor=False)
if not path:
    st.info("Open a hit's source from the Search, Timeline or Decisions page.")
    st.stop()
if full is None or not full.is_file():
    st.error("That file is not in the indexed corpus.")
    st.stop()

links = state.source_links()
st.markdown(f"**{md(path)}** · line {line}")
web = web_source_url(links.template, path, line) if links.template else None
if web:
    st.link_button("Open on the web", web, icon=":material/open_in_new:")
text = full.read_text(encoding="utf-8", errors="replace")
lines = text.splitlines()
start = max(1, line - 5)
show_all = st.toggle("Whole file", value=len(lines) <= 200)
first, last = (1, len(lines)) if show_all else (start, min(len(lines), start + CONTEXT))
st.caption(f"lines {first}–{last} of {len(lines)}")
rows = "".join(
    f'<tr class="{"src-hit" if n == line else ""}"><td class="src-n">{n}</td><td class="src-t">{esc(lines[n - 1]) or "&nbsp;"}</td></tr>'
    for n in range(first, last + 1)
)
# every line escaped: nothing in the file can become markup
st.html(
    "<style>.src{border-collapse:collapse;font-family:monospace;font-size:.85rem;width:100%}"
    ".src td{padding:0 .5rem;vertical-align:top;white-space:pre-wrap;word-break:break-word;border:none}"
    ".src-n{opacity:.5;text-align:right;user-select:none;width:3.5rem}"
    ".src-hit{background:rgba(255,229,143,.45)}</style>"
    f'<table class="src">{rows}</table>'
)
