"""The pipeline's spaCy components, one per module, each registered by name on import.

In pipeline order: ``minutes_urls`` (urls.py), ``minutes_projects`` (projects.py),
``minutes_handles`` (handles.py), ``minutes_issues`` (issues.py), ``minutes_versions``
(versions.py), ``minutes_version_links`` (version_links.py), ``minutes_names``
(names.py), ``minutes_items`` (items.py: candidate items with rule hits and owners),
``minutes_item_classifier`` (item_classifier.py: the trained model scores them). Each is a class whose ``match`` finds things
(pure, over the section text and what earlier components assigned) and whose
``set_annotations`` writes them to the Doc, as spaCy's own components do.
"""
from __future__ import annotations

from . import (  # noqa: F401  (registers)
    handles, issues, item_classifier, items, names, projects, urls, version_links, versions,
)

#: The components in the order they run.
PIPE_NAMES = (
    "minutes_urls", "minutes_projects", "minutes_handles", "minutes_issues", "minutes_versions",
    "minutes_version_links", "minutes_names", "minutes_items", "minutes_item_classifier",
)
