"""Entity and decision extraction for minutes: one spaCy pipeline, built lazily.

Public API:

* ``annotate(minutes)`` fills ``section.entities`` and ``section.items`` in place and
  yields each `Minutes` (the pipeline is built once per process, on first use).
* ``entities_report(minutes, path_as_given)`` is the contract's ``entities`` JSON object.

Importing this package does not import spaCy; only the first ``annotate`` call does.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator

from ..model import ENTITY_TYPES, Entity, Item, Meeting, Minutes, Section
from .rules import line_starts

__all__ = ["annotate", "annotate_one", "entities_report", "get_pipeline"]


def get_pipeline():
    """The cached spaCy pipeline (imports spaCy on first call)."""
    from .pipeline import get_pipeline

    return get_pipeline()


def _make_doc(nlp, section: Section, repos: dict[str, str] | None = None,
              template: frozenset[str] = frozenset(), people: dict[str, str] | None = None):
    from ..parse import blank_code, fold_long_lines

    # code is searchable, but what it names is not the meeting's; a 100,000-character line is
    # read in pieces (same offsets), so rules that work line by line stay fast
    text = fold_long_lines(blank_code(section.text))
    doc = nlp.tokenizer(text)  # not make_doc: its 1,000,000-character limit guards models this pipeline has not
    doc._.repo_names = repos or {}
    doc._.minutes_text = text
    doc._.minutes_template = template
    doc._.minutes_people = people or {}
    heading_end = 0
    if section.level > 0:
        nl = section.text.find("\n")
        heading_end = len(section.text) if nl < 0 else nl + 1
    doc._.section_kind = section.kind
    doc._.heading_end = heading_end
    doc._.heading = section.heading
    return doc


def _fill(section: Section, doc) -> None:
    starts = line_starts(section.text)
    read_starts = line_starts(doc._.minutes_text or section.text)  # lines as the pipeline read them
    mentions = sorted(doc._.minutes_mentions or [], key=lambda m: (m.start, m.end))
    section.entities = [
        Entity(type=m.type, value=m.value, text=m.text, line=section.line + bisect_right(starts, m.start) - 1,
               project=m.project)
        for m in mentions if m.type in ENTITY_TYPES
    ]
    section.items = [
        Item(kind=f.kind, text=f.text, owners=tuple(f.owners), confidence=f.confidence, status=f.status,
             line=section.line + bisect_right(starts, read_starts[min(f.index, len(read_starts) - 1)]) - 1)
        for f in doc._.minutes_items or []
    ]


def annotate(minutes: Iterable[Minutes], batch_size: int = 64) -> Iterator[Minutes]:
    """Fill ``entities`` and ``items`` of every section, yielding each Minutes when done."""
    from .person_join import join_people
    from .references import resolve_bare_issues

    from .guard import guarded, pipe_sections

    nlp = get_pipeline()
    for m in minutes:
        docs = pipe_sections(nlp, m, _doc_maker(nlp, m), batch_size)
        for section, doc in zip(m.sections, docs):
            guarded(lambda: _fill(section, doc), m, f"entities of the section at line {section.line}")
        guarded(lambda: join_people(m), m, "one value per person")
        guarded(lambda: resolve_bare_issues(m), m, "repositories of bare issue numbers")
        guarded(lambda: merge_first_names(m), m, "first names of owners")
        guarded(lambda: resolve_owners(m), m, "owners resolved through attendance")
        yield m


def _doc_maker(nlp, minutes: Minutes) -> Callable[[Section], Any]:
    """How each section of one file becomes the Doc the pipeline reads: what the whole file
    shares (repository names, series template lines) is read once, each meeting's attendee
    forms once per meeting. A step that fails leaves its part empty and says so in the warnings."""
    from .guard import guarded
    from .rules import repo_names
    from .templates import template_lines

    repos = guarded(lambda: repo_names(s.text for s in minutes.sections), minutes, "repository names", {})
    template = guarded(lambda: template_lines(minutes), minutes, "template lines of the series", frozenset())
    forms = {id(meeting): attendee_forms(meeting) for meeting in minutes.meetings}

    def make(section: Section):
        meeting = minutes.meeting_of(section)  # one of minutes.meetings, or a file-wide one of nobody
        return _make_doc(nlp, section, repos, template, forms.get(id(meeting)) or attendee_forms(meeting))

    return make


def attendee_forms(meeting: Meeting) -> dict[str, str]:
    """Every form of every attendee of a meeting (lower case) -> that person's value."""
    forms: dict[str, str] = {}
    for a in meeting.attendees:
        for form in (a.value, *a.names):
            forms.setdefault(form.lower().lstrip("@"), a.value)
    return forms


