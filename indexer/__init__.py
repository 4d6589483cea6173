"""minutes: a searchable knowledge index for meeting minutes.

Data flows one way: files (`discover`) -> parsed minutes (`parse`) -> sections with
entities (`nlp`) -> index (`store`, written by `indexing`) -> queries (`query`) ->
command line (`cli`) and the Streamlit app (`ui/`).
"""
__version__ = "0.1.0"
