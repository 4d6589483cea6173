"""Text-level rules behind the pipeline components (regexes, no spaCy).

Each finder takes a section's text (plus what earlier steps found) and returns
`Mention`s with character offsets into that text. The spaCy components in
`components/` are thin wrappers around these functions, so they stay testable
without a pipeline and run as a handful of regex scans per section.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, NamedTuple

from .. import gazetteer as gz
from . import normalize


class Mention(NamedTuple):
    type: str
    value: str
    text: str
    start: int
    end: int
    project: str | None = None


# --- spans that hide other entities (URLs, e-mail addresses) -------------------

URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+|(?<![\w./@-])(?:www\.|github\.com/|gitlab\.com/|codeberg\.org/)"
                 r"[^\s<>\"'`]+", re.I)
EMAIL = re.compile(r"(?<=[\w.+-])@[\w-]+(?:\.[\w-]+)+")
_EMAIL_LOCAL = re.compile(r"[\w.+-]{1,64}$")
_URL_TRAIL = ".,;:!?*_~'\""


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (bisect an offset into it for its line)."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def url_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of URLs (trailing punctuation and unbalanced brackets trimmed) and e-mails."""
    spans = []
    for m in URL.finditer(text):
        s, e = m.start(), m.end()
        while e > s:
            ch = text[e - 1]
            if ch in _URL_TRAIL:
                e -= 1
            elif ch == ")" and text.count("(", s, e) < text.count(")", s, e):
                e -= 1
            elif ch == "]" and text.count("[", s, e) < text.count("]", s, e):
                e -= 1
            else:
                break
        spans.append((s, e))
    if "@" in text:
        for m in EMAIL.finditer(text):
            local = _EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
            spans.append((local.start() if local else m.start(), m.end()))
    spans.sort()
    return spans


class SpanSet:
    """Fast 'is this offset inside one of these spans?' for sorted, mostly disjoint spans."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def covers(self, start: int, end: int | None = None) -> bool:
        """True when [start, end) lies inside one span."""
        end = start + 1 if end is None else end
        i = bisect_right(self.starts, start) - 1
        for j in range(i, max(i - 8, -1), -1):
            s, e = self.spans[j]
            if s <= start and end <= e:
                return True
        return False

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with a span."""
        i = bisect_right(self.starts, end - 1) - 1
        for j in range(i, max(i - 8, -1), -1):
            s, e = self.spans[j]
            if s < end and start < e:
                return True
        return False


# --- people: @handles -----------------------------------------------------------

HANDLE = re.compile(r"(?<![\w@/.+\-`])@([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)")


#: Mentions that address a group, not a person.
GROUP_HANDLES = frozenset({"all", "here", "channel", "everyone", "everybody", "team", "room", "group", "someone",
                           "anyone", "channel-all", "todo"})


def find_handles(text: str, hidden: SpanSet, stopwords: set[str] | frozenset[str] | None = None) -> list[Mention]:
    stop = GROUP_HANDLES if stopwords is None else stopwords
    out = []
    for m in HANDLE.finditer(text):
        if hidden.covers(m.start(), m.end()):
            continue
        name = m.group(1)
        if name.lower() in stop or name.isdigit() or is_bot_name(name):
            continue
        out.append(Mention("person", normalize.person("@" + name), m.group(0), m.start(), m.end()))
    return out


# --- bots --------------------------------------------------------------------

#: A bot's name (``rfcbot``, ``@rustbot``, ``dependabot``, ``jsf-clabot``): one word ending in "bot".
BOT_NAME = re.compile(r"(?<![\w/.#-])@?(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*[-_]?[Bb]ot)(?![\w-]|\.\w)")


def is_bot_name(name: str) -> bool:
    """Is this word a bot's name? Bots are tools (projects), never people.

    English words ending in "bot" (robot, chatbot, abbot) are listed in ``not_projects.txt``.
    """
    key = name.lower()
    return (len(key) >= 5 and key.endswith("bot") and not key.endswith("robot")
            and gz.fold(name) not in gz.gazetteer().not_projects)


