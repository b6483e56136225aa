"""An empty response is "not answered", whatever the question type's form sends for nothing."""

from __future__ import annotations

import pytest

from trainer.services.quizzes.finishing import is_empty


@pytest.mark.parametrize(
    "response",
    [
        None,
        {},
        {"answer": None},
        {"answer": ""},
        {"choice": None},
        {"choices": []},
        {"pairs": {}},
        {"pairs": {"0": "", "1": None}},
        {"regions": []},
        {"rating": None},
    ],
)
def test_nothing_chosen_is_empty(response):
    assert is_empty(response)


@pytest.mark.parametrize(
    "response",
    [
        {"answer": "false"},
        {"answer": False},
        {"choice": "0"},
        {"choice": 0},
        {"choices": ["0"]},
        {"pairs": {"0": "", "1": "Infraspinatus"}},
        {"regions": ["neck"]},
        {"rating": "1"},
        ["not", "an", "object"],  # malformed, not empty: the grader refuses it
    ],
)
def test_any_choice_is_an_answer(response):
    assert not is_empty(response)
