"""Text analysis: compounds are found by their parts, links count for less."""
from __future__ import annotations

from pathlib import Path

from indexer.store.analysis import LINK_WEIGHT, compound_parts, text_analyzer


def index_tokens(text: str) -> list[tuple[str, float]]:
    return [(t.text, t.boost) for t in text_analyzer()(text, mode="index", positions=True, boosts=True)]


def test_a_compound_is_also_found_by_its_pieces_and_versions_by_their_prefixes():
    assert compound_parts("scs-release") == (["scs", "release"], ["scsrelease"])
    assert compound_parts("v24.03.0") == ([], ["24.03.0", "24.03"])
    words = [w for w, _ in index_tokens("OVN-Octavia 24.03.0")]
    assert {"ovn", "octavia", "24.03"} <= set(words)


def test_two_words_joined_by_a_dash_are_also_found_written_as_one():
    assert "biweekli" in [w for w, _ in index_tokens("Move meetings to a bi-weekly cadence")]
    assert compound_parts("ec2-api") == (["ec2", "api"], [])
    assert compound_parts("osism/testbed") == (["osism", "testbed"], [])


def test_words_inside_a_link_weigh_less_than_words_said_in_the_meeting():
    tokens = index_tokens("see https://docusaurus.io/docs/migration and the docs")
    link_words = [b for w, b in tokens if w == "docusauru"]
    assert link_words == [LINK_WEIGHT]
    assert sorted(b for w, b in tokens if w == "doc") == [LINK_WEIGHT, 1.0]
    assert all(b == 1.0 for w, b in tokens if w in ("see", "and", "the"))


def test_a_section_that_says_a_word_ranks_above_one_that_only_links_it(tmp_path: Path):
    from indexer.indexing import build
    from indexer.query import open_engine, search
    from tests.conftest import write_corpus

    corpus = write_corpus(tmp_path / "c", {
        "docs/20240101.md": "# Docs\n\n## Links\n\n- https://docusaurus.io\n",
        "docs/20240108.md": "# Docs\n\n## Site\n\n- we build the new site with docusaurus, as agreed last week;"
                            " the theme and the search plugin come next\n",
    })
    build(tmp_path / "index", [corpus], workers=1)
    hits = search(open_engine(tmp_path / "index"), "docusaurus").hits
    assert [h.path for h in hits] == ["docs/20240108.md", "docs/20240101.md"]


def test_a_version_is_indexed_under_its_release_lines():
    from indexer.store.analysis import release_lines, value_forms

    assert value_forms("version", "v22.2.0", index=True) == ["22.2.0", "22", "22.2"]
    assert release_lines("7.0.0c") == ["7", "7.0"]
    assert release_lines("2024.2") == ["2024"] and release_lines("r7") == [] and release_lines("yoga") == []
    assert value_forms("version", "v24.03", index=False) == ["24.03"]  # a query term is taken as typed


def test_version_filter_finds_the_releases_of_a_line(tiny_index: Path):
    from indexer.query import Filters, open_engine, search

    engine = open_engine(tiny_index)

    def found(text, **kw):
        return {(h.path, h.line) for h in search(engine, text, limit=50, **kw).hits}

    exact = found("", filters=Filters(fields={"version": ["24.03.0"]}))
    assert exact and exact <= found("version:24.03") and exact <= found("", filters=Filters(fields={"version": ["24"]}))
