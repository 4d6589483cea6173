"""Combining the sure rules with the model: sure forms kept, template never, confidence kept."""
from indexer.nlp.candidates import Candidate
from indexer.nlp.item_model import decide, judge, status_of
from indexer.nlp.items import Found


def cand(text: str, checkbox: str = "") -> Candidate:
    return Candidate(index=3, end=3, text=text, raw=text, heading="Agenda", checkbox=checkbox)


def test_a_sure_rule_wins_over_a_doubtful_model():
    rule = Found("decision", 3, "Decision: ship it", (), "marker")
    scored = decide(cand("Decision: ship it"), rule, {"decision": 0.1, "action": 0.1, "neither": 0.8}, (), False)
    assert scored.kind == "decision" and scored.confidence >= 0.9


def test_a_template_line_is_never_an_item():
    rule = Found("action", 3, "AI: review", (), "marker")
    assert decide(cand("AI: review"), rule, {"action": 0.99}, (), True).kind == ""


def test_the_model_decides_the_rest_with_its_confidence():
    scored = decide(cand("ship on Friday"), None, {"decision": 0.7, "action": 0.1, "neither": 0.2}, (), False)
    assert (scored.kind, scored.confidence) == ("decision", 0.7)


def test_unlikely_items_are_dropped_and_actions_carry_their_status():
    class P:  # a prepared candidate as item_finder gives it
        def __init__(self, c):
            self.cand, self.rule, self.owners, self.template = c, None, ("jo",), False
    found = judge([P(cand("Jo to fix CI", "x")), P(cand("nice weather"))],
                  [{"action": 0.8, "decision": 0.1, "neither": 0.1}, {"action": 0.05, "decision": 0.05, "neither": 0.9}])
    assert [(f.kind, f.owners, f.status) for f in found] == [("action", ("jo",), "done")]


def test_status_from_boxes_and_done():
    assert status_of(cand("x", " ")) == "open"
    assert status_of(cand("Ana to update the wiki (done)")) == "done"
    assert status_of(cand("Ana to update the wiki")) == ""


def test_a_bare_header_is_no_item_whatever_the_model_says():
    for header in ("Decision:", "Action items:", "Decisions"):
        assert decide(cand(header), None, {"decision": 0.9, "action": 0.05, "neither": 0.05}, (), False).kind == ""



def test_sections_scored_in_one_batch_get_the_items_each_gets_alone():
    from indexer.nlp import _make_doc, get_pipeline
    from indexer.parse import parse_minutes

    text = ("# Weekly sync\n\n## Release\n\n- Decision: we ship 2.1 on Friday\n- Mia will draft the notes\n"
            "- the build farm was slow again\n\n## Docs\n\n- agreed to move the FAQ to the wiki\n"
            "- @tom to review the glossary\n")
    nlp = get_pipeline()
    with nlp.select_pipes(disable=["minutes_item_classifier"]):
        docs = list(nlp.pipe(_make_doc(nlp, s) for s in parse_minutes(text.encode(), "2024-05-02.md", "").sections))
    classifier = nlp.get_pipe("minutes_item_classifier")
    alone = [[(f.kind, f.index, f.confidence) for f in classifier.match(doc)] for doc in docs]
    together = [[(f.kind, f.index, f.confidence) for f in doc._.minutes_items] for doc in classifier.pipe(docs)]
    assert together == alone
    assert sum(map(len, alone)) >= 3


def test_the_model_scores_word_ids_as_it_scores_docs_of_the_words():
    from indexer.nlp.item_model import feature_doc, load_model, model_inputs

    nlp = load_model()
    texts = ["person will draft the notes | first_person depth_0 bullet cue_task",
             "agreed to ship 0 | first_agreed rule_decision cue_agree hd_release",
             "det aux case mark prep | first_det", ""]  # words that are spaCy symbols; no words at all
    textcat = nlp.get_pipe("textcat")
    by_ids = textcat.predict(model_inputs(nlp, texts))
    by_docs = textcat.predict([feature_doc(nlp, t) for t in texts])
    assert by_ids.tolist() == by_docs.tolist()
