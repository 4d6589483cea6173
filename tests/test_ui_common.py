"""Plain unit tests of the app's pure helpers: escaping, highlighting, links, CSV, recurring headings."""
from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from indexer.explore import Occurrence, group_headings, heading_key, heading_label, stacked_buckets
from indexer.model import Event
from ui import common as c


# -- escaping and highlighting ----------------------------------------------------------
def test_highlight_escapes_before_marking():
    out = c.highlight('<img src=x onerror="alert(1)"> \x02OVN\x03 & <b>\x02upgrade\x03</b>')
    assert out == ('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>OVN</mark> &amp; '
                   '&lt;b&gt;<mark>upgrade</mark>&lt;/b&gt;')


def test_highlight_cannot_be_tricked_by_marks_in_the_text():
    # a stray mark (from the file itself) must not leave an open <mark> nor let HTML through
    out = c.highlight("a \x02<script>x</script> b \x03\x03 c \x02")
    assert "<script" not in out and out.count("<mark>") == out.count("</mark>")
    assert "\x02" not in out and "\x03" not in out


def test_highlight_of_marked_html():
    assert c.highlight("\x02<i>\x03") == "<mark>&lt;i&gt;</mark>"


def test_esc_quotes_for_attributes():
    assert c.esc('"><script>') == "&quot;&gt;&lt;script&gt;"
    assert c.esc(None) == ""


def test_md_makes_markdown_inert():
    out = c.md("![x](javascript:alert(1)) [a](http://e) *b* $x$ <i>")
    for raw in ("![", "](", "*b*", "$x$", "<i>"):
        assert raw not in out
    assert out.replace("\\", "") == "![x](javascript:alert(1)) [a](http://e) *b* $x$ <i>"


# -- links ----------------------------------------------------------------------------------
TEMPLATE = "https://github.com/SovereignCloudStack/minutes/blob/main/{path}#L{line}"


def test_web_source_url_fills_the_template():
    assert c.web_source_url(TEMPLATE, "iaas/2024 03.md", 40) == \
        "https://github.com/SovereignCloudStack/minutes/blob/main/iaas/2024%2003.md#L40"


@pytest.mark.parametrize("template", ["javascript:alert('{path}')", "data:text/html,{path}", "file:///{path}",
                                      "//evil.example/{path}", "{path}"])
def test_web_source_url_refuses_other_schemes(template):
    assert c.web_source_url(template, "iaas/x.md", 1) is None


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "a/../../b.md", "a\\..\\b.md", ""])
def test_paths_that_climb_out_are_refused(path, tmp_path):
    assert c.safe_relative(path) is None
    assert c.web_source_url(TEMPLATE, path, 1) is None
    assert c.source_file([str(tmp_path)], str(tmp_path), path) is None


def test_source_file_stays_inside_known_roots(tmp_path):
    root = tmp_path / "corpus"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "a.md").write_text("# a\n")
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (root / "infra" / "link.md").symlink_to(outside)
    assert c.source_file([str(root)], str(root), "infra/a.md") == (root / "infra" / "a.md").resolve()
    assert c.source_file([str(root)], str(root), "infra/link.md") is None  # symlink out of the corpus
    assert c.source_file([str(root)], str(tmp_path), "secret.md") is None  # not a root of the index


def test_source_links_prefer_the_template_and_fall_back_to_the_source_view(tmp_path):
    links = c.SourceLinks(roots=[str(tmp_path)], template=TEMPLATE)
    assert links.href(str(tmp_path), "infra/a.md", 3).startswith("https://github.com/")
    links = c.SourceLinks(roots=[str(tmp_path)], template="")
    assert links.href(str(tmp_path), "infra/a.md", 3) == "Source?root=0&path=infra%2Fa.md&line=3"
    assert links.href("/elsewhere", "infra/a.md", 3) is None
    bad = c.SourceLinks(roots=[str(tmp_path)], template="javascript:alert(1)//{path}")
    assert bad.href(str(tmp_path), "infra/a.md", 3).startswith("Source?")


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", None, ""])
def test_link_never_makes_script_urls_clickable(href):
    out = c.link(href, "<click>")
    assert out == "&lt;click&gt;"


def test_link_escapes_target_and_text():
    out = c.link("https://example.org/?a=1&b=2", "<x>")
    assert out.startswith('<a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"')
    assert "&lt;x&gt;</a>" in out
    assert c.link('Source?x="><script>', "t") == '<a href="Source?x=&quot;&gt;&lt;script&gt;">t</a>'


def test_href_with_changes_and_removes_keys():
    params = {"q": ["ovn"], "series": ["infra"], "page": ["3"]}
    assert c.href_with(params, "", project=["OVN"], page=None) == "?q=ovn&series=infra&project=OVN"
    assert c.href_with({}, "Explore", type="person", value="a&b") == "Explore?type=person&value=a%26b"


