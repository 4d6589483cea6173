"""Read one minutes file into a `Minutes`: front matter, date, series, title, sections.

Pure text handling, no NLP. Line numbers always refer to the file as it is on disk,
so every removal (front matter, HTML comments, style blocks) blanks text but keeps
its line breaks.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from typing import Any

import frontmatter

from .attendance import attendees
from .code_fences import CODE, OUTSIDE, fence_states
from .dates import as_date, path_year
from .errors import UnreadableFile  # noqa: F401 (re-exported)
from .html_text import html_to_text, is_html_document
from .meetings import file_date, split_meetings
from .model import Meeting, Minutes, Section

#: A file bigger than this is indexed only up to this size (the rest is reported); real minutes are
#: rarely over 100 KB.
MAX_BYTES = 2 * 1024 * 1024

PARTICIPANT_HEADINGS = re.compile(
    r"\b(participants?|present|attendees?|attendance|anwesend|teilnehmer(?:innen)?|who(?:'s| is) here)\b", re.I
)

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BLANKED_BLOCKS = re.compile(r"<!--.*?(?:-->|\Z)|<(style|script)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), else the encoding charset-normalizer finds
    (a Windows-1252 file keeps its "Renée"); line ends made "\\n"; an HTML document read as text.

    Long lines are kept whole: their text stays searchable to the end.
    """
    warnings: list[str] = []
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("binary file (NUL bytes)")
    if len(raw) > MAX_BYTES:
        warnings.append(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; only the first part is indexed")
        raw = raw[:MAX_BYTES]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        if any(ord(c) > 127 and c != "\ufffd" for c in text):  # UTF-8 with a few broken bytes
            warnings.append("invalid UTF-8 replaced")
        else:
            text, encoding = _detect_encoding(raw)
            warnings.append(f"not UTF-8; read as {encoding}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_html_document(text):
        text = html_to_text(text)
        warnings.append("an HTML document; its text is indexed (lines refer to that text)")
    return text, warnings


#: The encodings minutes that are not UTF-8 come in (word processors, older editors, other scripts).
_LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1250", "cp1251", "koi8_r", "iso8859_2", "utf_16", "shift_jis",
                     "euc_jp", "gb18030", "big5", "euc_kr", "cp1253", "cp1254", "cp1257")


def _detect_encoding(raw: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 with the encoding charset-normalizer judges best."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return raw.decode("cp1252", errors="replace"), "cp1252 (with replacements)"


#: Lines longer than this are read by the NLP in pieces of about this size (the text itself is kept whole).
LONG_LINE = 4000


def fold_long_lines(text: str, width: int = LONG_LINE) -> str:
    """Break lines over ``width`` characters at spaces, replacing a space by a line break, so
    offsets stay the same: for steps that work line by line, never for what is indexed."""
    if len(text) <= width or all(len(line) <= width for line in text.split("\n")):
        return text
    chars = list(text)
    since = 0
    for i, char in enumerate(chars):
        if char == "\n":
            since = 0
        elif char == " " and since >= width // 2:
            chars[i] = "\n"
            since = 0
        else:
            since += 1
    return "".join(chars)


def blank_code(text: str) -> str:
    """The text with the inside of fenced code blocks blanked (same length, same lines):
    code is searchable, but names and versions in it are not the meeting's."""
    lines = text.split("\n")
    return "\n".join(" " * len(line) if state == CODE else line for line, state in zip(lines, fence_states(lines)))


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
        meta = _metadata_with_dates_as_text(match.group(1) or "")
        if meta is None:
            return {}, blanked, [f"front matter is not valid YAML ({type(exc).__name__}); ignored"]
    if not isinstance(meta, dict):
        return {}, blanked, ["front matter is not a mapping; ignored"]
    return meta, blanked, []


def _metadata_with_dates_as_text(block: str) -> dict[str, Any] | None:
    """Front matter read again with dates left as text: one impossible date (`2024-02-30`)
    must not take the title and series with it (the date is judged, and reported, later)."""
    import yaml

    class NoDates(yaml.SafeLoader):
        pass

    NoDates.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    try:
        meta = yaml.load(block, Loader=NoDates)  # noqa: S506 (a SafeLoader)
    except Exception:
        return None
    return meta if isinstance(meta, dict) else None


def blank_markup(text: str) -> str:
    """Blank HTML comments and <style>/<script> blocks, keeping line breaks."""
    return _BLANKED_BLOCKS.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def split_sections(text: str) -> list[Section]:
    """Split at ATX and setext headings (not inside code fences), keeping 1-based lines."""
    lines = text.split("\n")
    starts: list[tuple[int, int, str]] = []  # (0-based line, level, heading)
    for i, (line, state) in enumerate(zip(lines, fence_states(lines))):
        if state != OUTSIDE:
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
    title = meeting_title(meta, path, sections)
    meetings = read_meetings(meta, path, sections, title, warnings)
    return Minutes(
        path=path,
        root=root,
        date=as_date(meetings[0].date) if meetings[0].date and len(meetings[0].date) == 10 else None,
        series=meeting_series(meta, path, root_name or PurePosixPath(root).name),
        title=title,
        sections=sections,
        digest=hashlib.sha1(raw).hexdigest(),
        warnings=warnings,
        meetings=meetings,
    )


def read_meetings(meta: dict[str, Any], path: str, sections: list[Section], title: str,
                  warnings: list[str]) -> list[Meeting]:
    """The file's meetings, dated, with their attendance; a step that fails is reported, never fatal."""
    try:
        day = file_date(meta, path, sections)
        warnings.extend(day.warnings)
        meetings = split_meetings(sections, day, title, path_year(path))
    except Exception as exc:  # a date nobody foresaw must not cost the file
        warnings.append(f"meetings not read ({type(exc).__name__}: {exc})")
        for section in sections:
            section.meeting = 0
        return [Meeting(line=1, date=None, title=title)]
    for index, meeting in enumerate(meetings):
        try:
            meeting.attendees = attendees("\n".join(s.text for s in sections if s.meeting == index))
        except Exception as exc:
            warnings.append(f"attendance of the meeting at line {meeting.line} not read ({type(exc).__name__}: {exc})")
    return meetings
