"""CSV exports: formulas neutralised, lists joined, every column."""
from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from ui import export as c
from ui.links import SourceLinks

TEMPLATE = "https://github.com/SovereignCloudStack/minutes/blob/main/{path}#L{line}"

# -- CSV -----------------------------------------------------------------------------------------
def test_csv_quotes_formulas_and_joins_lists():
    text = c.to_csv([{"a": "=HYPERLINK(\"x\")", "b": ["p", "q"], "c": None}, {"a": "plain", "b": "-1", "c": 3}],
                    ("a", "b", "c"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b", "c"], ["'=HYPERLINK(\"x\")", "p; q", ""], ["plain", "'-1", "3"]]


def test_hit_rows_have_every_column():
    hit = SimpleNamespace(date="2024-03-06", series="infra", path="infra/a.md", line=5, heading="OVN", score=1.5,
                          snippet="the \x02OVN\x03 upgrade", entities={"person": ["x"], "project": ["OVN"]})
    rows = c.hit_rows([hit], SourceLinks(roots=[], template=TEMPLATE))
    assert rows[0]["snippet"] == "the OVN upgrade" and rows[0]["project"] == ["OVN"]
    assert rows[0]["source"].endswith("infra/a.md#L5")
    text = c.to_csv(rows, c.HIT_COLUMNS)
    assert text.splitlines()[0] == ",".join(c.HIT_COLUMNS)


def test_item_rows():
    item = SimpleNamespace(kind="decision", text="go", date=None, path="a.md", line=2, series="s", heading="h", owners=[])
    assert c.item_rows([item])[0] == {"kind": "decision", "text": "go", "date": None, "path": "a.md", "line": 2,
                                      "series": "s", "heading": "h", "owners": [], "source": ""}


