"""Decisions and action items: line rules over a section's list structure (no spaCy).

A section is read as a tree of lines (list items nest by indentation). Each line is
judged on its own words (``Decision:``, ``AI @x``, ``TODO``, ``=>`` conclusions, vote
counts, ``@x will``) and on its place in the tree (the tasks under a bare ``TODO:``,
the lone answer under a question, the option left standing when the others are
struck through, a to-do whose owner is written on the line below).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_HANDLE = r"@[A-Za-z0-9][\w.-]*[A-Za-z0-9_]|@[A-Za-z0-9]"
HANDLE = re.compile(rf"(?<![\w@/.+\-`])({_HANDLE})")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-*+•]|\d+[.)])\s+(?P<body>.*)$")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
MARKUP = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`")
STRUCK = re.compile(r"^\s*~~.*~~\s*\W*$")

# --- action cues -------------------------------------------------------------------
AI_MARK = re.compile(
    r"(?<![\w/.-])(?:AIs?|A\.I\.|ACTION(?:\s+ITEMS?)?|Action(?:\s+[Ii]tems?)?|action\s+items?|TODOs?|ToDos?|"
    r"Todos?|To[ -]?[Dd]os?|to[ -]do:|Aufgabe|Task)(?![\w-])(?P<after>\s*(?:\([^)]*\))?\s*:?)",
)
AI_STRICT = re.compile(r"^(?:AIs?|A\.I\.)$")
HEADER_ONLY = re.compile(
    r"^(?:(?:open|new|old|my|our)\s+)?(?:AIs?|action\s*items?|actions?|todos?|to[ -]?dos?|tasks?|next\s+steps?)"
    r"(?:\s*\([^)]*\))?\s*:?\s*$", re.I)
ACTION_HEADING = re.compile(r"^\W*(?:open\s+|new\s+)?(?:action\s*items?|AIs|todos?|to[ -]dos?(?:\s+list)?|tasks|next\s+steps)"
                            r"\W*$", re.I)
DECISION_HEADER = re.compile(r"^(?:(?:discussions?|notes?|results?)\s*(?:/|&|and)\s*)?"
                             r"(?:decisions?|decided|outcomes?|results?|conclusions?|agreed|agreements?|resolutions?)"
                             r"(?:\s*\([^)]*\))?\s*:?\s*$", re.I)
SUBJECT_VERB = re.compile(
    r"^\s*(?P<who>(?:{h}|{n})(?:\s*(?:,|and|&|\+|/)\s*(?:{h}|{n}))*)\s*:?\s*"
    r"(?:will|to|shall|should|is going to|are going to|takes? care|takes? over|volunteers?|volunteered|please|"
    r"needs? to|must|has to|have to|offers? to|offered to|agreed to|wants to|'ll)\b".format(
        h=_HANDLE, n=r"[A-ZÀ-Þ][a-zß-ÿ]+(?:\s[A-ZÀ-Þ][a-zß-ÿ]+)?"),
)
PLEASE = re.compile(r"\bplease\b|\bplz\b|\bcall\s+(?:to|for)\s+(?:comment|review|action|feedback|test|vote)", re.I)
TRAILING_OWNER = re.compile(
    rf"\(\s*(?:(?:AI|owner|who|assignee)\s*:?\s*)?(?P<who>(?:{_HANDLE})(?:\s*(?:,|and|&|\+|/)\s*(?:{_HANDLE}))*)"
    r"[^()]*\)\s*[.!]?\s*$"
)
ARROW_OWNER = re.compile(rf"(?:=>|->|-->|==>|→|⇒)\s*(?P<who>(?:{_HANDLE})(?:\s*(?:,|and|&|\+|/)\s*(?:{_HANDLE}))*)")
BY_OWNER = re.compile(
    rf"(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bdone )(?<!\bmerged )(?<!\bfixed )(?<!\breported )(?<!\bpresented )"
    rf"(?<!\bcreated )(?<!\bwritten )(?<!\bproposed )(?<!\bsuggested )(?<!\braised )(?<!\bmentioned )"
    rf"(?<!\binserted )(?<!\badded )(?<!\bprovided )(?<!\bposted )(?<!\bshared )(?<!\bnoted )"
    rf"\b(?:by|assigned\s+to|owner:?|assignee:?)\s+(?P<who>(?:{_HANDLE})"
    rf"(?:\s*(?:,|and|&|\+|/)\s*(?:{_HANDLE}))*)", re.I)
NOT_OWNER_BEFORE = re.compile(r"(?:\bwith|\bfrom|\bask|\bcc|\bthanks?|\bof|\bconsult|\binform|\bper)\s*$", re.I)

# --- decision cues -----------------------------------------------------------------
DECISION_MARK = re.compile(
    r"^(?:(?:decision|decisions|resolution|agreement|consensus|conclusion|outcome|result|results|vote|votes|voting|"
    r"beschluss|entscheidung|ergebnis)(?:\s*\([^)]*\))?(?:\s*[:\-–=]|\s+(?:is|was|taken|made|reached)\b)|"
    r"(?:decided|resolved|agreed|concluded|voted|approved|accepted|rejected)(?:\s*\([^)]*\))?(?:\s*[:\-–]|\s+(?=\w)))",
    re.I)
#: "Topic: decided to ...": an outcome after the topic it settles (not "Jo: agreed", one person's view).
TOPIC_OUTCOME = re.compile(
    r"^(?:(?P<topic>[^:?]{3,80}?)\s*(?::|\s[-–]|=>|->)\s+)?(?:all\s*:\s*)?"
    r"(?:(?:decided|resolved|agreed|concluded)\s+(?:to|that|on|upon|against)\b|"
    r"(?:decision|resolution|outcome|conclusion)\s*[:=]|"
    r"(?:general\s+)?(?:consensus|agreement)\s+(?:to|that|on|is|was|reached|from)\b|"
    r"no\s+objections?\b(?!\s*\?)|"
    r"(?:approved|accepted|rejected|adopted)\b(?!\s*\?))", re.I)
#: An outcome reported from before, not settled in this meeting.
EARLIER = re.compile(r"\b(?:before|last\s+(?:time|week|meeting|call)|previous(?:ly)?|earlier|in\s+the\s+past)\b", re.I)
DECISION_ANY = re.compile(
    r"\b(?:we|it\s+was|it\s+is|has\s+been|have|was|were|is|are|all|everyone|group|team|board|meeting|sig|"
    r"participants|consensus\s+was)\s+(?:\w+\s+)?(?:decided|agreed|concluded|approved|voted)\b|"
    r"(?<!\bnot )(?<!\bnot yet )\b(?:decided|agreed)\s+(?:to|that|on|against|upon)\b|"
    r"\bdecision\s+(?:was\s+)?(?:taken|made|reached)\b|\bagreed\s+(?:on|to|that|upon)\b|\bunanimous(?:ly)?\b|"
    r"\b(?:decided|agreed)\b\s*[:.]",
    re.I)
ARROW = re.compile(r"(?:^|\s)(?:=>|->|-->|==>|⇒|→)\s*(?P<rest>.*)$")
WE_WILL = re.compile(r"(?<!\bif )(?<!\bwhether )\bwe\s+(?:will|won't|will\s+not|'ll|shall|are\s+going\s+to|do\s+not\s+want|"
                     r"don't\s+want|stick|keep|stay)\b", re.I)
WILL_START = re.compile(r"^(?:we\s+will|we'll|we\s+are\s+going\s+to|we're\s+going\s+to|we\s+shall|will|let's|"
                        r"we\s+stay|we\s+keep|we\s+go\s+(?:with|for))\b", re.I)
VOTE_COUNT = re.compile(r"\b\d+\s*(?:x\s*)?(?:yes|no|yay|nay|for|against|abstain\w*|pro|contra|\+1|-1|in\s+favou?r)\b"
                        r"|(?:yes|no|for|against|abstain\w*|\+1|-1)\s*[:=]\s*\d+\b", re.I)
HEDGE = re.compile(r"^\W*(?:potentially|maybe|possibly|perhaps|probably|might|could|tbd|tbc|unclear|open|"
                   r"discuss|discussion|idea|proposal|suggestion|question|see|e\.g\.|i\.e\.|pro|con|\?)", re.I)
NOT_DECISION_START = re.compile(
    r"^(?:proposal|proposed|propose|idea|suggestion|question|open\s+question|q|fyi|note|info|status|wip|"
    r"background|context|problem|issue|reminder|update|report|news)\s*[:\-]", re.I)
CHILD_NOT_ANSWER = re.compile(r"^(?:see|https?://|e\.g\.|i\.e\.|maybe|perhaps|probably|might|could|pro|con|"
                              r"idea|example|for\s|as\s|because|related|cf\.|also|and\s|or\s|but\s|\W*$)", re.I)


# --- patterns used inside the rules (compiled once, not looked up on every call) ---------------
_WHO = rf"(?P<who>(?:{_HANDLE}|[A-ZÀ-Þ][a-zß-ÿ]+)(?:\s*(?:,|and|&|\+|/)\s*(?:{_HANDLE}|[A-ZÀ-Þ][a-zß-ÿ]+))*)"
QUESTION_START = re.compile(r"^(?:q|question)\s*:", re.I)
PAREN_AFTER = re.compile(r"\s*\(([^)]*)\)")
OWNER_SLOT = re.compile(rf"[\s\]):]*{_WHO}")
PARENS = re.compile(r"\s*\([^)]*\)")
HANDLE_AFTER = re.compile(rf"\s*(?:{_HANDLE})")
NAME_COLON_AFTER = re.compile(r"\s*[A-ZÀ-Þ][a-zß-ÿ]+\s*:")
WORD_ACTION = re.compile(r"(?i)action$")
WORD_TASK = re.compile(r"(?i)task$|aufgabe$")
WORD_TODO = re.compile(r"(?i)^to[ -]?dos?$")
NOT_WILL = re.compile(r"\s*(?:will|would|'ll)\s+(?:not|be|have\s+been|probably|maybe)\b")
PLEASE_WORD = re.compile(r"\bplease\b", re.I)
PLEASE_OWNER = re.compile(rf"(?P<who>(?:{_HANDLE})(?:\s*(?:,|and|&|\+|/)\s*(?:{_HANDLE}))*)\s*,?\s*please\b", re.I)
NAME_BEFORE = re.compile(r"\s*(?:and|or|&|,)?\s*(?:[A-ZÀ-Þ][\w'’.-]*\s*){1,3}[,:]?\s*")
OWNERS_ONLY = re.compile(rf"(?:{_HANDLE})(?:\s*(?:,|and|&|\+|/)?\s*(?:{_HANDLE}))*\s*[.:]?")
LEAD_OWNER = re.compile(rf"\s*{_WHO}\s*:\s+[a-z]")
URL_OR_LINK = re.compile(r"https?://\S+|\[([^\]]*)\]\([^)]*\)")
NOT_CONCLUSION = re.compile(r"(?i)(?:https?://|\[|see\b|go\s+to\b|here\b|link\b|cf\.)")
NOT_CONCLUSION_ALONE = re.compile(r"(?i)(?:https?://|\[|see\b|go\s+to\b|here\b)")
CAPITAL_OR_DIGIT = re.compile(r"[A-Z0-9]")
MAYBE = re.compile(r"\b(?:maybe|perhaps|possibly|might|probably)\b", re.I)
HANDLES_ONLY = re.compile(rf"[\s,&+/]*(?:(?:{_HANDLE})[\s,&+/]*)+")
DIGIT = re.compile(r"\d")
#: Words one of which each case-insensitive regex needs (for `_may_have`).
DECISION_WORDS = ("decided", "agreed", "concluded", "approved", "voted", "decision", "unanimous")
WE_WORDS = ("we",)


def _may_have(text: str, words: tuple[str, ...]) -> bool:
    """Could a case-insensitive regex that needs one of ``words`` match ``text``? A cheap test before it.

    Exact for ASCII text; any other text says yes (under re.I ``ſ`` matches ``s``, ``K`` ``k`` ...).
    """
    if not text.isascii():
        return True
    low = text.lower()
    return any(w in low for w in words)


def _decided(content: str) -> bool:
    """DECISION_ANY, skipped where none of its words occurs (it is slow: it tries every position)."""
    return _may_have(content, DECISION_WORDS) and bool(DECISION_ANY.search(content))


@lru_cache(maxsize=4096)
def _name_regex(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@]){re.escape(name)}(?![\w])")


#: A cheap first look: a line without any of these words (and outside a to-do list,
#: a decision list or a question's answers) is no item, so the other rules need not run.
CUE_WORDS = (
    "@", "todo", "to do", "to-do", "action", "task", "aufgabe", "decid", "decision", "agree", "resol", "consensus",
    "conclu", "outcome", "result", "vote", "voting", "approv", "accept", "reject", "beschluss", "entscheid",
    "ergebnis", "unanim", "=>", "->", "→", "⇒", "will", "'ll", "’ll", "shall", "let's", "let’s", "please", "plz",
    "call ", " by ", "owner", "assign", "we ",
)

#: CUE_WORDS as one regex: one scan of the line instead of one per word.
_CUE = re.compile("|".join(re.escape(k) for k in CUE_WORDS))


def _has_cue(content: str) -> bool:
    """Could this line be an item? Literal tests only (the item regexes on every line cost a third of the pipeline)."""
    if "AI" in content or "A.I." in content:
        return True
    low = content.lower()
    if low.startswith("we ") or _CUE.search(low):
        return True
    # the words first: the digit test walks the line character by character
    return ("yes" in low or " for" in low or "against" in low or " no" in low) and any(ch.isdigit() for ch in low)


@dataclass
class Line:
    index: int  # 0-based line in the section
    raw: str
    indent: int
    is_item: bool
    content: str  # without bullet and emphasis markup
    heading: bool
    parent: int | None = None
    children: list[int] = field(default_factory=list)


@dataclass
class Found:
    kind: str
    index: int  # 0-based line in the section
    text: str
    owners: tuple[str, ...] = ()
    rule: str = ""  # which rule found it (for debugging and the evaluation's listing)
    confidence: float = 1.0  # how sure the finder is (rules alone: 1.0; see item_model.py)
    status: str = ""  # for actions: "done" or "open" where the minutes say so (a ticked box, "done")


def _indent(s: str) -> int:
    if "\t" in s:
        s = s.expandtabs(4)
    return len(s) - len(s.lstrip(" "))


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE_RUN = re.compile(r"\s{2,}|[\t\n]")


def _clean(text: str) -> str:
    """Content without emphasis markup and link targets, spaces tidied."""
    if "*" in text or "_" in text or "`" in text:
        text = MARKUP.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "  " in text or "\t" in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


def structure(text: str, first_body_line: int) -> list[Line]:
    lines = []
    for i, raw in enumerate(text.split("\n")):
        m = LIST_ITEM.match(raw)
        heading = i < first_body_line or bool(HEADING.match(raw))
        if m:
            lines.append(Line(i, raw, _indent(m.group("indent")), True, _clean(m.group("body")), heading))
        else:
            lines.append(Line(i, raw, _indent(raw), False, _clean(raw), heading))
    stack: list[Line] = []
    prev: Line | None = None
    for line in lines:
        if not line.content:
            continue
        if line.heading:
            stack, prev = [], None
            continue
        while stack and stack[-1].indent >= line.indent and not (
                not stack[-1].is_item and line.is_item and stack[-1].indent == line.indent
                and stack[-1].content.endswith(":") and stack[-1] is prev):
            stack.pop()
        if stack:
            line.parent = stack[-1].index
            stack[-1].children.append(line.index)
        stack.append(line)
        prev = line
    return lines


NOT_PEOPLE = {"all", "everyone", "everybody", "here", "channel", "team", "channel"}


def _handles(text: str) -> list[str]:
    return [h for h in (x[1:].rstrip(".-").lower() for x in HANDLE.findall(text)) if h not in NOT_PEOPLE]


def _owner_values(who: str, names: dict[str, str]) -> list[str]:
    out = _handles(who)
    for name, value in names.items():
        if "@" not in name and name in who and _name_regex(name).search(who):
            out.append(value)
    return out


def _is_question(content: str) -> bool:
    return content.rstrip(" )*_.!").endswith("?") or bool(QUESTION_START.match(content))


def _ai_owners(content: str, names: dict[str, str]) -> list[str]:
    owners: list[str] = []
    for m in AI_MARK.finditer(content):
        rest = content[m.end("after") if m.group("after") is not None else m.end():]
        paren = PAREN_AFTER.match(content[m.end() - len(m.group("after") or ""):])
        if paren:
            owners += _owner_values(paren.group(1), names)
        slot = OWNER_SLOT.match(rest)
        if slot:
            owners += _owner_values(slot.group("who"), names)
    if not owners and "(" in content and "@" in content:
        trailing = TRAILING_OWNER.match(content, content.rfind("("))  # "TODO: blog post (@a, @b)"
        if trailing:
            owners += _handles(trailing.group("who"))
    return owners


def _ai_marker(content: str) -> re.Match[str] | None:
    for m in AI_MARK.finditer(content):
        word = m.group(0).strip().rstrip(":").strip()
        word = PARENS.sub("", word)
        after = content[m.end():]
        if AI_STRICT.match(word):
            # "AI" is also artificial intelligence: it marks an action only before an owner or a colon
            if not (m.group("after").strip().startswith((":", "(")) or HANDLE_AFTER.match(after)
                    or NAME_COLON_AFTER.match(after)):
                continue
            if m.start() > 0 and content[m.start() - 1] not in " (-[/,;" and m.start() != 0:
                continue
        elif WORD_ACTION.match(word) and not m.group("after").strip().startswith(":") \
                and not (word == "ACTION" or content[max(0, m.start() - 1):m.start()] == "[") \
                and not HANDLE_AFTER.match(after):
            continue  # "action" as a plain word; "ACTION", "[Action]" and "Action @x" mark a task
        elif WORD_TASK.match(word) and not m.group("after").strip().startswith(":"):
            continue
        elif WORD_TODO.match(word) and not m.group("after").strip().startswith((":", "(")) \
                and not (m.start() == 0 or HANDLE_AFTER.match(after)) or (
                word.startswith("to") and not m.group("after").strip().startswith(":")):
            continue  # "what to do" in prose
        return m
    return None


@dataclass
class _Scan:
    """One section being read: its lines as a tree, and what was found so far."""
    lines: list[Line]
    by_index: dict[int, Line]
    names: dict[str, str]
    action_section: bool
    found: dict[int, Found] = field(default_factory=dict)

    def parent_of(self, line: Line) -> Line | None:
        return self.by_index[line.parent] if line.parent is not None else None

    def add(self, kind: str, line: Line, owners: list[str] | tuple[str, ...] = (), why: str = "") -> None:
        self.found[line.index] = Found(kind, line.index, line.raw.strip(), tuple(dict.fromkeys(owners)), why)


def classify(text: str, first_body_line: int, names: dict[str, str] | None = None,
             heading: str = "") -> list[Found]:
    """Decisions and actions of one section; ``names`` maps written names to person values."""
    lines = structure(text, first_body_line)
    scan = _Scan(lines, {line.index: line for line in lines}, names or {},
                 bool(ACTION_HEADING.search(heading)) and not _is_question(heading))
    for line in lines:
        if not line.content or line.heading or _nothing_to_see(scan, line):
            continue
        if _explicit_marker(scan, line) or line.index in scan.found:
            continue
        if not _action_by_form(scan, line):
            _decision_by_form(scan, line)
    _options_left_standing(scan)
    return [scan.found[i] for i in sorted(scan.found)]


def _nothing_to_see(scan: _Scan, line: Line) -> bool:
    """Nothing in or around this line could make it an item (a cheap test that spares the regexes)."""
    c = line.content
    if _has_cue(c) or (c[0].isupper() and SUBJECT_VERB.match(c)) or line.children or scan.action_section:
        return False
    if line.parent is None:
        return True
    parent = scan.by_index[line.parent].content
    return not (parent.endswith(("?", ":")) or _is_question(parent) or HEADER_ONLY.match(parent))


def _explicit_marker(scan: _Scan, line: Line) -> bool:
    """``AI:``/``TODO``/``ACTION`` and ``Decision:``-style lines, and the items under a bare "Decisions:"."""
    c = line.content
    if _ai_marker(c):
        if not HEADER_ONLY.match(c):  # a bare "Action items:" line: the tasks are its children
            scan.add("action", line, _ai_owners(c, scan.names), "marker")
        return True
    if DECISION_HEADER.match(c):
        for k in line.children:
            kid = scan.by_index[k]
            if kid.content and not _is_question(kid.content) and k not in scan.found:
                scan.add("decision", kid, (), "decision-child")
        return True
    if line.index not in scan.found and DECISION_MARK.match(c) and not _is_question(c) \
            and not NOT_DECISION_START.match(c):
        scan.add("decision", line, (), "marker")
        return True
    topic = TOPIC_OUTCOME.match(c) if line.index not in scan.found and not _is_question(c) \
        and not EARLIER.search(c) else None
    if topic and not (topic.group("topic") and _names_a_person(topic.group("topic"), scan.names)):
        scan.add("decision", line, (), "topic-marker")
        return True
    return False


def _names_a_person(text: str, names: dict[str, str]) -> bool:
    """Is ``text`` a person ("Jo", "Mike Dolan", "@jo") rather than a topic?"""
    text = text.strip()
    if HANDLE.fullmatch(text) or text in names:
        return True
    words = text.split()
    return len(words) <= 2 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _owners_by_form(scan: _Scan, line: Line) -> tuple[list[str], str]:
    """Owners named by the line's form ("@x will", "=> @x", "by @x", "@x please", "(@x)"), and which form."""
    c = line.content
    question = _is_question(c)
    owners: list[str] = []
    why = ""
    sv = SUBJECT_VERB.match(c)
    if sv and not question:
        who = _owner_values(sv.group("who"), scan.names)
        if who and not NOT_WILL.match(c[sv.start("who") + len(sv.group("who")):]):
            owners += who
            why = "subject"
    m = ARROW_OWNER.search(c) if "@" in c and not question else None  # a handle is needed
    if m:
        owners += _handles(m.group("who"))
        why = "arrow-owner"
    m = BY_OWNER.search(c) if "@" in c else None
    if m:
        owners += _handles(m.group("who"))
        why = "by-owner"
    if PLEASE.search(c) and not (question and not PLEASE_WORD.search(c)):
        why = "please"
        pm = PLEASE_OWNER.search(c)
        if pm:
            owners += _handles(pm.group("who"))
    m = TRAILING_OWNER.match(c, c.rfind("(")) if "(" in c and "@" in c else None  # only the last bracket can trail
    if m and not question and not _decided(c):
        before = c[:m.start()]
        if before.strip() and not NOT_OWNER_BEFORE.search(before) and not NAME_BEFORE.fullmatch(before):
            owners += _handles(m.group("who"))  # not "Ralf (@fkr)": a person and a handle
            why = "trailing-owner"
    return owners, why


