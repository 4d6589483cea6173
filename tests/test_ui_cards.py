"""Hits and logged items as HTML: every field rendered or escaped, nothing runs."""
from __future__ import annotations

from types import SimpleNamespace

from ui import cards as c

def test_hit_html_escapes_every_field():
    hit = SimpleNamespace(path="infra/<x>.md", line=4, date=None, series="<s>", heading="<img src=x onerror=1>",
                          snippet="\x02<b>\x03", entities={"person": ['"><script>'], "project": [], "version": [], "issue": []})
    out = c.hit_html(hit, "Source?root=0&path=x&line=4", lambda t, v: "?" + t)
    assert "<img" not in out and "<script" not in out and "<b>" not in out and "<s>" not in out
    assert "onerror" not in out and "&lt;s&gt;" in out and "infra/&lt;x&gt;.md" in out
    assert "undated" in out


def test_item_html_escapes_text_and_owners():
    item = SimpleNamespace(kind="action", text="<script>x</script>", date="2024-01-01", path="a.md", line=2,
                           series="infra", heading="h", owners=["<o>"])
    out = c.item_html(item, None)
    assert "<script" not in out and "&lt;o&gt;" in out



def test_item_html_says_where_else_the_item_is_written():
    item = SimpleNamespace(kind="decision", text="skip the election", date="2025-12-01", path="b/3.md", line=3,
                           series="board", heading="h", owners=[], earlier=["2025-11-24 b/2.md:3", "2025-11-10 b/1.md:3"])
    assert "also written in 2 earlier meetings of this series, first on 2025-11-10" in c.item_html(item, None)


def test_hit_html_renders_the_heading_and_snippet():
    hit = SimpleNamespace(path="a.md", line=1, date="2024-01-01", series="s", entities={},
                          heading="[Copy.Fail](https://copy.fail/)", snippet="run `\x02apt\x03 upgrade` now")
    out = c.hit_html(hit, None)
    assert '<a href="https://copy.fail/"' in out and "<code><mark>apt</mark> upgrade</code>" in out
