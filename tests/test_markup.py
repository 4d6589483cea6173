"""Minutes Markdown as the text a reader sees (for grouping headings and naming topics)."""
from __future__ import annotations

import pytest

from indexer.markup import emojize, plain_text


@pytest.mark.parametrize("source, text", [
    ('<font color="#50c3a5">Sovereign</font> <font>Cloud Stack</font>', "Sovereign Cloud Stack"),
    ("[Copy.Fail (CVE-2026-31431)](https://copy.fail/)", "Copy.Fail (CVE-2026-31431)"),
    (":family: Participants", "Participants"),
    ("- _AI @alice: file an issue_", "AI @alice: file an issue"),
    ("x <script>alert(1)</script> y", "x y"),
    ("a < b & c", "a < b & c"),
    ("", ""),
])
def test_plain_text(source, text):
    assert plain_text(source) == text


def test_emojize_knows_common_shortcodes_and_drops_the_rest():
    assert emojize(":rocket: go :not-a-code:") == "\U0001f680 go "