def _action_by_place(scan: _Scan, line: Line, owners: list[str]) -> str:
    """A task by its place: under a bare "TODO:", at the top of an action-items section, above its owners."""
    c = line.content
    question = _is_question(c)
    parent = scan.parent_of(line)
    if parent is not None and parent.content and HEADER_ONLY.match(parent.content) \
            and _ai_marker(parent.content) and not question:
        return "todo-child"
    if scan.action_section and line.is_item and not question and line.indent == min(
            (x.indent for x in scan.lines if x.is_item and not x.heading), default=0):
        return "action-section"
    if line.children and not question and not c.endswith(":"):
        kids = [scan.by_index[k] for k in line.children]
        if kids and all(OWNERS_ONLY.fullmatch(k.content) for k in kids):
            for k in kids:
                owners += _handles(k.content)
            return "owner-below"
    return ""


def _action_by_form(scan: _Scan, line: Line) -> bool:
    """Tasks by form or place; their owners, with "Jo: file a bug" read as Jo's task."""
    owners, why = _owners_by_form(scan, line)
    why = why or _action_by_place(scan, line, owners)
    if not why:
        return False
    if not owners:
        lead = LEAD_OWNER.match(line.content)
        if lead:
            owners += _owner_values(lead.group("who"), scan.names)
    scan.add("action", line, owners, why)
    return True


