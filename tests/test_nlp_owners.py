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
])
def test_owner_in_any_position(text, owners):
    assert find_owners(text, PEOPLE) == owners


@pytest.mark.parametrize("text", ["We will do it next week", "This will need a review", "All to review the PR",
                                  "Next step: write the doc"])
def test_groups_and_sentence_openers_are_no_owners(text):
    assert find_owners(text, PEOPLE) == []


def test_a_first_name_shared_by_two_people_is_not_guessed():
    forms = people_forms({"Anna Berg": "anna-b", "Anna Roth": "anna-r"})
    assert "anna" not in forms
