"""Owners of an action in every position minutes write them."""
import pytest

from indexer.nlp.owners import find_owners, people_forms

PEOPLE = people_forms({"Niko Matsakis": "nikomatsakis", "nikomatsakis": "nikomatsakis",
                       "Michael Dawson": "mhdawson", "mdawson": "mhdawson"})


@pytest.mark.parametrize("text, owners", [
    ("AI @garloff: write the release notes", ["garloff"]),
    ("Action (Kurt): ping the upstream maintainers", ["Kurt"]),
    ("niko to write up a summary", ["nikomatsakis"]),  # a lower-case nickname of an attendee
    ("Michael will open a PR", ["mhdawson"]),  # a first name of one attendee
    ("Write the blog post - Michael", ["mhdawson"]),
    ("Write the blog post (@mhdawson)", ["mhdawson"]),
    ("=> @berendt", ["berendt"]),
    ("Review the governance doc: Chris", ["Chris"]),
    ("MDawson & Myles can take on the action item", ["mhdawson", "Myles"]),
    ("action item: scott to leave a comment", ["scott"]),  # a lower-case name after a marker
    ("Pending action item: qlin to look at the report", ["qlin"]),
    ("Pending action item: qlin", ["qlin"]),
    ("qlin to post a comment on the RFC", ["qlin"]),  # a lower-case handle, then a task verb
    ("Assigned to qlin", ["qlin"]),
    ("ACTION_ITEM: Adam to add the section to the template", ["Adam"]),
    ("Kris - will send an email to the projects list", ["Kris"]),
    ("@crob+Sarah+Jessica - add a preamble to the doc", ["crob", "Sarah", "Jessica"]),
    ("No update. Tobie to follow up.", ["Tobie"]),
    ("Action Item to Brian Warner: message about the first meeting", ["Brian Warner"]),
    ("Action Item (Kurt): ping the maintainers", ["Kurt"]),
    ("Actions: Kurt to capture the feedback", ["Kurt"]),
    ("Michael -> need to check for new comments", ["mhdawson"]),
    ("Eemeli, will submit a PR to remove it", ["Eemeli"]),
    ("Hold on this while the infra work happens, Robin will comment", ["Robin"]),
])
def test_owner_in_any_position(text, owners):
    assert find_owners(text, PEOPLE) == owners


@pytest.mark.parametrize("text", ["We will do it next week", "This will need a review", "All to review the PR",
                                  "Next step: write the doc", "TODO: add to the list", "AI: good to know",
                                  "ok to merge once CI passes", "AI, unrelated: examine the issues", "decided to post it later", "need to review it",
                                  "Discussed it. This will be fine",
                                  "Instructions will be sent out next Monday", "Done. Slides will be shared"])
def test_groups_and_sentence_openers_are_no_owners(text):
    assert find_owners(text, PEOPLE) == []


def test_a_first_name_shared_by_two_people_is_not_guessed():
    forms = people_forms({"Anna Berg": "anna-b", "Anna Roth": "anna-r"})
    assert "anna" not in forms