def _arrow_conclusion(c: str) -> bool:
    """"question => answer": an arrow whose right side reads as a settled conclusion."""
    m = ARROW.search(c)
    if not m:
        return False
    rest = m.group("rest").strip()
    lhs = c[:m.start()]
    rest_words = URL_OR_LINK.sub(r"\1", rest).split()
    if not rest or _is_question(rest) or len(rest_words) < 2:
        return False
    if not lhs.strip():
        return not NOT_CONCLUSION_ALONE.match(rest)
    lhs_words = lhs.split()
    return not (lhs.count("(") > lhs.count(")") or HEDGE.match(rest) or rest[0].isdigit()
                or NOT_CONCLUSION.match(rest) or (len(lhs_words) <= 2 and "?" not in lhs)
                or rest.rstrip().endswith(")")
                or ("?" not in lhs and CAPITAL_OR_DIGIT.match(lhs_words[-1])
                    and CAPITAL_OR_DIGIT.match(rest_words[0])))


def _lone_answer(scan: _Scan, line: Line) -> bool:
    """The one or two answers under a short question."""
    c = line.content
    parent = scan.parent_of(line)
    if parent is None or not _is_question(parent.content) or parent.heading or len(parent.content.split()) > 6:
        return False
    kids = [scan.by_index[k] for k in parent.children]
    answers = [k for k in kids if not _is_question(k.content)]
    return (1 <= len(answers) <= 2 and len(kids) <= 3 and line in answers and len(c.split()) >= 3
            and not line.children and not CHILD_NOT_ANSWER.match(c) and not HANDLES_ONLY.fullmatch(c)
            and not HEDGE.match(c))


