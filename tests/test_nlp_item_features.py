"""What the item model reads: cue words found where a reader sees them, context read once per section."""
from indexer.nlp.candidates import candidates
from indexer.nlp.item_features import FeatureWriter, cue_tokens


def test_cue_phrases_are_found_at_word_starts_only():
    assert cue_tokens("No   objections, merged today") == ["cue_agree", "cue_report"]
    assert cue_tokens("+1 from me") == ["cue_agree"]
    assert cue_tokens("I THINK we should wait") == ["cue_opinion", "cue_past"]
    assert cue_tokens("they disagree, nothing decidedly new") == []  # inside a word, or another word
    assert cue_tokens("Rejected twice") == ["cue_agree"]  # "reject*" is a prefix


def test_candidates_of_a_section_share_its_heading_and_parent_tokens():
    section = "## Action items\n- Release:\n  - Ana will tag 2.0\n  - Bo to write the notes\n"
    writer = FeatureWriter({})
    texts = [writer.features(c, None, False, []) for c in candidates(section, 1, "Action items")]
    assert texts == [
        "release : | first_release depth_0 bullet len_0 pos_0 sib_0 hd_action hd_items hd_cue_task name_colon",
        "ana will tag 0 | first_ana depth_1 bullet len_1 pos_1 sib_1 hd_action hd_items pa_release pa_colon "
        "cue_task hd_cue_task",
        "bo to write the notes | first_bo depth_1 bullet len_1 pos_1 sib_1 hd_action hd_items pa_release "
        "pa_colon cue_task hd_cue_task",
    ]
