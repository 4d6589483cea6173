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




def test_hit_html_renders_the_heading_and_snippet():
    hit = SimpleNamespace(path="a.md", line=1, date="2024-01-01", series="s", entities={},
                          heading="[Copy.Fail](https://copy.fail/)", snippet="run `\x02apt\x03 upgrade` now")
    out = c.hit_html(hit, None)
    assert '<a href="https://copy.fail/"' in out and "<code><mark>apt</mark> upgrade</code>" in out
