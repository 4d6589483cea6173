"""Index: what is indexed, what was skipped and why, and a button that brings the index up to date."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indexer import status
from indexer.errors import MinutesError
from ui import state
from ui.render import esc

state.setup("Index", "🗂️")
state.engine()  # stops with a message when there is no index
path = state.index_path()

st.title("Index")
info = status.index_status(path)
files, sections, skipped, repaired = st.columns(4)
files.metric("Files", info["files"])
sections.metric("Sections", info["sections"])
skipped.metric("Skipped", info["skipped"], help="files left out, each with its reason below")
repaired.metric("Repaired", info["repaired"], help="files indexed after a repair (an encoding, front matter)")
# paths as HTML, escaped: Markdown would need backslashes, and they would show
st.html(f"<p><b>Index folder:</b> <code>{esc(info['index'])}</code></p>"
        + ("<p><b>Corpus roots:</b></p><ul>" + "".join(f"<li><code>{esc(r)}</code></li>" for r in info["roots"])
           + "</ul>" if info["roots"] else "<p><b>Corpus roots:</b> none recorded</p>"))
st.caption(" · ".join(part for part in [
    f"last build {info['last_build']}" if info.get("last_build") else "",
    f"last update {info['last_update']}" if info.get("last_update") else "",
] if part))
if info.get("last_summary"):
    st.html(f"<p style='font-size:.85rem;opacity:.8'>{esc(info['last_summary'])}</p>")

if info["skipped_files"]:
    st.subheader("Skipped and repaired files", anchor=False)
    st.dataframe(pd.DataFrame(info["skipped_files"]), hide_index=True, width="stretch")

st.subheader("Update", anchor=False)
st.write("Adds new files, re-indexes changed ones and removes deleted ones, in every corpus root above.")
if st.button("Update the index", type="primary", icon=":material/sync:", disabled=not info["roots"]):
    bar = st.progress(0.0, text="looking for changes …")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done} of {total} files")

    try:
        summary = status.update_index(path, info["roots"], progress=progress, wait=10.0)
    except MinutesError as exc:  # a lock held too long, a root gone: say so, keep the app alive
        bar.empty()
        st.error(f"The update failed: {exc}")
    else:
        bar.progress(1.0, text="done")
        state.clear_caches()
        st.session_state["last_update_message"] = summary
        st.rerun()

message = st.session_state.pop("last_update_message", None)
if message:
    st.success(message)
