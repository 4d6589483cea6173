"""One failing NLP step costs only its own findings: the file is still annotated and the failure reported."""
from __future__ import annotations

from indexer.model import Minutes, Section
from indexer.nlp import annotate_one, rules
from indexer.nlp.guard import pipe_sections


def minutes_of(*texts: str) -> Minutes:
    sections = [Section(heading=f"h{n}", line=1 + 10 * n, level=2, text=f"## h{n}\n{t}") for n, t in enumerate(texts)]
    return Minutes(path="a/20310101.md", root="", date=None, series="a", title="t", sections=sections, digest="")


class FakePipeline:
    """Two components; the second trips on one section's text, as a rule can on odd input."""

    def __init__(self):
        self.pipeline = [("tagger", self.tag), ("fragile", self.fragile)]

    def tag(self, doc: dict) -> dict:
        return {**doc, "tagged": True}

    def fragile(self, doc: dict) -> dict:
        if "13.x." in doc["text"]:
            raise ValueError("invalid literal for int()")
        return {**doc, "fragile": True}

    def pipe(self, docs, batch_size=64):
        for doc in docs:
            for _, component in self.pipeline:
                doc = component(doc)
            yield doc


def test_a_component_failing_on_one_section_is_skipped_there_only():
    minutes = minutes_of("fine text", "bumped to 13.x. today")
    docs = pipe_sections(FakePipeline(), minutes, lambda s: {"text": s.text}, batch_size=8)
    assert docs[0] == {"text": minutes.sections[0].text, "tagged": True, "fragile": True}
    assert docs[1]["tagged"] and "fragile" not in docs[1]
    assert minutes.warnings == [
        "fragile failed on the section at line 11 (ValueError: invalid literal for int()); its findings there are left out"]


def test_a_failing_whole_file_step_is_reported_and_the_entities_still_found(monkeypatch):
    def broken(texts):
        raise RuntimeError("boom")

    monkeypatch.setattr(rules, "repo_names", broken)
    minutes = annotate_one(minutes_of("@alma-q upgrades Kubernetes"))
    assert {e.value for e in minutes.sections[0].entities} >= {"alma-q", "Kubernetes"}
    assert any("repository names failed (RuntimeError: boom)" in w for w in minutes.warnings)


def test_a_bare_release_line_does_not_break_the_version_rule():
    minutes = annotate_one(minutes_of("We stay on 13.x. until spring, then 14.2.0."))
    assert "14.2.0" in {e.value for e in minutes.sections[0].entities if e.type == "version"}
    assert minutes.warnings == []
