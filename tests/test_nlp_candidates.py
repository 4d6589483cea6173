"""Candidate items: one per bullet or prose line, wrapped items whole, code/quotes/tables never."""
from indexer.nlp.candidates import candidates, mask

SECTION = """## Storage backend
- Longhorn vs. Rook: we talked about both options and
  decided to keep Rook as the default
  - follow-up benchmark next month
- [x] Jo to file the snapshot bug
```
- AI @bot: this is code, not a task
```
> Decision: quoted from the bot, not ours
| item | status |
| --- | --- |
| AI: upgrade | done |
Plain prose line that
goes on in lower case.
"""


def test_wrapped_bullet_is_one_item_with_its_whole_text():
    found = candidates(mask(SECTION), 1, "Storage backend")
    first = found[0]
    assert (first.index, first.end) == (1, 2)
    assert first.text.endswith("decided to keep Rook as the default")


def test_child_knows_its_parent_and_heading():
    child = candidates(mask(SECTION), 1, "Storage backend")[1]
    assert child.depth == 1 and child.parent.startswith("Longhorn vs. Rook") and child.heading == "Storage backend"


def test_ticked_box_is_read_and_dropped_from_the_text():
    box = candidates(mask(SECTION), 1, "x")[2]
    assert box.checkbox == "x" and box.text == "Jo to file the snapshot bug"


def test_code_quotes_and_tables_are_never_items():
    texts = " ".join(c.text for c in candidates(mask(SECTION), 1, "x"))
    assert "@bot" not in texts and "quoted" not in texts and "upgrade" not in texts and "status" not in texts


def test_prose_wrapped_in_lower_case_is_one_item():
    last = candidates(mask(SECTION), 1, "x")[-1]
    assert last.text == "Plain prose line that goes on in lower case."


def test_mask_keeps_the_line_count():
    assert mask(SECTION).count("\n") == SECTION.count("\n")
