"""A whole HTML document (a Google Docs or word-processor export saved as minutes) to Markdown-like text.

Read with the standard library's HTML parser, so a `<style>` block of any length is
skipped as one element and never swallows the text after it. Headings become `#`
lines, list items `*` lines, table rows `| a | b |` lines, paragraphs their own lines.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_DOCUMENT_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<meta\b)", re.I | re.S)
_SKIPPED = {"style", "script", "head", "title", "noscript", "template"}
_BLOCKS = {"p", "div", "br", "tr", "table", "ul", "ol", "section", "article", "blockquote", "pre", "hr", "body"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: Text inside the HTML that is itself Markdown: several lines, some of them headings or list items.
_CARRIED_MARKDOWN = re.compile(r"\n[ \t]*(?:#{1,6}[ \t]|[*+-][ \t]|\|)")


def is_html_document(text: str) -> bool:
    """True for a file that is an HTML document to be read as HTML: not Markdown with some
    inline HTML, nor a saved page that carries its Markdown as text (a HackMD page), whose
    lines are best read as they stand so that line numbers stay those of the file."""
    return bool(_DOCUMENT_START.match(text[:4096])) and not _CARRIED_MARKDOWN.search(text)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skipping = 0
        self._cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _HEADINGS:
            self._break()
            self._line.append("#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            self._break()
            self._line.append("* ")
        elif tag == "tr":
            self._break()
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._flush_cell()
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "tr" and self._cells is not None:
            self._flush_cell()
            self.lines.append("| " + " | ".join(self._cells[1:]) + " |")
            self._cells = None
            self._line = []
        elif tag in _HEADINGS or tag in _BLOCKS or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._cells is None and _CARRIED_MARKDOWN.search(data):
            self._break()  # Markdown carried as text (a saved HackMD page): its lines are its structure
            self.lines.extend(line.rstrip() for line in data.strip("\n").split("\n"))
            return
        self._line.append(data.replace("\n", " "))

    def _flush_cell(self) -> None:
        assert self._cells is not None
        self._cells.append(" ".join("".join(self._line).split()).replace("|", "\\|"))
        self._line = []

    def _break(self) -> None:
        if self._cells is not None:
            return
        text = " ".join("".join(self._line).split())
        if text and text.strip("#* "):
            self.lines.append(text)
        self._line = []


def html_to_text(html: str) -> str:
    """The readable text of an HTML document, one block per line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._break()
    return "\n\n".join(_tables_with_separator(parser.lines)).replace("|\n\n|", "|\n|") + "\n"


def _tables_with_separator(lines: list[str]) -> list[str]:
    """Add the `| --- |` line under the first row of each table, so it reads as a Markdown table."""
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if line.startswith("| ") and (i == 0 or not lines[i - 1].startswith("| ")):
            out[-1] = line + "\n|" + " --- |" * max(1, line.count(" | ") + 1)
    return out
