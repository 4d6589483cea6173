"""Read one minutes file into a `Minutes`: front matter, date, series, title, sections.

Pure text handling, no NLP. Line numbers always refer to the file as it is on disk,
so every removal (front matter, HTML comments, style blocks) blanks text but keeps
its line breaks.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

import frontmatter

from .errors import UnreadableFile  # noqa: F401 (re-exported)
from .model import Meeting, Minutes, Section

#: A file bigger than this is indexed only up to this size (the rest is reported); real minutes are
#: rarely over 100 KB.
MAX_BYTES = 2 * 1024 * 1024
#: Lines longer than this are cut: nothing in minutes needs more, and it keeps every step linear.
MAX_LINE = 20_000

PARTICIPANT_HEADINGS = re.compile(
    r"\b(participants?|present|attendees?|attendance|anwesend|teilnehmer(?:innen)?|who(?:'s| is) here)\b", re.I
)

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLANKED_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(style|script)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_TEXT_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), line ends made "\\n".

    Invalid UTF-8 is repaired with replacement characters rather than refused:
    one bad byte should not hide a whole meeting.
    """
    warnings: list[str] = []
    if b"\x00" in raw[:8192]:
        raise UnreadableFile("binary file (NUL bytes)")
    if len(raw) > MAX_BYTES:
        warnings.append(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; only the first part is indexed")
        raw = raw[:MAX_BYTES]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        warnings.append("invalid UTF-8 replaced")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(len(line) > MAX_LINE for line in text.split("\n")):
        text = "\n".join(line[:MAX_LINE] for line in text.split("\n"))
        warnings.append(f"lines longer than {MAX_LINE} characters cut")
    return text, warnings


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Return (metadata, text with the front matter blanked, warnings).

    Broken YAML is reported and the block is treated as text, not as metadata.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    block = match.group(0)
    blanked = "\n" * block.count("\n") + text[match.end():]
    try:
        meta = frontmatter.loads(block).metadata
    except Exception as exc:  # python-frontmatter raises yaml's own errors
        return {}, blanked, [f"front matter is not valid YAML ({type(exc).__name__}); ignored"]
    if not isinstance(meta, dict):
        return {}, blanked, ["front matter is not a mapping; ignored"]
    return meta, blanked, []


def blank_markup(text: str) -> str:
    """Blank HTML comments and <style>/<script> blocks, keeping line breaks."""
    return _BLANKED_BLOCKS.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def split_sections(text: str) -> list[Section]:
    """Split at ATX and setext headings (not inside code fences), keeping 1-based lines."""
    lines = text.split("\n")
    starts: list[tuple[int, int, str]] = []  # (0-based line, level, heading)
    fence: str | None = None
    for i, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
            continue
        if fence:
            continue
        atx = _ATX.match(line)
        if atx:
            starts.append((i, len(atx.group(1)), (atx.group(2) or "").strip()))
        elif i > 0 and _SETEXT.match(line) and _is_setext_title(lines[i - 1]) and not _started_at(starts, i - 1):
            level = 1 if line.strip()[0] == "=" else 2
            starts.append((i - 1, level, lines[i - 1].strip()))
    sections: list[Section] = []
    if not starts or starts[0][0] > 0:
        end = starts[0][0] if starts else len(lines)
        preamble = "\n".join(lines[:end])
        if preamble.strip():
            sections.append(Section(heading="", line=1, level=0, text=preamble, kind="preamble"))
    for n, (start, level, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        kind = "participants" if PARTICIPANT_HEADINGS.search(heading) else "agenda"
        sections.append(Section(heading=heading, line=start + 1, level=level, text="\n".join(lines[start:end]), kind=kind))
    return sections


def _is_setext_title(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("-", "*", "+", "#", ">", "|", "<")) and not stripped[0].isdigit()


def _started_at(starts: list[tuple[int, int, str]], index: int) -> bool:
    return bool(starts) and starts[-1][0] == index


def meeting_date(meta: dict[str, Any], path: str, sections: list[Section]) -> date | None:
    """The contract's order: front matter, file name, first heading; then folder names."""
    value = meta.get("date")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        found = _date_in(value, _TEXT_DATE)
        if found:
            return found
    parts = PurePosixPath(path).parts
    found = _date_in(PurePosixPath(path).stem, _NAME_DATE)
    if found:
        return found
    headings = [s.heading for s in sections if s.level > 0]
    if headings:
        found = _date_in(headings[0], _TEXT_DATE)
        if found:
            return found
    for folder in reversed(parts[:-1]):
        found = _date_in(folder, _NAME_DATE)
        if found:
            return found
    return None


def _date_in(text: str, pattern: re.Pattern[str]) -> date | None:
    for match in pattern.finditer(text):
        groups = [g for g in match.groups() if g]
        try:
            if len(groups[0]) == 4:
                return date(int(groups[0]), int(groups[1]), int(groups[2]))
            return date(int(groups[2]), int(groups[1]), int(groups[0]))
        except ValueError:
            continue
    return None


def meeting_series(meta: dict[str, Any], path: str, root_name: str) -> str:
    for key in ("series", "meeting"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    parts = PurePosixPath(path).parts
    return parts[0] if len(parts) > 1 else root_name


def meeting_title(meta: dict[str, Any], path: str, sections: list[Section]) -> str:
    value = meta.get("title")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return str(value).strip()
    for section in sections:
        if section.level > 0 and section.heading:
            return section.heading
    return PurePosixPath(path).stem


def parse_minutes(raw: bytes, path: str, root: str = "", root_name: str = "") -> Minutes:
    """Parse one file's bytes. Raises UnreadableFile for files that are not text."""
    text, warnings = decode(raw)
    meta, text, fm_warnings = split_front_matter(text)
    warnings += fm_warnings
    sections = split_sections(blank_markup(text))
    day = meeting_date(meta, path, sections)
    title = meeting_title(meta, path, sections)
    return Minutes(
        path=path,
        root=root,
        date=day,
        series=meeting_series(meta, path, root_name or PurePosixPath(root).name),
        title=title,
        sections=sections,
        digest=hashlib.sha1(raw).hexdigest(),
        warnings=warnings,
        meetings=[Meeting(line=1, date=day.isoformat() if day else None, title=title)],
    )
