"""Minutes Markdown as safe HTML: rendered, sanitised, marks kept; and the escaping helpers."""
from __future__ import annotations

import re

import pytest

from ui import render as c

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




# -- Markdown rendering ----------------------------------------------------------------------------
def test_links_written_in_the_minutes_are_links():
    out = c.inline_html("[Copy.Fail (CVE-2026-31431)](https://copy.fail/) and <https://example.org/a>")
    assert '<a href="https://copy.fail/"' in out and ">Copy.Fail (CVE-2026-31431)</a>" in out
    assert '<a href="https://example.org/a"' in out and "](" not in out and "&lt;https" not in out
    assert 'rel="noopener noreferrer"' in out and 'target="_blank"' in out


def test_bare_urls_become_links_but_dotted_names_do_not():
    out = c.inline_html("see https://example.org/x. apiVersion: kubernetes.example.io/v1")
    assert out.count("<a ") == 1 and 'href="https://example.org/x"' in out


def test_code_is_code_and_emphasis_is_emphasis():
    out = c.inline_html("- _AI @alice: implement `oldgeneric` in the **image** manager_")
    assert out == "<em>AI @alice: implement <code>oldgeneric</code> in the <strong>image</strong> manager</em>"


def test_html_in_the_source_is_reduced_to_its_text():
    out = c.inline_html('<font color="#50c3a5" style="x">Sovereign</font> <b onmouseover="x()">Cloud</b>')
    assert out == "Sovereign Cloud"


@pytest.mark.parametrize("source", [
    '<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", '<svg onload="x()"></svg>',
    "[a](javascript:alert(1))", '<a href="javascript:alert(1)">a</a>', "![i](javascript:alert(1))",
    '<iframe src="javascript:x"></iframe>', "[a](data:text/html,x)", '<a href="x" onclick="y()">a</a>',
])
def test_nothing_from_a_file_can_run(source):
    out = c.inline_html(source).lower()
    assert not re.search(r"<(img|script|svg|iframe)|on\w+=|javascript:|data:", out), out


def test_links_the_app_cannot_follow_show_their_text():
    assert c.inline_html("[the notes](../2024/notes.md)") == "the notes"


def test_shortcodes_become_emoji_or_go():
    assert c.inline_html(":telephone: Call :no-such-code: at 10:30") == "\u260e\ufe0f Call  at 10:30"


def test_marks_survive_rendering_inside_links_code_and_emphasis():
    out = c.inline_html("_\x02OVN\x03 upgrade_ in `\x02ovn\x03-db` via [\x02OVN\x03](https://ovn.example/\x02ovn\x03)")
    assert "<em><mark>OVN</mark> upgrade</em>" in out and "<code><mark>ovn</mark>-db</code>" in out
    assert '<a href="https://ovn.example/ovn"' in out and "><mark>OVN</mark></a>" in out
    assert "\ue000" not in out and "\ue001" not in out


def test_a_mark_cannot_open_a_tag():
    out = c.inline_html("\x02<b>x\x03</b> \x02 y")
    assert out.count("<mark>") == out.count("</mark>") and "<b" not in out


def test_snippet_fragments_cut_through_links_lose_the_broken_halves():
    snippet = ("ub.com/org/repo/pull/495> - default rules for \x02security\x03 groups ... "
               "the docs](https://docs.example/a) say so ... ```yaml apiVersion: v1 ... "
               "cf. issue [standards#899](https://github.com/org/standards/issues/8")
    out = c.snippet_html(snippet)
    text = re.sub(r"<[^>]+>", "", out)
    for raw in ("](", "```", "495>", "[standards"):
        assert raw not in text, text
    assert "<mark>security</mark>" in out and "standards#899" in text and "the docs say so" in text


def test_a_snippet_cut_inside_an_autolink_loses_the_bracket():
    assert c.snippet_html("a reference implementation <...") == "a reference implementation ..."
    cut = c.snippet_html("see <https://x.example/a")
    assert '<a href="https://x.example/a"' in cut and "&lt;" not in cut


def test_label_is_the_visible_text_made_inert():
    assert c.label("[Copy.Fail](https://copy.fail/)") == "Copy\\.Fail"