def find_bots(text: str, hidden: SpanSet, taken: list[Mention]) -> list[Mention]:
    """Bots named in prose or addressed as @handles; their value is the gazetteer's spelling or lower case."""
    spans = SpanSet([(t.start, t.end) for t in taken])
    out = []
    for m in BOT_NAME.finditer(text):
        name = m.group("name")
        if hidden.covers(m.start(), m.end()) or spans.overlaps(m.start(), m.end()) or not is_bot_name(name):
            continue
        value = gz.gazetteer().canonical_project(name) or name.lower()
        out.append(Mention("project", value, m.group(0), m.start(), m.end()))
    return out


# --- issues -------------------------------------------------------------------

MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(\s*(<?https?://[^)\s>]+>?)[^)\n]*\)")
REF_ISSUE = re.compile(
    r"(?<![\w/#&.-])(?:(?P<owner>[A-Za-z0-9][\w.-]*)/)?(?P<repo>[A-Za-z][\w.-]*)?#(?P<num>\d{1,7})(?![\w-])"
)
LP_REF = re.compile(r"(?<![\w/])(?:LP|lp|Launchpad|launchpad)\s*:?\s*#\s*(?P<num>\d{4,})\b|(?<![\w/])LP(?P<num2>\d{5,})\b")
#: Words after which ``#N`` numbers an event, a place or a list item, not an issue.
NOT_ISSUE_BEFORE = re.compile(
    r"(?:hackathons?|hackaton|hack|meetups?|summits?|meetings?|sessions?|sprints?|episodes?|parts?|rounds?|weeks?|"
    r"days?|workshops?|calls?|editions?|number|no|nr|rank|top|place|slot|items?|points?|topics?|steps?|phases?|"
    r"iterations?|chapters?|sections?|pages?|page|version|release|talk|room|table|track|level|vote|option|"
    r"event|webinar|issue of|newsletter|kw|cw)\s*$",
    re.I,
)
ISSUE_WORD = re.compile(r"(?i)pr|prs|pull|pullrequest|issue|bug|bugs|ticket|tickets|mr|change|story|epic|task|"
                        r"fix|fixes|closes|see|ref|refs")
HEX_CONTEXT = re.compile(r"colou?r|background|fill|stroke|rgb|css|hex|border|font", re.I)


def find_issues(text: str, urls: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    link_texts: list[tuple[int, int]] = []
    for m in MD_LINK.finditer(text):
        link_texts.append((m.start(1), m.end(1)))  # the link's URL says what it refers to
    for s, e in urls:
        url = text[s:e]
        value = normalize.issue_from_url(url)
        if value:
            out.append(Mention("issue", value, url, s, e))
    hidden = SpanSet(list(urls) + link_texts)
    lp_refs = LP_REF.finditer(text) if ("lp" in text or "LP" in text or "aunchpad" in text) else ()
    for m in lp_refs:
        if hidden.covers(m.start(), m.end()):
            continue
        num = m.group("num") or m.group("num2")
        out.append(Mention("issue", f"launchpad#{num}", m.group(0), m.start(), m.end()))
    for m in (REF_ISSUE.finditer(text) if "#" in text else ()):
        if hidden.covers(m.start(), m.end()):
            continue
        owner, repo, num = m.group("owner"), m.group("repo"), m.group("num")
        if repo and repo.lower() in {"lp", "launchpad"}:
            continue
        if owner and not repo:
            repo, owner = owner, None  # "issues/#263": the repository, then the number
        if repo and ISSUE_WORD.fullmatch(repo):
            repo = None  # "PR#4", "issue#25": the word says what it is, not where
        elif repo and NOT_ISSUE_BEFORE.search(repo):
            continue  # "Hackathon#4"
        if not repo:
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[max(line_start, m.start() - 40):m.start()]
            line = text[line_start:text.find("\n", m.end()) if "\n" in text[m.end():] else len(text)]
            if NOT_ISSUE_BEFORE.search(before.rstrip(" :([")) or HEX_CONTEXT.search(line):
                continue
            if m.end() < len(text) and text[m.end()] in ".," and m.end() + 1 < len(text) and text[m.end() + 1].isdigit():
                continue
            if before.endswith(("&", "&#")):
                continue
        value = f"{owner}/{repo}#{num}" if owner and repo else f"{repo}#{num}" if repo else f"#{num}"
        out.append(Mention("issue", value, m.group(0), m.start(), m.end()))
    return out


# --- versions -----------------------------------------------------------------

VERSION = re.compile(
    r"(?<![\w.\-/+#@:])"
    r"(?P<v>[vV]?)(?P<num>\d+(?:\.\d+)+(?:\.[xX*])?|\d+\.[xX*])"
    r"(?P<pre>(?:-?(?:rc|alpha|beta|pre|dev|post|a|b|c)\.?\d*|-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)"
    r"(?![\w\-]|\.\d|\.[A-Za-z]{2})"
    r"|(?<![\w.\-/+#@:])(?P<v2>[vV])(?P<num2>\d+)(?![\w\-.]|\.\d)"
)
R_RELEASE = re.compile(r"(?<![\w.\-/#@])R(?P<n>\d{1,2})(?:\.(?P<minor>\d{1,2}))?(?![\w\-])")
_DATEISH = re.compile(r"^(?:\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})|\d{4}\.\d{2}\.\d{2}|\d{1,2}\.\d{1,2}\.)$")
_IPV4 = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")
UNIT_AFTER = re.compile(
    r"^\s?\+?(?:%|‰|€|\$|[kKmMgGtTpP]i?[bB]\b|[kKmMgG]bit|ms\b|s\b|secs?\b|seconds?|min\b|mins?\b|minutes?|h\b|hrs?\b|hours?|"
    r"days?|weeks?|months?|years?|yrs?|FTEs?|PTs?|people|persons?|EUR|USD|eur|euro|cents?|x\b|times|k\b|mio|million|"
    r"billion|cores?|vCPUs?|CPUs?|nodes?|servers?|VMs?|instances?|GHz|MHz|°|degrees?|points?|pages?|stars?|votes?|km|m\b)",
)
MONEY_BEFORE = re.compile(r"(?:[€$£]|EUR|USD|ca\.|approx\.?|~|about|around|CVSS|score|rating|[+]-|±|:)\s?$", re.I)
_TIME_AROUND = re.compile(r"^\s*(?:-|–|—|bis|to|until|till|h\b|uhr|[ap]\.?m\b|cet|cest|utc|gmt|o'clock)", re.I)
_TIME_BEFORE = re.compile(r"(?:\bat|\bum|\bab|\bfrom|\bvon|\bsince|-|–)\s*$", re.I)
#: Words before a bare two-part number that say it is a version (``upgrade to 1.29``).
VERSION_CUE = re.compile(
    r"(?:version|release|rel\.|upgrade|upgraded|update|updated|bump|bumped|pin|pinned|to|from|lts|stable|kernel|"
    r"regression|regressed|nightly|beta|since|until|after|before|"
    r"series|branch|eol|>=|<=|==|~=|>|<|@|and|or|,|/|\()\s*$", re.I)
VERSION_WORD_BEFORE = re.compile(r"(?:version|release|v\.?|ver\.?)\s*$", re.I)


def _heading_number(text: str, start: int) -> bool:
    """``1.2 Topic`` at the start of a line: a section number, not a version."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    return bool(re.fullmatch(r"\s*(?:#{1,6}\s*|[-*+]\s+)?", prefix))


def find_versions(text: str, hidden: SpanSet, releases: dict[str, str] | None = None,
                  release_regex: re.Pattern[str] | None = None, r_release_project: str | None = None,
                  ambiguous: set[str] | None = None) -> list[Mention]:
    out = []
    for m in VERSION.finditer(text):
        s, e = m.start(), m.end()
        if hidden.overlaps(s, e):
            continue
        raw = m.group(0)
        num = m.group("num") or m.group("num2")
        if m.group("num2") is not None:
            # a bare v-number (v2): only as a word of its own, never inside identifiers
            if s > 0 and text[s - 1].isalnum():
                continue
        else:
            if _DATEISH.match(num) or _IPV4.match(num):
                continue
            parts = num.split(".")
            if not m.group("v"):
                after = text[e:e + 12]
                before = text[max(0, s - 12):s]
                if UNIT_AFTER.match(after) or MONEY_BEFORE.search(before):
                    continue
                if len(parts) == 2 and _heading_number(text, s) and not VERSION_WORD_BEFORE.search(before):
                    continue
                if len(parts) == 2 and not m.group("pre") and len(parts[1]) <= 2 and len(parts[0]) <= 2:
                    h, mm = int(parts[0]), parts[1]
                    if 6 <= h <= 23 and len(mm) == 2 and int(mm) % 5 == 0 and int(mm) < 60 and (
                            _TIME_AROUND.match(text, e) or _TIME_BEFORE.search(before)):
                        continue  # 15.40-16.00: a time
                    if e < len(text) and text[e] == "." and 1 <= h <= 31 and mm.isdigit() and 1 <= int(mm) <= 12 \
                            and not VERSION_WORD_BEFORE.search(before):
                        continue  # 17.4.: a German date
                if all(p == "0" for p in parts if p.isdigit()) and len(parts) == 2:
                    continue
                if len(parts) == 2 and len(parts[0]) == 1 and len(parts[1]) == 3 and parts[1] == "000":
                    continue  # 1.000 (a thousand)
                if len(parts) >= 2 and len(parts[0]) == 4 and 1900 <= int(parts[0]) <= 2100 and len(parts) == 3:
                    continue  # 2024.03.06 reads as a date
        out.append(Mention("version", normalize.version(raw), raw, s, e))
    for m in R_RELEASE.finditer(text):
        if hidden.overlaps(m.start(), m.end()):
            continue
        out.append(Mention("version", m.group(0), m.group(0), m.start(), m.end(), r_release_project))
    if release_regex is not None and releases:
        lowered = _lowered(releases)
        for m in release_regex.finditer(text):
            if hidden.overlaps(m.start(), m.end()):
                continue
            written = m.group(0)
            name = written if written in releases else lowered.get(written.lower(), written)
            project = releases.get(name)
            if not _release_name_ok(text, m.start(), m.end(), written, name, project, ambiguous or set()):
                continue
            out.append(Mention("version", written, written, m.start(), m.end(), project))
    return out


_LOWERED: dict[int, dict[str, str]] = {}


def _lowered(releases: dict[str, str]) -> dict[str, str]:
    if id(releases) not in _LOWERED:
        _LOWERED[id(releases)] = {k.lower(): k for k in releases}
    return _LOWERED[id(releases)]


_RELEASE_CUE = re.compile(r"releases?|upgrade|update|version|cycle|branch|stable|series|EOL|LTS|codename|"
                          r"migrat|based on|runs? on|from\s+\w+\s+to|->|=>", re.I)


@lru_cache(maxsize=1024)
def _word_regex(word: str) -> re.Pattern[str]:
    """``word`` on its own (not inside a longer identifier), in any case; compiled once per word."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.I)


def _release_name_ok(text: str, start: int, end: int, written: str, name: str, project: str | None,
                     ambiguous: set[str]) -> bool:
    """A named release (``Yoga``); plain-word names (``Train``) need their project or a release word nearby."""
    if name not in ambiguous:
        return written[0].isupper() or written.islower()
    if not written[0].isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if project and _word_regex(project).search(line):
        return True
    if project and _word_regex(project).search(text) and _RELEASE_CUE.search(line):
        prefix = text[line_start:start]
        sentence_start = bool(re.fullmatch(r"\s*(?:#{1,6}\s*|[-*+]\s+|\d+[.)]\s+)?[*_]*", prefix))
        return not (sentence_start and re.match(r"\s+[a-z]", text[end:end + 3]))
    return False


def release_regex(names: Iterable[str], ambiguous: set[str] | None = None) -> re.Pattern[str] | None:
    """One regex for all release names: plain-word ones exactly as written, the others in any case."""
    ambiguous = ambiguous or set()
    plain = sorted({n for n in names if n and n not in ambiguous}, key=len, reverse=True)
    amb = sorted({n for n in names if n and n in ambiguous}, key=len, reverse=True)
    alts = []
    if plain:
        alts.append("(?i:" + "|".join(re.escape(n) for n in plain) + ")")
    if amb:
        alts.append("|".join(re.escape(n) for n in amb))
    if not alts:
        return None
    return re.compile(r"(?<![\w\-/.@#])(?:" + "|".join(alts) + r")(?![\w\-])")


# --- linking versions to projects ------------------------------------------------

_LINK_GAP = re.compile(
    r"^[\s*_`\"'(:,]*(?:(?:version|release|releases|v|ver|series|branch|stable|lts|ptls?|for|to|of|in|on|is|from|"
    r"the|upgrade|update|with|=|>=|<=|>|<|~=|==|@)\b[\s*_`\"'(:,]*){0,3}$",
    re.I,
)


def link_versions(text: str, versions: list[Mention], projects: list[Mention],
                  calendar_project: str | None = None) -> list[Mention]:
    """Give each version the project written right before (or right after) it on the same line."""
    if not versions:
        return versions
    by_end = sorted(projects, key=lambda p: p.end)
    out = []
    for v in versions:
        if v.project:
            out.append(v)
            continue
        line_start = text.rfind("\n", 0, v.start) + 1
        line_end = text.find("\n", v.end)
        line_end = len(text) if line_end < 0 else line_end
        best = None
        for p in by_end:
            if p.end <= v.start and p.start >= line_start:
                gap = text[p.end:v.start]
                if len(gap) <= 40 and _LINK_GAP.match(gap):
                    best = p
            elif p.start >= v.end and p.end <= line_end and best is None:
                gap = text[v.end:p.start]
                if len(gap) <= 8 and re.match(r"^\s*of\s+(?:the\s+)?$", gap, re.I):
                    best = p
                break
        project = best.value if best else None
        if project is None and calendar_project and re.fullmatch(r"20\d\d\.[12]", v.value):
            project = calendar_project
        if project is None and _bare_decimal(v) and not VERSION_CUE.search(text[max(line_start, v.start - 20):v.start]) \
                and not re.match(r"\s*(?:release|version|lts|branch|series)", text[v.end:v.end + 12], re.I):
            continue  # "3.67": a plain decimal number, nothing says it is a version
        out.append(v._replace(project=project) if project else v)
    return out


def _bare_decimal(v: Mention) -> bool:
    """``3.67``: two numbers and a dot, no ``v``, no suffix, not a calendar release (2024.2, 22.04)."""
    m = re.fullmatch(r"(\d+)\.(\d+)", v.text)
    if not m:
        return False
    if len(m.group(1)) == 4 or (len(m.group(1)) == 2 and len(m.group(2)) == 2 and 1 <= int(m.group(2)) <= 12
                                and 10 <= int(m.group(1)) <= 40):
        return False  # 2024.2, 22.04: calendar versions
    return True


# --- people: names ---------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOW = "a-zß-öø-ÿ"
NAME_WORD = rf"[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)?"
PARTICLES = r"(?:von|van|de|der|den|da|di|du|la|le|zu|del|dos|ten|ter|bin|al)"
FULL_NAME = re.compile(rf"^{NAME_WORD}(?:[ \t]+(?:{PARTICLES}\s+)*(?:{NAME_WORD}|[{_UP}]\.))" + r"{0,3}$")
HANDLE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,38}$")
PROSE_NAME = re.compile(
    rf"(?<![\w@/.\-`#])(?P<name>{NAME_WORD}(?:[ \t]+(?:(?i:{PARTICLES})[ \t]+)?{NAME_WORD})?)(?![\w@\-])"
)
NAME_CUE_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s*\(|\s*\)|\s*\]|\s*,|\s*:|\s+(?:will|would|to|proposed|proposes|suggested|suggests|said|says|asked|asks|"
    r"mentioned|mentions|presented|presents|explained|explains|reported|reports|noted|notes|agreed|agrees|thinks|"
    r"thought|wants|wanted|shared|shares|showed|shows|demoed|demos|started|starts|joined|joins|takes|took|"
    r"volunteered|volunteers|offered|offers|raised|raises|pointed|added|adds|wrote|writes|gave|gives|is|was|has|"
    r"had|can|could|should|may|might|and|or|from|with|sent|sends|created|creates|opened|opens|prepared|prepares|"
    r"organi[sz]es|organi[sz]ed|leads|led|works|worked|talked|talks|introduced|introduces|welcomed|welcomes|"
    r"summari[sz]ed|recommends|recommended|confirmed|confirms|answered|replied|commented|reviewed|reviews|"
    r"did|does|needs|knows|found|sees|saw|checks|checked|contacted|moderates|moderated|hosts|hosted))",
)
NAME_CUE_BEFORE = re.compile(
    r"(?:\(|,|\bby|\bwith|\bfrom|\bthanks?(?:\s+to)?|\bask|\basked|\bping|\bcontact|\bcc|\band|\b&|\bfor|\bvia|"
    r"\bsponsor:?|\bmoderat(?:or|ed by):?|\bminutes:?|\bchair:?|\bnotes:?|\bpresenter:?|\bspeaker:?|\bwelcome)\s+$",
    re.I,
)
MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "januar", "februar", "märz", "mai", "juni", "juli",
    "oktober", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
}
PARTICIPANT_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?[*_]*(?:participants?|attendees?|attendance|present|anwesend|teilnehmer(?:innen)?|"
    r"in attendance|people present|members present|attending)[*_]*\s*(?:\([^)]*\))?\s*"
    r"(?:[:\-–][*_]*\s*(?P<rest>.*))?$",
    re.I,
)
#: "Team members: a, b" in a list of participants: a label, then names.
LABELLED_NAMES = re.compile(r"^[*_]*[A-Za-z][\w ]{0,30}?[*_]*\s*:[*_]*\s+(?=\S)")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+•]|\d+[.)])\s+(?P<body>.*)$")
_MARKUP = re.compile(r"[*_~`]+|\[[ xX]\]\s*")


