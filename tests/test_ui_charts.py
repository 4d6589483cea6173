"""Charts that show all their data: a colour and a legend entry for every series, every heatmap row labelled."""
from __future__ import annotations

import re

from ui import charts


def test_every_series_gets_its_own_colour_up_to_the_palette():
    counts = {f"s{n}": 100 - n for n in range(16)}
    colours = charts.series_colours(counts)
    assert len(set(colours.values())) == 16 and charts.OTHER_COLOUR not in colours.values()


def test_beyond_the_palette_the_rarest_share_other_and_the_legend_names_them():
    counts = {f"s{n:02d}": 100 - n for n in range(25)}
    colours = charts.series_colours(counts)
    named = [s for s, c in colours.items() if c != charts.OTHER_COLOUR]
    assert len(named) == len(charts.PALETTE) - 1 and named[0] == "s00"
    legend = charts.legend_html(counts, colours)
    assert all(f">{s} <small>" in legend for s in named)
    assert "other (6 series: s19 81, s20 80" in legend and "s24 76" in legend


def test_legend_lists_only_the_series_of_its_chart_with_their_counts():
    colours = charts.series_colours({"iaas": 5, "ops": 3, "board": 1})
    legend = charts.legend_html({"iaas": 5, "board": 1}, colours)
    assert re.findall(r"</i>(\w+) <small>(\d+)", legend) == [("iaas", "5"), ("board", "1")]


def test_stacked_chart_has_no_clipping_legend_and_a_fixed_colour_per_series():
    rows = [{"period": "2024-01", "series": "iaas", "count": 2}, {"period": "2024-03", "series": "ops", "count": 1},
            {"period": "undated", "series": "ops", "count": 1}]
    colours = charts.series_colours(charts.series_counts(rows))
    spec = charts.stacked_chart(rows, colours).to_dict()
    colour = spec["encoding"]["color"]
    assert colour["legend"] is None and colour["scale"]["domain"] == ["iaas", "ops"]
    assert colour["scale"]["range"] == [colours["iaas"], colours["ops"]]
    assert spec["encoding"]["x"]["type"] == "temporal"  # a time axis: empty months are gaps, not left out


def test_heatmap_labels_every_row():
    rows = [{"topic": f"topic {n}", "period": "2024-01", "start": "2024-01-01", "count": 1} for n in range(30)]
    spec = charts.heatmap(rows, [r["topic"] for r in rows]).to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False and spec["height"] >= 30 * 11
