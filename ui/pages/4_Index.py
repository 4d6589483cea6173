"""Index: what is indexed, what was skipped and why, and a button that brings the index up to date."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from indexer.status import index_status
from ui import common as c

c.setup("Index", "🗂️")
c.engine()  # stops with a message when there is no index
path = c.index_path()

st.title("Index")
status = index_status(path)
files, sections, skipped, repaired = st.columns(4)
files.metric("Files", status["files"])
sections.metric("Sections", status["sections"])
skipped.metric("Skipped", status["skipped"])
repaired.metric("Repaired", status["repaired"])
st.markdown(f"**Index folder:** `{c.md(status['index'])}`")
st.markdown("**Corpus roots:**\n" + "\n".join(f"- `{c.md(root)}`" for root in status["roots"]) if status["roots"] else "**Corpus roots:** none recorded")
st.caption(" · ".join(part for part in [
    f"last build {status['last_build']}" if status.get("last_build") else "",
    f"last update {status['last_update']}" if status.get("last_update") else "",
    c.md(status["last_summary"]) if status.get("last_summary") else "",
] if part))

if status["skipped_files"]:
    st.subheader("Skipped and repaired files", anchor=False)
    st.dataframe(pd.DataFrame(status["skipped_files"]), hide_index=True, width="stretch")

st.subheader("Update", anchor=False)
st.write("Adds new files, re-indexes changed ones and removes deleted ones, in every corpus root above.")
if st.button("Update the index", type="primary", icon=":material/sync:", disabled=not status["roots"]):
    from indexer.indexing import update

    bar = st.progress(0.0, text="looking for changes …")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done} of {total} files")

    try:
        summary = update(path, [Path(r) for r in status["roots"]], progress=progress, wait=10.0)
    except Exception as exc:  # a lock held too long, an unreadable root: say so, keep the app alive
        bar.empty()
        st.error(f"The update failed: {exc}")
    else:
        bar.progress(1.0, text="done")
        c.clear_caches()
        st.session_state["last_update_message"] = summary.line("update")
        st.rerun()

message = st.session_state.pop("last_update_message", None)
if message:
    st.success(message)