def _is_bad_name(name: str) -> bool:
    gaz = gz.gazetteer()
    words = name.split()
    folded = gz.fold(name)
    if folded in gaz.person_stopwords or folded in MONTHS_DAYS:
        return True
    if gaz.canonical_project(name) or folded in gaz.not_projects or name in gaz.releases:
        return True
    for w in words:
        f = w.lower()
        if f in MONTHS_DAYS or f in gaz.person_stopwords:
            return True
        if len(words) == 1 and (gaz.canonical_project(w) or w in gaz.releases):
            return True
    return False


def _clean_participant(chunk: str) -> str:
    chunk = _MARKUP.sub("", chunk)
    chunk = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>", " ", chunk)
    chunk = re.split(r"\s+[-–—|/]\s+|\s*:\s+|\s+(?:from|of|@)\s+", chunk)[0]
    return re.sub(r"\s+", " ", chunk).strip(" .,;:")


def _participant_chunks(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """Comma/semicolon separated pieces of text[start:end] with their offsets."""
    out = []
    pos = start
    # commas inside brackets ("Aeva Black (Microsoft, TAC)") do not separate names
    masked = re.sub(r"\([^()]*\)", lambda m: "(" + "x" * (len(m.group(0)) - 2) + ")", text[start:end])
    for piece in re.split(r"([,;]|\s+(?:and|und|&)\s+)", masked):
        if piece and not re.fullmatch(r"[,;]|\s+(?:and|und|&)\s+", piece):
            out.append((text[pos:pos + len(piece)], pos))
        pos += len(piece)
    return out


def _participant(text: str, chunk: str, offset: int) -> Mention | str | None:
    """A person, "skip" (a company or a plain word beside names), or None (not a list of names)."""
    name = _clean_participant(chunk)
    if not name:
        return "skip"
    if len(name) > 60:
        return None
    idx = text.find(name, offset)
    if idx < 0:
        return None
    if _is_bad_name(name):
        return "skip" if len(name.split()) <= 3 else None
    if FULL_NAME.match(name):
        return Mention("person", normalize.person(name), name, idx, idx + len(name))
    if HANDLE_LIKE.match(name) and (
            any(c.isdigit() or c == "-" for c in name) or name.islower() or re.search(r"[a-z][A-Z]", name)):
        return Mention("person", normalize.person(name), name, idx, idx + len(name))
    return None


def _participants_in(text: str, start: int, end: int, one_person: bool = False) -> list[Mention]:
    """A list item or line of names: every piece must look like a name (or carry a handle), else none.

    With ``one_person`` (an item of an attendance list) a full name first and anything after it
    ("Rob Example, ACME") is that one person with an affiliation.
    """
    piece = text[start:end]
    if ":" in piece or "?" in piece or len(piece.split()) > 16:
        return []
    found: list[Mention] = []
    for n, (chunk, pos) in enumerate(_participant_chunks(text, start, end)):
        if "@" in chunk:
            continue  # a handle, maybe with a name beside it: the handle is the person
        if not chunk.strip(" .,;*_"):
            continue
        m = _participant(text, chunk, pos)
        if m is None:
            first = found[0] if one_person and len(found) == 1 and n == 1 else None
            return [first] if first is not None and " " in first.text else []
        if m != "skip":
            found.append(m)
    return found


def participant_names(text: str, participants_section: bool, heading_end: int) -> list[Mention]:
    """Names in a participants section, or in the list (or line) after a "Participants:" line."""
    out: list[Mention] = []
    offset = 0
    list_from_line = False
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if line_start < heading_end:
            continue
        m = PARTICIPANT_LINE.match(line)
        if m:
            rest = m.group("rest") or ""
            list_from_line = not rest.strip()
            if rest.strip():
                rstart = line_start + m.start("rest")
                out.extend(_participants_in(text, rstart, rstart + len(rest)))
            continue
        item = LIST_ITEM.match(line)
        if item and (participants_section or list_from_line):
            body_start = line_start + item.start("body")
            label = LABELLED_NAMES.match(item.group("body"))
            if label:
                body_start += label.end()  # "Team members: a, b"
            if len(text[body_start:line_start + len(line)]) < 200:
                out.extend(_participants_in(text, body_start, line_start + len(line), one_person=not label))
            continue
        if list_from_line and line.strip() and not item:
            list_from_line = False
        if participants_section and line.strip() and not item and not line.strip().endswith(":") \
                and "," in line and len(line) < 400:
            out.extend(_participants_in(text, line_start, line_start + len(line)))  # names separated by commas
    return out


def _trim_prose_name(name: str, s: int) -> tuple[str, int] | None:
    """The name (and its end) without words that are not names ("Anna Kubernetes" -> "Anna"), or None."""
    words = name.split()
    if _is_bad_name(words[0]) or (len(words) > 1 and _is_bad_name(name)):
        if len(words) > 1 and not _is_bad_name(words[0]):
            return words[0], s + len(words[0])
        return None
    if len(words) > 1 and _is_bad_name(words[-1]):
        return words[0], s + len(words[0])
    return name, s + len(name)


def _prose_name_cue(text: str, s: int, e: int, single_word: bool) -> bool:
    """Does the text around a capitalised name say it is a person (and not a handle's gloss, a place)?"""
    after = text[e:e + 40]
    if re.match(r"\s*\(?\s*@[\w-]", after):
        return False  # "Kurt Garloff (@garloff)": the handle is the person
    before = text[max(0, s - 30):s]
    if re.search(r"@[\w-]+\s*\(\s*$", before):
        return False  # "@garloff (Kurt Garloff)"
    if re.search(r"\b(?:in|at|nach|aus|near|across)\s+$", before):
        return False  # "a workshop in Jordan": a place
    cue = bool(NAME_CUE_AFTER.match(after)) or bool(NAME_CUE_BEFORE.search(before))
    if cue:
        return True
    if single_word:
        return False
    prefix = text[text.rfind("\n", 0, s) + 1:s]
    sentence_start = bool(re.fullmatch(r"\s*(?:[-*+>]\s+|\d+[.)]\s+)*[*_]*", prefix)) or bool(
        re.search(r"[.!?:]\s+[*_]*$", prefix))
    return not sentence_start


def prose_names(text: str, skip: SpanSet, heading_end: int, first_names: set[str]) -> list[Mention]:
    """A known first name (alone or with a surname) with a cue around it that says it is a person."""
    out = []
    for m in PROSE_NAME.finditer(text, heading_end):
        s = m.start()
        if skip.overlaps(s, m.end()):
            continue
        name = m.group("name")
        if name.split()[0].lower() not in first_names:
            continue  # "Markus Hentsch": an unknown first name is a person only with a handle beside it
        trimmed = _trim_prose_name(name, s)
        if trimmed is None:
            continue
        name, e = trimmed
        if _prose_name_cue(text, s, e, len(name.split()) == 1):
            out.append(Mention("person", normalize.person(name), name, s, e))
    return out


def find_names(text: str, hidden: SpanSet, handles: list[Mention], participants_section: bool,
               heading_end: int, first_names: set[str] | None = None) -> list[Mention]:
    """Names of people: in participant lists, and in prose when a cue says it is a person."""
    first = gz.gazetteer().first_names if first_names is None else first_names
    listed = participant_names(text, participants_section, heading_end)
    if participants_section:
        return listed
    skip = SpanSet(list(hidden.spans) + [(h.start, h.end) for h in handles] + [(m.start, m.end) for m in listed])
    return listed + prose_names(text, skip, heading_end, first)


# --- projects learned from repository URLs -------------------------------------------

REPO_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.[\w.-]+|codeberg\.org|opendev\.org|git\.[\w.-]+|gitea\.[\w.-]+)"
    r"/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?(?=[/#?)\]\s>]|$)",
    re.I,
)
#: Repositories that hold meeting content, not software.
CONTENT_REPOS = (
    "issues", "minutes", "release-notes", "open-operations-manifesto", "election", "community", "docs",
    "website", "governance", "meetings", "meeting-notes", "enhancements", "toc", "org", ".github", "meta",
    "handbook", "notes", "agenda", "roadmap", "planning", "design", "proposals", "rfcs", "specs", "standards",
    "sig-release", "contributors", "blog", "www", "homepage", "presentations", "slides", "events", "marketing",
    "calendar", "defaults", "default", "spec", "documentation", "metering", "interop", "tools", "scripts",
    "config", "configs", "infra", "infrastructure", "tests", "testing", "templates", "examples", "demo", "api",
    "charts", "images", "test", "security", "operations", "deployment", "training", "playbooks", "assets",
)
#: Repositories named after a group or its paperwork (``lang-team``, ``tac``, ``summit``): not software.
_GROUP_REPO = re.compile(r"(?:^|[-_.])(?:team|teams|wg|sig|tac|tsc|council|committee|board|summit|admin|charter|"
                         r"community|governance|minutes|meetings?|notes|agenda|org)$")
