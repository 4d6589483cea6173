"""Candidate items of a section: each bullet or paragraph line, with the context a reader uses.

A decision or an action is one bullet or one line of prose. A bullet wrapped over several
lines is one candidate with its whole text (labelled, and reported, at its first line).
Code blocks, quoted text (bot output, quoted comments) and table rows are never items: they
are masked before any rule or model sees the section, with the line count kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .items import HEADING, LIST_ITEM, _clean, _indent

FENCE = re.compile(r"^\s*(```|~~~)")
QUOTE = re.compile(r"^\s*>")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^\s*:?-{3,}:?\s*\|")
CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\]\s*")
SENTENCE_END = re.compile(r"[.!?:;]\s*$")


@dataclass
class Candidate:
    """One bullet or line of prose (joined with its wrapped continuation lines)."""

    index: int  # first line, 0-based in the section
    end: int  # last line (inclusive)
    text: str  # the whole item without bullet and markup
    raw: str  # the whole item as written (Markdown), lines joined by spaces
    heading: str
    parent: str = ""  # the content of the bullet it hangs under
    depth: int = 0  # nesting level (0: top level)
    bullet: bool = False
    checkbox: str = ""  # "x" for a ticked box, " " for an open one
    position: float = 0.0  # 0 at the section's first body line, 1 at its last
    siblings: int = 0  # candidates under the same parent


def mask(text: str) -> str:
    """The section with code blocks, quoted lines and table rows blanked (line count kept)."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            out.append("")
        elif fenced or QUOTE.match(line) or TABLE_ROW.match(line):
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def _continues(prev_raw: str, prev_bullet: bool, prev_indent: int, line: str) -> bool:
    """Is ``line`` (neither a bullet nor blank) the wrapped continuation of the line before it?"""
    stripped = line.strip()
    if prev_bullet and _indent(line) > prev_indent:
        return True  # indented under its bullet
    # lazy continuation: the previous line stopped mid-sentence and this one goes on in lower case
    return bool(stripped) and stripped[0].islower() and not SENTENCE_END.search(prev_raw)


def _group_lines(lines: list[str], first_body_line: int) -> list[list[int]]:
    """Line indices grouped into items: a bullet or a prose line, with its continuation lines."""
    groups: list[list[int]] = []
    prev_blank = True
    for i, line in enumerate(lines):
        if i < first_body_line or HEADING.match(line) or not line.strip():
            prev_blank = True
            continue
        is_bullet = bool(LIST_ITEM.match(line))
        if groups and not prev_blank and not is_bullet:
            head = lines[groups[-1][0]]
            m = LIST_ITEM.match(head)
            if _continues(lines[groups[-1][-1]], bool(m), _indent(head), line):
                groups[-1].append(i)
                continue
        groups.append([i])
        prev_blank = False
    return groups


def candidates(text: str, first_body_line: int, heading: str) -> list[Candidate]:
    """The candidate items of a section, in order (``text`` already masked)."""
    lines = text.split("\n")
    groups = _group_lines(lines, first_body_line)
    out: list[Candidate] = []
    stack: list[tuple[int, Candidate]] = []  # (indent, candidate) of the open bullets
    span = max(1, len(lines) - 1 - first_body_line)
    for group in groups:
        head = lines[group[0]]
        m = LIST_ITEM.match(head)
        indent = _indent(head)
        body = m.group("body") if m else head.strip()
        raw = " ".join([body.strip()] + [lines[k].strip() for k in group[1:]])
        box = CHECKBOX.match(raw)
        if box:
            raw = raw[box.end():]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        cand = Candidate(index=group[0], end=group[-1], text=_clean(raw), raw=raw.strip(), heading=heading,
                         parent=parent.text if parent else "", depth=len(stack), bullet=bool(m),
                         checkbox=box.group("mark").lower() if box else "",
                         position=round((group[0] - first_body_line) / span, 3))
        if not cand.text:
            continue
        out.append(cand)
        if m or cand.text.endswith(":"):
            stack.append((indent if m else indent - 1, cand))
    by_parent: dict[str, int] = {}
    for c in out:
        by_parent[c.parent] = by_parent.get(c.parent, 0) + 1
    for c in out:
        c.siblings = by_parent[c.parent] - 1
    return out
