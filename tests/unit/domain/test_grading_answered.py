"""is_empty_response: "not answered" is told apart from "answered wrongly", for every type."""

from __future__ import annotations

import pytest

from tests.unit.domain.test_grading import (
    FLASHCARD,
    IDENTIFY,
    MATCHING,
    MULTIPLE,
    SELECT_REGIONS,
    SINGLE,
    TRUE_FALSE,
)
from trainer.domain import grading
from trainer.domain.grading import is_empty_response, not_answered_message


@pytest.mark.parametrize(
    ("content", "response"),
    [
        (MULTIPLE, {"choices": []}),
        (MULTIPLE, {}),
        (SELECT_REGIONS, {"regions": []}),
        (SELECT_REGIONS, {"regions": None}),
        (MATCHING, {"pairs": {}}),
        (MATCHING, {"pairs": {"0": "", "1": None}}),
        (SINGLE, {"choice": None}),
        (IDENTIFY, {}),
        (TRUE_FALSE, {"answer": ""}),
        (FLASHCARD, {}),
        (MULTIPLE, None),  # no response at all, as a quiz stores "not answered"
    ],
)
def test_nothing_chosen_is_empty(content, response):
    assert is_empty_response(content, response)


@pytest.mark.parametrize(
    ("content", "response"),
    [
        (MULTIPLE, {"choices": [0]}),
        (SELECT_REGIONS, {"regions": ["not-a-right-region"]}),
        (MATCHING, {"pairs": {"0": "", "1": MATCHING["pairs"][1]["right"]}}),  # partly answered
        (SINGLE, {"choice": 0}),
        (TRUE_FALSE, {"answer": False}),
        (FLASHCARD, {"rating": 1}),
        (MULTIPLE, "not an object"),  # malformed is the grader's to refuse, not "empty"
    ],
)
def test_any_answer_is_not_empty(content, response):
    assert not is_empty_response(content, response)


def test_graders_still_grade_an_empty_response():
    """The rule lives with the callers: grading an empty answer stays possible (score 0)."""
    result = grading.grade(MULTIPLE, {"choices": []}, duration_ms=1000)
    assert result.score == 0 and not result.correct


def test_messages_ask_for_what_is_missing():
    assert not_answered_message(MULTIPLE) == "Choose at least one answer."
    assert not_answered_message(SELECT_REGIONS) == "Choose at least one region."
    assert not_answered_message(MATCHING) == "Choose at least one match."