_OWNER_PAGES = {"orgs", "users", "settings", "marketplace", "sponsors", "topics", "features", "about", "pricing",
                "login", "search", "explore", "apps", "collections", "notifications", "new"}


def repo_names(texts: Iterable[str], exclude: Iterable[str] = CONTENT_REPOS) -> dict[str, str]:
    """Repository names written in code-hosting URLs: folded name -> name as written."""
    gaz = gz.gazetteer()
    skip = {x.lower() for x in exclude}
    out: dict[str, str] = {}
    for text in texts:
        if "://" not in text:
            continue
        for m in REPO_URL.finditer(text):
            owner, repo = m.group("owner"), m.group("repo")
            key = repo.lower()
            if owner.lower() in _OWNER_PAGES or key in skip or len(repo) < 4 or "." in repo \
                    or re.match(r"(?i)(?:cve|ghsa|ossa)-", repo) or not re.search(r"[a-z]", key):
                continue
            if key in gaz.not_projects or key in gaz.person_stopwords or gaz.canonical_project(repo) \
                    or _GROUP_REPO.search(key) or key in gaz.ambiguous_folded:
                continue
            out.setdefault(key, repo)
    return out


@lru_cache(maxsize=64)
def _repo_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the repository names of one minutes file (longest first), compiled once per file."""
    return re.compile(r"(?<![\w\-/.@#])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w\-/@]|\.\w)", re.I)


def _plain_word_in_prose(text: str, start: int, end: int, context: re.Pattern[str] | None) -> bool:
    """A lower-case repository name ("summit", "calendar") read as a plain word here?

    It counts as the repository in a code span, on a line with its link, or beside a technical word.
    """
    word = text[start:end]
    if not (word.isalpha() and word.islower()):
        return False
    if re.search(r"(?i)\b(?:the|a|an|our|this|that|its|their|your|some|any|no|more|of)\s+$", text[max(0, start - 8):start]):
        return True  # "the calendar"
    if text[start - 1:start] == "`" and text[end:end + 1] == "`":
        return False
    line = text[text.rfind("\n", 0, start) + 1:(text.find("\n", end) + 1 or len(text) + 1) - 1]
    if re.search(rf"(?i)://\S*/{re.escape(word)}\b", line):
        return False  # the repository's own link on the same line
    return context is None or not context.search(line)


def find_repo_mentions(text: str, hidden: SpanSet, names: dict[str, str], taken: list[Mention],
                       context: re.Pattern[str] | None = None) -> list[Mention]:
    """Prose mentions (outside URLs) of repositories whose URL the same minutes give."""
    if not names:
        return []
    pattern = _repo_regex(tuple(sorted(names.values(), key=len, reverse=True)))
    spans = SpanSet([(t.start, t.end) for t in taken])
    out = []
    for m in pattern.finditer(text):
        if hidden.overlaps(m.start(), m.end()) or spans.overlaps(m.start(), m.end()):
            continue
        word = m.group(0)
        if _plain_word_in_prose(text, m.start(), m.end(), context):
            continue
        out.append(Mention("project", names[word.lower()], word, m.start(), m.end()))
    return out
