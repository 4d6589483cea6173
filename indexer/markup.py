"""Minutes Markdown read as a person reads it: the rendered text, without markup.

Headings and item texts are stored as written (`[Copy.Fail](https://copy.fail/)`,
`<font color=...>Sovereign</font>`, `:telephone: Agenda`). Grouping recurring
headings or showing a topic's name needs the words a reader sees, so this module
renders with markdown-it and keeps only the text (nh3 drops every tag; script and
style blocks go with their content). The app's HTML rendering lives in `ui/render.py`.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

import emoji
import nh3
from markdown_it import MarkdownIt

#: `:telephone:`-style shortcodes (lower case, as chat and HackMD write them).
SHORTCODE = re.compile(r"(?<![\w:/]):[a-z0-9_+-]{2,40}:(?![\w:/])")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])


def emojize(text: str) -> str:
    """Known shortcodes as their emoji; unknown ones dropped (they are markup, not words)."""
    return SHORTCODE.sub("", emoji.emojize(text, language="alias"))


def drop_shortcodes(text: str) -> str:
    """Every shortcode removed: `:family: Participants` -> `Participants`."""
    return SHORTCODE.sub(" ", text)


def strip_list_marker(text: str) -> str:
    """`- _AI @x: do it_` -> `_AI @x: do it_`: an item's bullet is layout, not content."""
    return _LIST_MARKER.sub("", text, count=1)


@lru_cache(maxsize=20_000)
def plain_text(text: str) -> str:
    """The words a reader sees in one line of minutes Markdown: no links' URLs, tags, emphasis or shortcodes."""
    if not text:
        return ""
    rendered = _PARSER.renderInline(drop_shortcodes(strip_list_marker(text)))
    bare = nh3.clean(rendered, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(bare).split())
