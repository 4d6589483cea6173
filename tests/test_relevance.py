"""Search rules: rare words count most, one meeting does not fill the page, the topic's weeks rise."""
from __future__ import annotations

from indexer.relevance import Candidate, coverage, rerank, spread_files


def cand(key, score, file, covered=()):
    return Candidate(key=key, score=score, file=file, covered=set(covered))


def test_a_section_with_the_rare_word_beats_one_with_only_the_common_word():
    weights = {"rookifi": 6.0, "statu": 3.0}
    ordered = rerank([cand("status-page", 20, "a.md", covered={"statu"}),
                      cand("rookify", 15, "b.md", covered={"rookifi"})], weights)
    assert [c.key for c in ordered] == ["rookify", "status-page"]


def test_coverage_is_the_idf_share_of_words_found():
    assert coverage({"a"}, {"a": 3.0, "b": 1.0}) == 0.75
    assert coverage(set(), {}) == 1.0


def test_further_hits_from_one_file_count_less():
    ordered = spread_files([cand(1, 10, "a.md"), cand(2, 9.5, "a.md"), cand(3, 9, "b.md")])
    assert [c.key for c in ordered] == [1, 3, 2]


def test_sections_from_the_weeks_of_the_best_hit_rise_above_other_years():
    from datetime import date

    def dated(key, score, day):
        c = cand(key, score, f"{key}.md")
        c.day = day
        return c

    ordered = rerank([dated("incident", 30, date(2024, 6, 14)), dated("old-mention", 12, date(2023, 2, 1)),
                      dated("follow-up", 10, date(2024, 6, 27)), dated("undated", 11, None)], {})
    assert [c.key for c in ordered] == ["incident", "follow-up", "old-mention", "undated"]


def naive_spread(ordered, decay):
    """The definition spread_files implements: at each step, the best score after the decay of its file."""
    remaining, shown, out = list(ordered), {}, []
    while remaining:
        best = max(remaining, key=lambda c: c.score * decay ** shown.get(c.file, 0))
        remaining.remove(best)
        shown[best.file] = shown.get(best.file, 0) + 1
        out.append(best)
    return out


def test_spreading_files_gives_the_greedy_order_ties_included():
    import random

    from indexer.relevance import SAME_FILE_DECAY

    rng = random.Random(7)
    for _ in range(200):
        cands = [cand(i, rng.choice([1.0, 2.0, 3.0, rng.random() * 10]), rng.choice("abcd")) for i in range(rng.randint(0, 30))]
        assert [c.key for c in spread_files(cands)] == [c.key for c in naive_spread(cands, SAME_FILE_DECAY)]


class FakeVocabulary:
    """Word frequencies of an imagined index of 100 sections."""

    def __init__(self, frequencies):
        self.frequencies = frequencies

    def frequency(self, word, fields=("heading", "body", "entity_text")):
        return self.frequencies.get(word.lower(), 0)

    def section_count(self):
        return 100

    def term_count(self, text):
        return 3 * len(text.split())

    def query_words(self, text):
        from indexer.store.interface import QueryWord

        return [QueryWord(w, (("body", w),), self.frequencies.get(w, 0)) for w in text.lower().split()]

    def terms(self, fieldname):
        return ["IaaS"] if fieldname == "series" else []


def test_a_section_with_every_word_scores_more_than_one_with_some():
    from indexer.relevance import Plan, content_query
    from indexer.store.interface import Optional, Text

    query = content_query(Plan(text="scs rookify"), FakeVocabulary({"scs": 40, "rookify": 3}))
    assert query == Optional(Text("scs rookify"), Text("scs rookify", all_words=True, boost=1.0))


def test_term_proximity_adds_a_sloppy_phrase_when_switched_on(monkeypatch):
    from indexer import relevance
    from indexer.store.interface import AnyOf, Text

    monkeypatch.setattr(relevance, "PROXIMITY_BOOST", 1.0)
    extra = relevance.score_boosts(relevance.Plan(text="definition consensus"))
    assert extra == AnyOf((Text("definition consensus", all_words=True, boost=1.0),
                           Text('"definition consensus"~3', all_words=True, boost=1.0)))
    assert relevance.score_boosts(relevance.Plan(text='"definition consensus"')) == \
        Text('"definition consensus"', all_words=True, boost=1.0)


def test_an_acronym_long_form_counts_as_the_acronym_for_coverage():
    from indexer.relevance import Plan, coverage_marks
    from indexer.store.interface import AnyOf, Terms, Text

    marks = coverage_marks(Plan(text="dco", equivalents=[("dco", "developer certificate of origin")]),
                           FakeVocabulary({"dco": 2}))
    assert marks["dco"] == AnyOf((Terms((("body", "dco"),)), Text('"developer certificate of origin"', all_words=True)))


def test_filters_become_conditions_that_do_not_score_and_series_ignore_case():
    from indexer.relevance import make_plan, match_query
    from indexer.store.interface import AllOf, Values

    plan = make_plan(FakeVocabulary({}), "", {"series": ["iaas"]})
    assert match_query(plan, FakeVocabulary({})) == AllOf((Values("kind", ("section",)), Values("series", ("IaaS",))))


def test_idf_falls_as_a_word_gets_commoner():
    from indexer.relevance import idf

    assert idf(1, 100) > idf(50, 100) > 0