def resolve_owners(minutes: Minutes) -> None:
    """Each action owner as its attendee's one value ("Kurt", "Kurt Garloff", "@garloff" -> garloff)."""
    for section in minutes.sections:
        meeting = minutes.meeting_of(section)
        if not meeting.attendees:
            continue
        resolved = []
        for item in section.items:
            owners = []
            for o in item.owners:
                who = meeting.attendee(o)
                owners.append(who.value if who else o)
            resolved.append(replace(item, owners=tuple(dict.fromkeys(owners))))
        section.items = resolved


def merge_first_names(minutes: Minutes) -> None:
    """An action item's owner named by first name alone ("Sven will ...") is the person of that
    first name listed in full elsewhere in the same meeting ("Sven Hollander"), when there is
    exactly one such person, so the decision log groups one person's tasks together.

    The entities keep the name as written: that "Sven" is Sven Hollander is a guess, and
    the entity record says what the minutes say.
    """
    full_names: dict[str, set[str]] = {}
    for section in minutes.sections:
        for e in section.entities:
            if e.type == "person" and " " in e.value and e.value[:1].isupper():
                full_names.setdefault(e.value.split(" ", 1)[0], set()).add(e.value)
    unique = {first: next(iter(names)) for first, names in full_names.items() if len(names) == 1}
    if not unique:
        return
    for section in minutes.sections:
        section.items = [
            replace(i, owners=tuple(dict.fromkeys(unique.get(o, o) for o in i.owners))) for i in section.items
        ]


def annotate_one(minutes: Minutes) -> Minutes:
    return next(annotate([minutes]))


def entities_report(minutes: Minutes, path_as_given: str, all_items: bool = False) -> dict[str, Any]:
    """The contract's ``entities`` object for one annotated (or not yet annotated) Minutes.

    Decisions and actions below the confidence cut are left out unless ``all_items``.
    """
    if all(not s.entities and not s.items for s in minutes.sections):
        annotate_one(minutes)  # not annotated yet (annotating twice gives the same result)
    seen: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    decisions: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for section in minutes.sections:
        for e in section.entities:
            key = (e.type, e.value, e.project)
            if key not in seen:
                seen[key] = e.to_json()
        for item in section.items:
            if not item.confident and not all_items:
                continue
            if item.kind == "decision":
                decisions.append({"text": item.text, "line": item.line, "confidence": item.confidence})
            else:
                actions.append({"text": item.text, "owners": list(item.owners), "line": item.line,
                                "confidence": item.confidence})
    return {
        "path": path_as_given,
        "date": minutes.iso_date,
        "series": minutes.series,
        "title": minutes.title,
        "entities": list(seen.values()),
        "decisions": decisions,
        "actions": actions,
        "meetings": [m.to_json() for m in minutes.meetings or [Meeting(1, minutes.iso_date, minutes.title)]],
    }


def prepared_items(minutes: Minutes) -> list[tuple[Section, list]]:
    """Each section's candidate items before the model scores them (for training and checks)."""
    nlp = get_pipeline()
    docs = list(map(_doc_maker(nlp, minutes), minutes.sections))
    with nlp.select_pipes(disable=["minutes_item_classifier"]):
        done = list(nlp.pipe(docs))
    return [(s, d._.minutes_prepared or []) for s, d in zip(minutes.sections, done)]