def test_hit_html_escapes_every_field():
    hit = SimpleNamespace(path="infra/<x>.md", line=4, date=None, series="<s>", heading="<img src=x onerror=1>",
                          snippet="\x02<b>\x03", entities={"person": ['"><script>'], "project": [], "version": [], "issue": []})
    out = c.hit_html(hit, "Source?root=0&path=x&line=4", lambda t, v: "?" + t)
    assert "<img" not in out and "<script" not in out and "<b>" not in out and "<s>" not in out
    assert "&lt;img src=x onerror=1&gt;" in out and "<mark>&lt;b&gt;</mark>" in out
    assert "undated" in out


def test_item_html_escapes_text_and_owners():
    item = SimpleNamespace(kind="action", text="<script>x</script>", date="2024-01-01", path="a.md", line=2,
                           series="infra", heading="h", owners=["<o>"])
    out = c.item_html(item, None)
    assert "<script" not in out and "&lt;o&gt;" in out


# -- CSV -----------------------------------------------------------------------------------------
def test_csv_quotes_formulas_and_joins_lists():
    text = c.to_csv([{"a": "=HYPERLINK(\"x\")", "b": ["p", "q"], "c": None}, {"a": "plain", "b": "-1", "c": 3}],
                    ("a", "b", "c"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b", "c"], ["'=HYPERLINK(\"x\")", "p; q", ""], ["plain", "'-1", "3"]]


def test_hit_rows_have_every_column():
    hit = SimpleNamespace(date="2024-03-06", series="infra", path="infra/a.md", line=5, heading="OVN", score=1.5,
                          snippet="the \x02OVN\x03 upgrade", entities={"person": ["x"], "project": ["OVN"]})
    rows = c.hit_rows([hit], c.SourceLinks(roots=[], template=TEMPLATE))
    assert rows[0]["snippet"] == "the OVN upgrade" and rows[0]["project"] == ["OVN"]
    assert rows[0]["source"].endswith("infra/a.md#L5")
    text = c.to_csv(rows, c.HIT_COLUMNS)
    assert text.splitlines()[0] == ",".join(c.HIT_COLUMNS)


def test_item_rows():
    item = SimpleNamespace(kind="decision", text="go", date=None, path="a.md", line=2, series="s", heading="h", owners=[])
    assert c.item_rows([item])[0] == {"kind": "decision", "text": "go", "date": None, "path": "a.md", "line": 2,
                                      "series": "s", "heading": "h", "owners": [], "source": ""}


# -- explore helpers -------------------------------------------------------------------------------
@pytest.mark.parametrize("heading, key", [
    ("OVN 24.03 upgrade (@tobiasw)", "ovn upgrade"),
    ("3. Kubernetes v1.29", "kubernetes"),
    ("Board meeting 2024-02-12", "board meeting"),
    ("Status-board licence [@anna]", "status board licence"),
    ("", ""),
])
def test_heading_key(heading, key):
    assert heading_key(heading) == key


def test_heading_label_drops_owners_and_versions():
    assert heading_label("OVN 24.03 upgrade (@tobiasw)") == "OVN upgrade"


def test_group_headings_keeps_recurring_agenda_items_only():
    occ = [
        Occurrence("2024-01-10", "infra/1.md", "infra", "Zuul (@a)", 5),
        Occurrence("2024-02-10", "board/2.md", "board", "Zuul", 7),
        Occurrence("2024-02-10", "infra/3.md", "infra", "Zuul 9.0", 9),
        Occurrence("2024-02-10", "infra/3.md", "infra", "Action items", 20),
        Occurrence("2024-03-10", "infra/4.md", "infra", "Action items", 20),
        Occurrence("2024-03-10", "infra/4.md", "infra", "Once only", 3),
    ]
    topics = group_headings(occ)
    assert [t.key for t in topics] == ["zuul"]
    zuul = topics[0]
    assert zuul.meetings == 3 and zuul.series == ["board", "infra"] and zuul.label == "Zuul"
    assert (zuul.first, zuul.last) == ("2024-01-10", "2024-02-10")
    assert zuul.query == "heading:(zuul)"


def test_stacked_buckets():
    events = [Event("2024-01-02", "a", "infra", "", 1, ""), Event("2024-01-09", "b", "infra", "", 1, ""),
              Event("2024-01-09", "c", "board", "", 1, ""), Event(None, "d", "board", "", 1, "")]
    assert stacked_buckets(events, "month") == [
        {"period": "2024-01", "series": "board", "count": 1}, {"period": "2024-01", "series": "infra", "count": 2},
        {"period": "undated", "series": "board", "count": 1}]
