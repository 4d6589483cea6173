"""The query language, engine-neutral: what a user typed, taken apart into plain values.

Pulls out what the search engine should not see as words: date operators
(`date:2024`, `after:`, `before:`), issue references (`#446`, issue URLs) and the
question words of a natural-language query ("why did we choose ..."). What is left
is the free query, handed to the engine's parser (words, "phrases", AND/OR/NOT,
parentheses, `field:value`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .config import data_dir
from .errors import QueryDateError  # noqa: F401 (re-exported)

_DATE_OPERATOR = re.compile(r"(?<!\S)(after|since|before|until|date):(\S+)", re.I)
_ISSUE_URL = re.compile(
    r"https?://(?:github\.com|gitlab\.com|[\w.-]+)/([\w.-]+)/([\w.-]+)/(?:-/)?(?:issues|pull|merge_requests)/(\d+)\S*", re.I)
_BARE_ISSUE = re.compile(r"(?<![\w/#&])#(\d+)\b")
_REPO_ISSUE = re.compile(r"(?<![\w/#&.-])((?:[\w.-]+/)?[\w.-]*[A-Za-z][\w.-]*)#(\d+)\b")
_ISSUE_FIELD = re.compile(r"(?<!\S)issue:(\S+)", re.I)
#: `project:ovn`, `series:iaas`, `project:"Cluster API"`: in a query without AND/OR/NOT or
#: parentheses, each one is a condition every hit meets, as a --filter is.
_FIELD_FILTER = re.compile(r'(?<!\S)(series|person|project|version|year):("[^"]+"|[^\s"()]+)(?=\s|$)', re.I)
_BOOLEAN_SYNTAX = re.compile(r"\b(?:AND|OR|NOT)\b|[()]")
_QUOTED = re.compile(r'"[^"]*"?')


@dataclass
class ParsedQuery:
    text: str  # what the engine's parser gets
    since: date | None = None
    until: date | None = None
    issues: list[str] = field(default_factory=list)  # issue values to look for (`owner/repo#N`, `#N`)
    equivalents: list[tuple[str, str]] = field(default_factory=list)  # (words in the query, what else means them)
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (field, value) every hit must have


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that carry no topic in a query ("what", "is", "an"): from data/query_stopwords.txt."""
    path = data_dir() / "query_stopwords.txt"
    words = {line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    return frozenset(words)


def parse_query(text: str) -> ParsedQuery:
    """Take a user's query apart; raises QueryDateError for a malformed date operator."""
    text = text or ""
    since = until = None
    for match in _DATE_OPERATOR.finditer(text):
        op, value = match.group(1).lower(), match.group(2)
        start, end = date_span(value, f"{op}:")
        if op in ("after", "since", "date"):
            since = max(since, start) if since else start
        if op in ("before", "until", "date"):
            until = min(until, end) if until else end
    text = _DATE_OPERATOR.sub(" ", text)
    issues: list[str] = []

    # Issue references go to the issue field, which knows every form of each reference
    # (owner/repo#N, repo#N, #N); left in the text, the number alone would match any 446.
    def url_issue(match: re.Match) -> str:
        owner, repo, number = match.groups()
        issues.append(f"{owner}/{repo}#{number}")
        return " "

    text = _ISSUE_URL.sub(url_issue, text)
    text = _ISSUE_FIELD.sub(lambda m: _issue_field(m, issues), text)

    def repo_issue(match: re.Match) -> str:
        issues.append(f"{match.group(1)}#{match.group(2)}")
        return " "

    text = _REPO_ISSUE.sub(repo_issue, text)

    def bare_issue(match: re.Match) -> str:
        issues.append(f"#{match.group(1)}")
        return " "

    text = _BARE_ISSUE.sub(bare_issue, text)
    conditions = field_conditions(text)
    if conditions:
        text = _FIELD_FILTER.sub(" ", text)
    unquoted = _QUOTED.sub(" ", text)
    return ParsedQuery(text=drop_stop_words(" ".join(text.split())), since=since, until=until,
                       issues=issues, equivalents=equivalents_in(unquoted), conditions=conditions)


def field_conditions(text: str) -> list[tuple[str, str]]:
    """The `field:value` terms of a plain query, as conditions: `series:iaas ovn` is ovn in iaas.

    Left among the free words they would be one more alternative (any iaas section would
    match). With boolean syntax the user says how the parts combine, so nothing is taken out.
    """
    if _BOOLEAN_SYNTAX.search(text):
        return []
    return [(m.group(1).lower(), m.group(2).strip('"')) for m in _FIELD_FILTER.finditer(text)]


@lru_cache(maxsize=1)
def acronyms() -> dict[str, list[str]]:
    """Acronym (lower case) -> its long forms, from data/acronyms.tsv."""
    table: dict[str, list[str]] = {}
    for cells in _tsv(data_dir() / "acronyms.tsv"):
        table[cells[0].lower()] = [c.lower() for c in cells[1:]]
    return table


def _tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = [c.strip() for c in line.split("\t") if c.strip()]
            if len(cells) >= 2:
                rows.append(cells)
    return rows


def equivalents_in(text: str) -> list[tuple[str, str]]:
    """Acronyms and long forms in the query, each with its counterpart (`dco` <-> the long form)."""
    lowered = " ".join(re.findall(r"[\w'-]+", text.lower()))
    tokens = set(lowered.split())
    found: list[tuple[str, str]] = []
    for acronym, long_forms in acronyms().items():
        if acronym in tokens:
            found.extend((acronym, long_form) for long_form in long_forms)
        for long_form in long_forms:
            if re.search(rf"(?<![\w'-]){re.escape(long_form)}(?![\w'-])", lowered):
                found.append((long_form, acronym))
                break
    return found


def _issue_field(match: re.Match, issues: list[str]) -> str:
    value = match.group(1)
    url = _ISSUE_URL.fullmatch(value)
    issues.append(f"{url.group(1)}/{url.group(2)}#{url.group(3)}" if url else value)
    return " "


def drop_stop_words(text: str) -> str:
    """Remove topic-less words outside quotes, unless nothing else would be left.

    Upper-case AND/OR/NOT are operators and stay; so does anything in a phrase or a
    `field:value`.
    """
    stops = stop_words()
    pieces = re.split(r'("[^"]*"?)', text)
    kept: list[str] = []
    content = 0
    for piece in pieces:
        if piece.startswith('"'):
            kept.append(piece)
            content += 1
            continue
        tokens = piece.split()
        out = []
        for token in tokens:
            bare = token.strip("()").lower()
            if token in ("AND", "OR", "NOT") or ":" in token or bare not in stops:
                out.append(token)
                if token not in ("AND", "OR", "NOT") and bare:
                    content += 1
            elif "(" in token or ")" in token:
                out.append("".join(ch for ch in token if ch in "()"))
        kept.append(" ".join(out))
    if not content:
        return text
    joined = " ".join(" ".join(kept).split())
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", joined))


def date_span(value: str, what: str = "date") -> tuple[date, date]:
    """`2024` -> the year, `2024-03` -> the month, `2024-03-06` -> the day."""
    parts = value.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            y = int(parts[0])
            return date(y, 1, 1), date(y, 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
        day = date.fromisoformat(value)
        return day, day
    except ValueError:
        raise QueryDateError(f"{what} needs a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}") from None
