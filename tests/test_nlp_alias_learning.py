"""Aliases learned from a corpus: abbreviation definitions, acronyms that recur with their words, variants."""
from __future__ import annotations

from indexer.nlp.alias_learning import Learner, best_long_form, definitions


def learned(*files: str) -> list[list[str]]:
    learner = Learner()
    for text in files:
        learner.add(text)
    return learner.result()


def test_schwartz_hearst_finds_the_long_form_before_the_short_one():
    assert best_long_form("QWS", "we talked about the Quantum Widget Service") == "Quantum Widget Service"
    assert best_long_form("QWS", "nothing to see here") is None


def test_definitions_both_ways_round():
    text = "The Quantum Widget Service (QWS) is new.\n- QWS (Quantum Widget Service) again\n"
    assert set(definitions(text)) == {("QWS", "Quantum Widget Service")}


def test_a_person_with_an_affiliation_is_no_definition():
    assert definitions("* Dana Okafor (ACME)\n* Lee Brandt (Initech, TAC)") == []


def test_one_definition_is_enough():
    assert ["Zebra Crossing Council", "ZCC"] in learned("The Zebra Crossing Council (ZCC) met.")


def test_an_acronym_and_its_words_recurring_side_by_side_make_an_alias():
    files = [f"- GBTs: the grand blue tables are late again, ticket {n}\n- more GBTs soon" for n in range(3)]
    assert ["grand blue tables", "GBT"] in learned(*files)


def test_a_chance_run_of_initials_is_no_alias():
    filler = " ".join(["word"] * 30)
    files = [f"- FFI notes\n\n{filler}\n\nLater, use free functions instead of methods." for _ in range(3)]
    assert not any("FFI" in g for g in learned(*files))


def test_spelling_variants_of_one_name_are_one_group():
    groups = learned("We use quux_frobnicator here.", "The quux frobnicator is slow; see quuxfrobnicator docs.")
    assert any({"quux_frobnicator", "quux frobnicator"} <= set(g) for g in groups)


def test_learners_of_several_workers_merge():
    a, b = Learner(), Learner()
    a.add("The Zebra Crossing Council (ZCC) met.")
    b.add("Nothing here.")
    b.merge(a)
    assert ["Zebra Crossing Council", "ZCC"] in b.result()
