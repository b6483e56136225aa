"""Random guess scores per question type, per-choice counts, and the flags with their reasons."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.domain.item_analysis_matrices import matrix_a
from trainer.domain.item_analysis import (
    Attempt,
    Choice,
    ItemInfo,
    ItemMark,
    MarksError,
    analyse,
    analysis_to_dict,
    choice_counts,
    choices_from_content,
    item_flags,
    picked_choices,
    random_guess_score,
)

SINGLE = {
    "type": "single_choice",
    "choices": [
        {"text": "Infraspinatus", "correct": True},
        {"text": "Supraspinatus"},
        {"text": "Teres minor"},
        {"text": "Subscapularis"},
    ],
}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # qtype_truefalse: always 0.5.
        ({"type": "true_false", "answer": False}, 0.5),
        # qtype_multichoice (single): mean of the choices' fractions, 1 right of 4: 1/4.
        (SINGLE, 0.25),
        (
            {
                "type": "body_map",
                "mode": "identify_muscle",
                "choices": [{"text": "a", "correct": True}, {"text": "b"}, {"text": "c"}],
            },
            1 / 3,
        ),
        # qtype_multichoice (multiple answers): null.
        ({"type": "multiple_response", "choices": SINGLE["choices"]}, None),
        ({"type": "body_map", "mode": "select_regions", "regions": ["a"]}, None),
        # qtype_match: 1 / number of distinct right-hand options (rights and distractors):
        # rights "1", "2", "1" and distractor "3" give 3 options.
        (
            {
                "type": "matching",
                "pairs": [
                    {"left": "x", "right": "1"},
                    {"left": "y", "right": "2"},
                    {"left": "z", "right": "1"},
                ],
                "distractors": ["3"],
            },
            1 / 3,
        ),
        ({"type": "flashcard", "front": "?", "back": "!"}, None),
        ({"type": "no_such_type"}, None),
    ],
)
def test_random_guess_score_follows_moodle_per_type(content, expected):
    assert random_guess_score(content) == (None if expected is None else pytest.approx(expected))


def test_single_choice_guess_uses_the_graders_fractions():
    """Two choices flagged correct in a single-choice item: our grader gives 0 for either
    single pick (it wants both), so the mean fraction is 0 -- the grader decides, not a count."""
    content = {
        "type": "single_choice",
        "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
    }
    assert random_guess_score(content) == 0.0


def test_choices_from_content():
    assert choices_from_content(SINGLE)[0] == Choice("0", True, "Infraspinatus")
    assert [c.correct for c in choices_from_content(SINGLE)] == [True, False, False, False]
    assert choices_from_content({"type": "true_false", "answer": False}) == (
        Choice("true", False, "True"),
        Choice("false", True, "False"),
    )
    assert choices_from_content({"type": "flashcard"}) == ()


def test_picked_choices_read_responses_as_the_grader_does():
    multiple = {"type": "multiple_response", "choices": SINGLE["choices"]}
    true_false = {"type": "true_false", "answer": True}
    assert picked_choices(SINGLE, {"choice": "2"}) == frozenset({"2"})
    assert picked_choices(multiple, {"choices": [0, "3", 0]}) == frozenset({"0", "3"})
    assert picked_choices(multiple, {"choices": []}) == frozenset()
    assert picked_choices(true_false, {"answer": "false"}) == frozenset({"false"})
    assert picked_choices(SINGLE, None) == frozenset()  # not answered: picked nothing
    assert picked_choices(SINGLE, {"choice": 9}) is None  # refused by the grader: unknown
    assert picked_choices({"type": "flashcard"}, {"rating": 3}) is None


def test_choice_counts_and_frequencies():
    """Picks over 6 attempts, one unknown (None, left out): s = 5.
    "0" picked 3 times (3/5 = .6), "1" once (.2), "2" and "3" never; one empty pick."""
    picks = [
        frozenset({"0"}),
        frozenset({"0"}),
        frozenset({"1"}),
        frozenset(),
        None,
        frozenset({"0"}),
    ]
    counts = choice_counts("q", choices_from_content(SINGLE), picks)
    assert counts.s == 5
    assert [(c.id, c.count, c.frequency) for c in counts.choices] == [
        ("0", 3, 0.6),
        ("1", 1, 0.2),
        ("2", 0, 0.0),
        ("3", 0, 0.0),
    ]
    assert counts.no_response == 1
    assert [c.id for c in counts.unpicked_distractors] == ["2", "3"]


def test_choice_counts_refuse_unknown_choices():
    with pytest.raises(MarksError, match=r"picked choice\(s\) \['9'\]"):
        choice_counts("q", choices_from_content(SINGLE), [frozenset({"9"})])


def test_unpicked_distractors_are_flagged_through_analyse():
    picks = ["0", "0", "1", "0"]
    attempts = [
        Attempt(
            f"a{i}",
            {"q": ItemMark(1.0 if p == "0" else 0.0, 1.0, frozenset({p})), "r": ItemMark(i % 2, 1)},
        )
        for i, p in enumerate(picks)
    ]
    info = {
        "q": ItemInfo(
            random_guess_score=random_guess_score(SINGLE), choices=choices_from_content(SINGLE)
        )
    }
    report = {r.item: r for r in analyse(attempts, info=info).items}["q"]
    assert report.random_guess_score == 0.25
    unpicked = [f for f in report.flags if f.code == "unpicked_distractor"]
    assert [f.reason for f in unpicked] == [
        "distractor '2' (Teres minor) was picked in none of 4 attempt(s)",
        "distractor '3' (Subscapularis) was picked in none of 4 attempt(s)",
    ]
    as_json = analysis_to_dict(analyse(attempts, info=info))["items"]["q"]
    assert as_json["choices"]["0"] == {
        "label": "Infraspinatus",
        "correct": True,
        "count": 3,
        "frequency": 0.75,
    }
    assert as_json["no_response"] == 0


def test_no_distractor_flag_without_attempts_or_choices():
    counts = choice_counts("q", choices_from_content(SINGLE), [None, None])
    assert counts.s == 0 and counts.unpicked_distractors == ()


def _stats(**changes):
    base = {r.item: r for r in analyse(matrix_a()).items}["q1"].statistics
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({"facility": 0.95}, []),  # not above 0.95
        ({"facility": 0.9501}, ["too_easy"]),
        ({"facility": 0.20}, []),  # not below 0.20
        ({"facility": 0.1999}, ["too_hard"]),
        ({"facility": 1.0, "s": 1}, []),  # Moodle shows no facility below 2 attempts
        ({"discriminative_efficiency": 15.0}, []),  # Moodle: dubious when < 15
        ({"discriminative_efficiency": 14.99}, ["dubious"]),
        ({"discriminative_efficiency": None}, []),
        ({"discrimination_index": 0.0}, []),
        ({"discrimination_index": -0.01}, ["negative_discrimination"]),
        ({"discrimination_index": None}, []),
    ],
)
def test_flag_thresholds(changes, codes):
    assert [f.code for f in item_flags(_stats(**changes))] == codes


def test_flag_reasons_say_why():
    (easy,) = item_flags(_stats(facility=0.97))
    assert easy.reason == "facility 97.0% is above 95%"
    (hard,) = item_flags(_stats(facility=0.1))
    assert hard.reason == "facility 10.0% is below 20%"
    (dubious,) = item_flags(_stats(discriminative_efficiency=12.34))
    assert dubious.reason == "discriminative efficiency 12.3% is below 15% (dubious)"
