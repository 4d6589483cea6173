"""The pipeline's structure: tokenizer, components registered by name with what they assign."""
from __future__ import annotations

import importlib
import subprocess
import sys

from indexer.nlp.pipeline import build
from indexer.nlp.tokenizer import GAP, MinutesTokenizer, tokens


def test_tokens_keep_pattern_words_and_fold_the_rest_into_gaps():
    words, offsets = tokens("We deploy Open  Stack today\nStack", {"open", "stack"})
    assert words == ["Open", GAP, "Stack", GAP, "Stack"]  # two spaces and a line break: no phrase across them
    text = "We deploy Open  Stack today\nStack"
    assert [text[s:e] for (s, e), w in zip(offsets, words) if w != GAP] == ["Open", "Stack", "Stack"]


def test_every_component_declares_what_it_assigns():
    nlp = build()
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    for name in nlp.pipe_names:
        assert nlp.get_pipe_meta(name).assigns, name


def test_a_component_matches_without_writing_to_the_doc():
    nlp = build()
    doc = nlp.make_doc("We run Kubernetes 1.29 with @anna.")
    for name in ("minutes_urls", "minutes_projects"):
        doc = nlp.get_pipe(name)(doc)
    found = nlp.get_pipe("minutes_handles").match(doc)
    assert [m.value for m in found] == ["anna"]
    assert all(m.type != "person" for m in doc._.minutes_mentions)


def test_the_tokenizer_is_a_minutes_tokenizer():
    assert isinstance(build().tokenizer, MinutesTokenizer)


def test_components_import_without_the_pipeline_module():
    """No import cycle: the components package stands alone."""
    code = "import indexer.nlp.components, sys; assert 'indexer.nlp.pipeline' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
    importlib.import_module("indexer.nlp.pipeline")