def _decision_by_form(scan: _Scan, line: Line) -> None:
    """Outcomes by form: "agreed to", vote counts, "=> conclusion", "we will", a question's lone answer."""
    c = line.content
    question = _is_question(c)
    if question and not ARROW.search(c.split("?")[-1] if "?" in c else ""):
        return
    if NOT_DECISION_START.match(c):
        return
    decided = ""
    if _decided(c):
        decided = "decided"
    elif DIGIT.search(c) and len(VOTE_COUNT.findall(c)) >= 2:
        decided = "vote"
    elif _arrow_conclusion(c):
        decided = "arrow"
    elif (WILL_START.match(c) or (_may_have(c, WE_WORDS) and WE_WILL.search(c))) and not question \
            and not HEDGE.match(c) and not MAYBE.search(c):
        decided = "we-will"
    elif _lone_answer(scan, line):
        decided = "answer"
    if decided:
        scan.add("decision", line, (), decided)


def _options_left_standing(scan: _Scan) -> None:
    """The option left standing when its siblings are struck through."""
    groups: dict[int, list[Line]] = {}
    for line in scan.lines:
        if line.is_item and not line.heading and line.content:
            groups.setdefault(line.parent if line.parent is not None else -1 - line.indent, []).append(line)
    for siblings in groups.values():
        struck = [s for s in siblings if STRUCK.match(s.raw.split(None, 1)[1] if len(s.raw.split(None, 1)) > 1 else "")]
        standing = [s for s in siblings if s not in struck]
        if struck and len(standing) == 1 and len(siblings) >= 2 and standing[0].index not in scan.found \
                and not _is_question(standing[0].content):
            scan.add("decision", standing[0], (), "standing")
