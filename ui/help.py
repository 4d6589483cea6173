"""The query syntax help, with examples taken from the open index (values that find something here)."""
from __future__ import annotations

from typing import Mapping

#: Used when the index lacks a field entirely (an index of minutes nobody tagged).
FALLBACK = {"series": "team", "person": "alice", "project": "Kubernetes", "version": "1.2", "issue": "#12",
            "year": "2024"}


def query_help(examples: Mapping[str, str]) -> str:
    """The help text under the search box; every field example is a value of this index."""
    ex = {**FALLBACK, **examples}
    fields = " ".join(f"`{name}:{ex[name]}`" for name in ("person", "project", "version", "issue", "series"))
    return f"""\
- **words** are matched with stemming: `upgrade` finds *upgrades*, *upgraded*
- **"phrases"** in double quotes: `"live migration"`
- **AND / OR / NOT** and **( )**: `ovn AND (upgrade OR migration) NOT ovs`
- **fields**: {fields}; without AND/OR/NOT each one must hold, as a facet does:
  `series:{ex['series']} {ex['project'].strip('"').split()[0].lower()}` is {ex['project'].strip('"')} in the {ex['series']} meetings
- **dates**: `date:{ex['year']}` `date:{ex['year']}-03` `after:{ex['year']}-01-01` `before:{ex['year']}-06-30`
- **aliases**: `k8s` finds *Kubernetes*, `open vswitch` finds *OvS*
- **typos**: a word that no section holds is respelled from the index's own words (a button searches it
  as typed); a rare word near a much commoner one gets a "did you mean"
"""
