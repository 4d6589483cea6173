"""The Streamlit app of `minutes ui`: Search (entry `ui/Search.py`) and the pages in `ui/pages/`."""
