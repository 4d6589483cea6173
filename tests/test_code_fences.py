"""Fenced code: where a block opens, what lies inside, and where it closes."""
from indexer.code_fences import CODE, MARKER, OUTSIDE, fence_states


def test_a_block_closes_only_at_a_fence_of_its_own_kind():
    lines = ["text", "```yaml", "~~~", "key: 1", "```", "after", "~~~", "inside", "~~~"]
    assert fence_states(lines) == [OUTSIDE, MARKER, CODE, CODE, MARKER, OUTSIDE, MARKER, CODE, MARKER]


def test_an_unclosed_block_runs_to_the_end():
    assert fence_states(["    ```", "code"]) == [OUTSIDE, OUTSIDE]  # indented four spaces: not a fence
    assert fence_states(["```", "code", "more"]) == [MARKER, CODE, CODE]
