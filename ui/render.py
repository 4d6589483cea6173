"""Minutes Markdown as safe HTML: links clickable, code as code, HTML reduced to its text, nothing runs.

Minutes text is untrusted. It is rendered by markdown-it and then sanitised by nh3
with a short allow-list (links, emphasis, code, <mark>): any other tag in the source
is reduced to its text, script and style blocks disappear with their content, and a
link keeps only an http(s) or mailto target. Search marks (\\x02 ... \\x03 around a
matched word) travel through the renderer as private-use characters and become
<mark> only where a pair encloses plain text, so a mark can never open a tag.
Pure functions: tests call them without Streamlit.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt

from indexer.markup import emojize, plain_text, strip_list_marker
from indexer.query import MARK_END, MARK_START

_OPEN, _CLOSE = "\ue000", "\ue001"  # marks, as characters Markdown and nh3 leave alone
_OPEN_URL, _CLOSE_URL = "%EE%80%80", "%EE%80%81"  # the same, percent-encoded inside a link target
_PAIRED = re.compile(_OPEN + "([^" + _OPEN + _CLOSE + "<>]*)" + _CLOSE)
_PARSER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "strikethrough"])
_PARSER.linkify.set({"fuzzy_link": False})  # `kubernetes.io/v1` in YAML is no link; `https://...` is
#: A Markdown link whose target the app would not follow (javascript:, relative paths): shown as its text.
_UNFOLLOWED_LINK = re.compile(r"!?\[([^\[\]]*)\]\(\s*(?!https?://|mailto:)[^()\s]*(?:\([^()]*\))?[^()]*\)")
_TAGS = {"a", "code", "em", "strong", "del", "s", "br", "mark"}
_SCHEMES = {"http", "https", "mailto"}


def _keep_web_links(tag: str, attribute: str, value: str) -> str | None:
    """Only absolute http(s)/mailto targets: a relative link in a file points nowhere in the app."""
    if tag == "a" and attribute == "href" and not re.match(r"(?i)(https?:|mailto:)", value):
        return None
    return value


def sanitise(fragment: str) -> str:
    """nh3 with the app's allow-list; links open in a new tab."""
    return nh3.clean(fragment, tags=_TAGS, clean_content_tags={"script", "style", "textarea", "title"},
                     attributes={"a": {"href", "title"}}, attribute_filter=_keep_web_links,
                     url_schemes=_SCHEMES, set_tag_attribute_values={"a": {"target": "_blank"}},
                     link_rel="noopener noreferrer")


def strip_control(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def esc(text: Any) -> str:
    """Text as text, safe inside HTML (quotes too, so also inside attributes)."""
    return html.escape(strip_control(str(text if text is not None else "")), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def md(text: Any) -> str:
    """Text inert inside Streamlit Markdown (widget labels, st.markdown): every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", strip_control(str(text if text is not None else "")).replace("\n", " "))


def label(text: Any) -> str:
    """A heading or topic name for a widget label: the text a reader sees, made inert."""
    return md(plain_text(strip_control(str(text or ""))))


@lru_cache(maxsize=50_000)
def inline_html(text: str) -> str:
    """One line of minutes Markdown (a heading, an item, a snippet) as safe inline HTML, marks as <mark>."""
    if not text:
        return ""
    source = _UNFOLLOWED_LINK.sub(r"\1", strip_list_marker(emojize(text)))
    source = source.replace(MARK_START, _OPEN).replace(MARK_END, _CLOSE)
    clean = sanitise(_PARSER.renderInline(source)).replace(_OPEN_URL, "").replace(_CLOSE_URL, "")
    return _PAIRED.sub(r"<mark>\1</mark>", clean).replace(_OPEN, "").replace(_CLOSE, "")


# -- snippets: fragments cut out of a section, often in the middle of a construct --------------------
_TABLE_RULE = re.compile(r"(?:\|?\s*:?-{3,}:?\s*)+\|?")
_FENCE = re.compile(r"(?:`{3,}|~{3,})[\w+-]*")
_HEAD_LINK_TAIL = re.compile(r"^[^\[\]]*?\]\([^)\s]*\)?")  # `text](url)`: the `[` was cut off
_HEAD_URL_TAIL = re.compile(r"^[^\s<>()\[\]]*/[^\s<>()\[\]]*[>)]")  # `ub.com/a/b>` or `.../1)`
_TAIL_LINK = re.compile(r"\[([^\[\]]*)\](\([^)]*)?$")  # `[text](http://cut` or `[text]`
_TAIL_BRACKET = re.compile(r"\[([^\[\]]*)$")
_TAIL_AUTOLINK = re.compile(r"<([^\s<>]*)$")  # `<https://cut` or `<...`
FRAGMENT_JOIN = " ... "


def tidy(text: str) -> str:
    """Snippet text without Markdown table rules (|---|---|) and code fence markers, which only add noise."""
    return _FENCE.sub(" ", _TABLE_RULE.sub(" ", text))


def repair_fragment(fragment: str) -> str:
    """A fragment whose start or end cut through a link or autolink, with the broken halves removed."""
    text = fragment.strip()
    head = _HEAD_LINK_TAIL.match(text)
    if head and "[" not in head.group(0):
        text = head.group(0)[: head.group(0).index("](")] + text[head.end():]
    text = _HEAD_URL_TAIL.sub("", text, count=1)
    text = _TAIL_LINK.sub(r"\1", text)
    text = _TAIL_BRACKET.sub(r"\1", text)
    text = _TAIL_AUTOLINK.sub(r"\1", text)
    if text.count("`") % 2:  # a code span cut in half: its backticks are noise
        text = text.replace("`", "")
    return text


def snippet_html(snippet: str) -> str:
    """A search snippet (fragments joined by ' ... ', matched words marked) as safe inline HTML."""
    fragments = [repair_fragment(f) for f in tidy(snippet or "").split(FRAGMENT_JOIN)]
    return " … ".join(inline_html(f) for f in fragments if f)


def highlight(snippet: str) -> str:
    """Plain text with its marks as <mark> (no Markdown): for text that must stay as written."""
    parts: list[str] = []
    pos = 0
    marked = re.compile(re.escape(MARK_START) + "([^" + MARK_START + MARK_END + "]*)" + re.escape(MARK_END))
    text = tidy(snippet or "")
    for match in marked.finditer(text):
        parts.append(esc(text[pos:match.start()]))
        parts.append(f"<mark>{esc(match.group(1))}</mark>")
        pos = match.end()
    parts.append(esc(text[pos:]))
    return "".join(parts)
