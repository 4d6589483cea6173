"""Run the pipeline so that one failing component costs only its own findings.

A rule that trips on odd text (a bare `13.x.`) must not drop a whole file: when a
batch fails, each section is run again component by component, a component that
raises is skipped for that section, and the file's warnings say what was left out.
"""
from __future__ import annotations

from typing import Callable

from ..model import Minutes, Section


def pipe_sections(nlp, minutes: Minutes, make_doc: Callable[[Section], object], batch_size: int) -> list:
    """The annotated Doc of every section of ``minutes``, failures reported in ``minutes.warnings``."""
    try:
        return list(nlp.pipe([make_doc(s) for s in minutes.sections], batch_size=batch_size))
    except Exception:  # find out which section and component, and keep all the rest
        return [_run_each_component(nlp, make_doc(s), s, minutes) for s in minutes.sections]


def _run_each_component(nlp, doc, section: Section, minutes: Minutes):
    for name, component in nlp.pipeline:
        try:
            doc = component(doc)
        except Exception as exc:
            minutes.warnings.append(
                f"{name} failed on the section at line {section.line} ({type(exc).__name__}: {exc}); "
                "its findings there are left out")
    return doc


def guarded(step: Callable[[], object], minutes: Minutes, what: str, default: object = None) -> object:
    """Run one whole-file step; on failure report it and go on with ``default``."""
    try:
        return step()
    except Exception as exc:
        minutes.warnings.append(f"{what} failed ({type(exc).__name__}: {exc}); left out")
        return default

