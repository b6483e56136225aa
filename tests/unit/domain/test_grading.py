"""Grading: the question-type registry, presentation, scores, proposed ratings, validation.

Content fixtures are small literal dicts in the ``Item.to_content()`` form described in
question_bank/README.md. No app is needed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from trainer.domain import grading
from trainer.domain.grading import (
    GRADERS,
    PARTIAL_THRESHOLD,
    QUICK_MS,
    ChoiceDetail,
    GradeResult,
    InvalidResponse,
    MatchingDetail,
    Presentation,
    RegionDetail,
    TrueFalseDetail,
    UnknownItemType,
    grade,
    grader_for,
    present,
    propose_rating,
    type_key,
)
from trainer.domain.scheduling import Rating

REFS = [{"key": "namtpt", "where": "Upper trapezius"}]

FLASHCARD: dict[str, Any] = {
    "type": "flashcard",
    "difficulty": 1,
    "prompt": "What is a latent trigger point?",
    "answer": "One that is tender on palpation but does not cause spontaneous pain.",
    "explanation": "Latent points are painful only when pressed.",
    "references": REFS,
}

TRUE_FALSE: dict[str, Any] = {
    "type": "true_false",
    "difficulty": 1,
    "prompt": "A latent trigger point causes spontaneous pain.",
    "answer": False,
    "explanation": "Latent points are painful only when pressed.",
    "references": REFS,
}

SINGLE: dict[str, Any] = {
    "type": "single_choice",
    "difficulty": 2,
    "tags": ["headache", "upper-trapezius"],
    "muscle": "upper-trapezius",
    "prompt": "Which region does the upper trapezius refer to?",
    "choices": [
        {"text": "Temple", "correct": True, "feedback": "Yes: temple and posterior neck."},
        {"text": "Heel", "feedback": "No: that is far from the neck."},
        {"text": "Thumb"},
        {"text": "Sole of the foot"},
    ],
    "explanation": "Teaches the point.",
    "references": REFS,
}

MULTIPLE: dict[str, Any] = {
    "type": "multiple_response",
    "difficulty": 2,
    "prompt": "Which regions does the upper trapezius refer to? Select all that apply.",
    "choices": [
        {"text": "Temple", "correct": True, "feedback": "Right."},
        {"text": "Posterior neck", "correct": True},
        {"text": "Angle of the jaw", "correct": True},
        {"text": "Heel", "feedback": "Too far away."},
        {"text": "Thumb"},
    ],
    "explanation": "Teaches the point.",
    "references": REFS,
}

MATCHING: dict[str, Any] = {
    "type": "matching",
    "difficulty": 2,
    "prompt": "Match each finding with the kind of trigger point.",
    "pairs": [
        {"left": "Spontaneous pain", "right": "Active"},
        {"left": "Pain only when pressed", "right": "Latent"},
        {"left": "Reproduces the familiar complaint", "right": "Active"},
    ],
    "distractors": ["Satellite-free"],
    "explanation": "Teaches the point.",
    "references": REFS,
}

SELECT_REGIONS: dict[str, Any] = {
    "type": "body_map",
    "mode": "select_regions",
    "difficulty": 2,
    "muscle": "upper-trapezius",
    "prompt": "Select the referral zone of the upper trapezius.",
    "regions": ["posterior-neck", "temple", "jaw-angle", "mastoid"],
    "explanation": "Teaches the point.",
    "references": REFS,
}

IDENTIFY: dict[str, Any] = {
    "type": "body_map",
    "mode": "identify_muscle",
    "difficulty": 2,
    "prompt": "Which muscle refers to the shaded zone?",
    "regions": ["temple", "posterior-neck"],
    "choices": [
        {"muscle": "gluteus-minimus"},
        {"muscle": "upper-trapezius", "correct": True, "feedback": "Its classic headache map."},
        {"muscle": "infraspinatus", "feedback": "That refers to the front of the shoulder."},
    ],
    "explanation": "Teaches the point.",
    "references": REFS,
}

ALL_CONTENT = {
    "flashcard": FLASHCARD,
    "true_false": TRUE_FALSE,
    "single_choice": SINGLE,
    "multiple_response": MULTIPLE,
    "matching": MATCHING,
    "body_map:select_regions": SELECT_REGIONS,
    "body_map:identify_muscle": IDENTIFY,
}

SLOW = 30_000  # ms: not quick


def g(content: dict[str, Any], response: Any, **kwargs: Any) -> GradeResult:
    kwargs.setdefault("duration_ms", SLOW)
    return grade(content, response, **kwargs)


# --- registry -----------------------------------------------------------------------------------


def test_registry_holds_every_type() -> None:
    assert set(GRADERS) == set(ALL_CONTENT)


@pytest.mark.parametrize("key", sorted(ALL_CONTENT))
def test_grader_for_finds_each_type(key: str) -> None:
    content = ALL_CONTENT[key]
    assert type_key(content) == key
    assert grader_for(content) is GRADERS[key]
    assert grader_for(content).key == key


@pytest.mark.parametrize(
    "content",
    [
        {"type": "essay"},
        {"type": "body_map", "mode": "draw"},
        {"type": "body_map"},
        {},
    ],
)
def test_unknown_type_is_rejected_with_the_known_keys(content: dict[str, Any]) -> None:
    with pytest.raises(UnknownItemType, match="no grader for question type") as err:
        grader_for(content)
    assert "single_choice" in str(err.value)


def test_registering_a_key_twice_is_refused() -> None:
    class Again(grading.Grader):
        key = "single_choice"

        def evaluate(self, content, response):  # pragma: no cover - never called
            raise AssertionError

    with pytest.raises(ValueError, match="already registered"):
        grading.register(Again)
    assert type(GRADERS["single_choice"]).__name__ == "SingleChoiceGrader"


def test_graders_need_no_app_and_content_is_not_mutated() -> None:
    before = {k: repr(v) for k, v in ALL_CONTENT.items()}
    g(MATCHING, {"pairs": {"0": "Active"}})
    g(MULTIPLE, {"choices": [0, 0, 3]})
    present(MATCHING, 1)
    present(SINGLE, 1)
    assert {k: repr(v) for k, v in ALL_CONTENT.items()} == before


# --- presentation -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [SINGLE, MULTIPLE, IDENTIFY])
def test_choices_are_a_permutation_deterministic_per_seed(content: dict[str, Any]) -> None:
    first = present(content, 42)
    assert present(content, 42) == first
    assert sorted(first.choice_order) == list(range(len(content["choices"])))
    assert first.right_options == ()
    orders = {present(content, seed).choice_order for seed in range(30)}
    assert len(orders) > 1


def test_matching_options_are_distinct_rights_and_distractors_shuffled() -> None:
    first = present(MATCHING, 7)
    assert present(MATCHING, 7) == first
    assert first.choice_order == ()
    assert sorted(first.right_options) == ["Active", "Latent", "Satellite-free"]
    assert len({present(MATCHING, seed).right_options for seed in range(30)}) > 1


@pytest.mark.parametrize("content", [FLASHCARD, TRUE_FALSE, SELECT_REGIONS])
def test_items_without_choices_have_nothing_to_shuffle(content: dict[str, Any]) -> None:
    assert present(content, 3) == Presentation()


def test_present_does_not_touch_global_random() -> None:
    import random

    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    present(SINGLE, 5)
    present(MATCHING, 5)
    assert random.random() == expected


@pytest.mark.parametrize("seed", ["5", 5.0, True, None])
def test_present_needs_an_int_seed(seed: Any) -> None:
    with pytest.raises(TypeError, match="seed must be an int"):
        present(SINGLE, seed)


@pytest.mark.parametrize("seed", range(12))
def test_grading_is_independent_of_presentation(seed: int) -> None:
    # The UI shows the shuffled order and maps the learner's pick back to the original index.
    shown = present(SINGLE, seed).choice_order
    picked_display_position = next(
        pos for pos, i in enumerate(shown) if SINGLE["choices"][i].get("correct")
    )
    result = g(SINGLE, {"choice": shown[picked_display_position]})
    assert result == g(SINGLE, {"choice": 0})
    assert result.correct

    # Matching: the learner picks a displayed position per left; the UI sends that option's text.
    options = present(MATCHING, seed).right_options
    positions = [options.index(p["right"]) for p in MATCHING["pairs"]]
    answer = {str(left): options[pos] for left, pos in enumerate(positions)}
    assert g(MATCHING, {"pairs": answer}) == g(
        MATCHING, {"pairs": {"0": "Active", "1": "Latent", "2": "Active"}}
    )


# --- flashcard ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rating", list(Rating))
def test_flashcard_is_self_rated(rating: Rating) -> None:
    result = grade(FLASHCARD, {"rating": int(rating)}, duration_ms=100, too_easy=True)
    assert result.self_rated
    assert result.proposed_rating is rating
    assert result.correct == (rating != Rating.AGAIN)
    assert result.score == (0.0 if rating == Rating.AGAIN else 1.0)
    assert result.detail is None


def test_flashcard_rating_may_come_from_a_form() -> None:
    assert g(FLASHCARD, {"rating": "3"}).proposed_rating is Rating.GOOD


@pytest.mark.parametrize("rating", [0, 5, -1, True, 2.0, "good", None, "4.0"])
def test_flashcard_rating_out_of_range(rating: Any) -> None:
    with pytest.raises(InvalidResponse, match=r"rating must be 1 \(Again\)"):
        g(FLASHCARD, {"rating": rating})


# --- true/false ---------------------------------------------------------------------------------


def test_true_false_right_and_wrong() -> None:
    right = g(TRUE_FALSE, {"answer": False})
    assert (right.correct, right.score, right.proposed_rating) == (True, 1.0, Rating.GOOD)
    assert right.detail == TrueFalseDetail(expected=False, given=False)
    wrong = g(TRUE_FALSE, {"answer": True})
    assert (wrong.correct, wrong.score, wrong.proposed_rating) == (False, 0.0, Rating.AGAIN)
    assert not wrong.self_rated


@pytest.mark.parametrize(("text", "correct"), [("false", True), ("False", True), ("true", False)])
def test_true_false_accepts_form_strings(text: str, correct: bool) -> None:
    assert g(TRUE_FALSE, {"answer": text}).correct is correct


# --- single choice and identify muscle ----------------------------------------------------------


def test_single_choice_right_with_feedback() -> None:
    result = g(SINGLE, {"choice": 0})
    assert (result.correct, result.score, result.proposed_rating) == (True, 1.0, Rating.GOOD)
    assert result.type_key == "single_choice"
    assert result.detail == ChoiceDetail(
        correct=frozenset({0}),
        chosen=frozenset({0}),
        feedback=((0, "Yes: temple and posterior neck."),),
    )


def test_single_choice_wrong_shows_the_right_one_and_the_feedback() -> None:
    result = g(SINGLE, {"choice": "1"})
    assert (result.correct, result.score, result.proposed_rating) == (False, 0.0, Rating.AGAIN)
    detail = result.detail
    assert isinstance(detail, ChoiceDetail)
    assert detail.correct == {0}
    assert detail.chosen == {1}
    assert detail.wrong == {1}
    assert detail.missed == {0}
    assert detail.feedback == ((1, "No: that is far from the neck."),)


def test_single_choice_without_feedback() -> None:
    result = g(SINGLE, {"choice": 2})
    assert not result.correct
    assert result.detail.feedback == ()


def test_identify_muscle_right_and_wrong() -> None:
    right = g(IDENTIFY, {"choice": 1})
    assert (right.correct, right.proposed_rating) == (True, Rating.GOOD)
    assert right.type_key == "body_map:identify_muscle"
    assert right.detail.feedback == ((1, "Its classic headache map."),)
    wrong = g(IDENTIFY, {"choice": 2})
    assert (wrong.correct, wrong.score, wrong.proposed_rating) == (False, 0.0, Rating.AGAIN)
    assert wrong.detail.correct == {1}
    assert wrong.detail.feedback == ((2, "That refers to the front of the shoulder."),)


# --- multiple response --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "score", "rating"),
    [
        ([0, 1, 2], 1.0, Rating.GOOD),  # exactly right
        ([2, 0, 1], 1.0, Rating.GOOD),  # order does not matter
        ([0, 1], 2 / 3, Rating.HARD),  # one missed
        ([0, 1, 2, 3], 2 / 3, Rating.HARD),  # all right plus one wrong
        ([0], 1 / 3, Rating.AGAIN),  # one of three
        ([0, 1, 3], 1 / 3, Rating.AGAIN),  # two right, one wrong
        ([0, 1, 2, 3, 4], 1 / 3, Rating.AGAIN),  # everything
        ([0, 3, 4], 0.0, Rating.AGAIN),  # floored at 0
        ([3, 4], 0.0, Rating.AGAIN),  # only wrong ones
        ([], 0.0, Rating.AGAIN),  # nothing
    ],
)
def test_multiple_response_scores(chosen: list[int], score: float, rating: Rating) -> None:
    result = g(MULTIPLE, {"choices": chosen})
    assert result.score == pytest.approx(score)
    assert result.proposed_rating is rating
    assert result.correct == (score == 1.0)


def test_multiple_response_detail_and_feedback() -> None:
    result = g(MULTIPLE, {"choices": [0, 3, 4]})
    detail = result.detail
    assert isinstance(detail, ChoiceDetail)
    assert detail.correct == {0, 1, 2}
    assert detail.chosen == {0, 3, 4}
    assert detail.hits == {0}
    assert detail.missed == {1, 2}
    assert detail.wrong == {3, 4}
    assert detail.feedback == ((0, "Right."), (3, "Too far away."))


def test_multiple_response_repeats_count_once() -> None:
    assert g(MULTIPLE, {"choices": [0, 0, "0", 1, 1]}) == g(MULTIPLE, {"choices": [0, 1]})
    assert g(MULTIPLE, {"choices": [0, 1, 2, 2, 2]}).correct
    # a wrong pick repeated is still one wrong pick
    assert g(MULTIPLE, {"choices": [0, 1, 2, 3, 3, 3]}).score == pytest.approx(2 / 3)


def test_multiple_response_accepts_a_tuple() -> None:
    assert g(MULTIPLE, {"choices": (0, 1, 2)}).correct


# --- matching -----------------------------------------------------------------------------------

ALL_RIGHT = {"0": "Active", "1": "Latent", "2": "Active"}


def test_matching_all_right() -> None:
    result = g(MATCHING, {"pairs": ALL_RIGHT})
    assert (result.correct, result.score, result.proposed_rating) == (True, 1.0, Rating.GOOD)
    detail = result.detail
    assert isinstance(detail, MatchingDetail)
    assert detail.right_lefts == {0, 1, 2}
    assert detail.wrong_lefts == frozenset()
    assert [r.expected for r in detail.rows] == ["Active", "Latent", "Active"]
    assert [r.left for r in detail.rows] == [p["left"] for p in MATCHING["pairs"]]


def test_matching_partial_is_hard_and_shows_the_correct_right() -> None:
    result = g(MATCHING, {"pairs": {"0": "Active", "1": "Active", "2": "Active"}})
    assert result.score == pytest.approx(2 / 3)
    assert (result.correct, result.proposed_rating) == (False, Rating.HARD)
    detail = result.detail
    assert detail.right_lefts == {0, 2}
    assert detail.wrong_lefts == {1}
    row = detail.rows[1]
    assert (row.left_index, row.given, row.expected, row.correct) == (1, "Active", "Latent", False)


def test_matching_mostly_wrong_is_again() -> None:
    result = g(MATCHING, {"pairs": {"0": "Latent", "1": "Satellite-free", "2": "Active"}})
    assert result.score == pytest.approx(1 / 3)
    assert result.proposed_rating is Rating.AGAIN
    assert result.detail.right_lefts == {2}


def test_matching_all_wrong() -> None:
    result = g(MATCHING, {"pairs": {"0": "Latent", "1": "Active", "2": "Satellite-free"}})
    assert (result.correct, result.score, result.proposed_rating) == (False, 0.0, Rating.AGAIN)


@pytest.mark.parametrize("blank", [None, ""])
def test_matching_unanswered_lefts_are_wrong(blank: Any) -> None:
    result = g(MATCHING, {"pairs": {"0": "Active", "1": "Latent", "2": blank}})
    assert result.score == pytest.approx(2 / 3)
    assert result.detail.rows[2].given is None
    missing = g(MATCHING, {"pairs": {"0": "Active", "1": "Latent"}})
    assert missing == result
    empty = g(MATCHING, {"pairs": {}})
    assert (empty.score, empty.proposed_rating) == (0.0, Rating.AGAIN)


def test_matching_keys_may_be_ints_or_strings_and_agreeing_repeats_are_fine() -> None:
    assert g(MATCHING, {"pairs": {0: "Active", 1: "Latent", 2: "Active"}}).correct
    assert g(MATCHING, {"pairs": {**ALL_RIGHT, 0: "Active"}}).correct


# --- select regions -----------------------------------------------------------------------------

NECK = ["posterior-neck", "temple", "jaw-angle", "mastoid"]


@pytest.mark.parametrize(
    ("regions", "score", "rating"),
    [
        (NECK, 1.0, Rating.GOOD),
        (list(reversed(NECK)), 1.0, Rating.GOOD),
        (NECK[:3], 0.75, Rating.HARD),  # one missed
        (NECK[:2], 0.5, Rating.HARD),  # half: the lowest Hard
        ([*NECK, "heel"], 0.75, Rating.HARD),  # all plus one extra
        ([*NECK[:3], "heel"], 0.5, Rating.HARD),
        (NECK[:1], 0.25, Rating.AGAIN),
        ([*NECK[:2], "heel"], 0.25, Rating.AGAIN),
        (["heel", "sole"], 0.0, Rating.AGAIN),
        ([], 0.0, Rating.AGAIN),
    ],
)
def test_select_regions_scores(regions: list[str], score: float, rating: Rating) -> None:
    result = g(SELECT_REGIONS, {"regions": regions})
    assert result.score == pytest.approx(score)
    assert result.proposed_rating is rating
    assert result.correct == (score == 1.0)


def test_select_regions_detail() -> None:
    result = g(SELECT_REGIONS, {"regions": ["temple", "mastoid", "heel", "sole"]})
    detail = result.detail
    assert isinstance(detail, RegionDetail)
    assert detail.hit == {"temple", "mastoid"}
    assert detail.missed == {"posterior-neck", "jaw-angle"}
    assert detail.wrong == {"heel", "sole"}
    assert detail.expected == set(NECK)
    assert result.score == 0.0


def test_select_regions_repeats_count_once() -> None:
    assert g(SELECT_REGIONS, {"regions": [*NECK, "temple", "temple"]}).correct
    assert g(SELECT_REGIONS, {"regions": [*NECK, "heel", "heel", "heel"]}).score == 0.75


def test_select_regions_unknown_but_well_formed_id_is_a_wrong_pick() -> None:
    result = g(SELECT_REGIONS, {"regions": [*NECK, "no-such-region"]})
    assert result.detail.wrong == {"no-such-region"}
    assert result.proposed_rating is Rating.HARD


# --- the rating mapping -------------------------------------------------------------------------

RIGHT_ANSWERS = [
    (TRUE_FALSE, {"answer": False}),
    (SINGLE, {"choice": 0}),
    (MULTIPLE, {"choices": [0, 1, 2]}),
    (MATCHING, {"pairs": ALL_RIGHT}),
    (SELECT_REGIONS, {"regions": NECK}),
    (IDENTIFY, {"choice": 1}),
]
PARTIAL_ANSWERS = [
    (MULTIPLE, {"choices": [0, 1]}),
    (MATCHING, {"pairs": {"0": "Active", "1": "Latent"}}),
    (SELECT_REGIONS, {"regions": NECK[:3]}),
]
WRONG_ANSWERS = [
    (TRUE_FALSE, {"answer": True}),
    (SINGLE, {"choice": 1}),
    (MULTIPLE, {"choices": [3]}),
    (MATCHING, {"pairs": {"0": "Latent"}}),
    (SELECT_REGIONS, {"regions": ["heel"]}),
    (IDENTIFY, {"choice": 0}),
]


def _ids(cases: list[tuple[dict[str, Any], Any]]) -> list[str]:
    return [type_key(content) for content, _ in cases]


@pytest.mark.parametrize(("content", "response"), RIGHT_ANSWERS, ids=_ids(RIGHT_ANSWERS))
@pytest.mark.parametrize(
    ("duration_ms", "too_easy", "rating"),
    [
        (0, True, Rating.EASY),
        (QUICK_MS, True, Rating.EASY),  # the boundary is quick
        (QUICK_MS + 1, True, Rating.GOOD),  # not quick
        (60_000, True, Rating.GOOD),
        (1_000, False, Rating.GOOD),  # quick but not marked too easy
        (60_000, False, Rating.GOOD),
    ],
)
def test_right_answers_are_good_or_easy_only_when_quick_and_too_easy(
    content: dict[str, Any], response: Any, duration_ms: int, too_easy: bool, rating: Rating
) -> None:
    result = grade(content, response, duration_ms=duration_ms, too_easy=too_easy)
    assert result.correct
    assert result.score == 1.0
    assert result.proposed_rating is rating


@pytest.mark.parametrize(("content", "response"), PARTIAL_ANSWERS, ids=_ids(PARTIAL_ANSWERS))
@pytest.mark.parametrize(("duration_ms", "too_easy"), [(0, True), (1_000, False), (60_000, True)])
def test_partial_answers_are_hard_never_easy(
    content: dict[str, Any], response: Any, duration_ms: int, too_easy: bool
) -> None:
    result = grade(content, response, duration_ms=duration_ms, too_easy=too_easy)
    assert not result.correct
    assert PARTIAL_THRESHOLD <= result.score < 1
    assert result.proposed_rating is Rating.HARD


@pytest.mark.parametrize(("content", "response"), WRONG_ANSWERS, ids=_ids(WRONG_ANSWERS))
@pytest.mark.parametrize(("duration_ms", "too_easy"), [(0, True), (60_000, False)])
def test_wrong_answers_are_again(
    content: dict[str, Any], response: Any, duration_ms: int, too_easy: bool
) -> None:
    result = grade(content, response, duration_ms=duration_ms, too_easy=too_easy)
    assert not result.correct
    assert result.score < PARTIAL_THRESHOLD
    assert result.proposed_rating is Rating.AGAIN


@pytest.mark.parametrize(
    ("correct", "score", "partial_credit", "duration_ms", "too_easy", "rating"),
    [
        (True, 1.0, False, QUICK_MS, True, Rating.EASY),
        (True, 1.0, True, QUICK_MS, True, Rating.EASY),
        (True, 1.0, False, QUICK_MS + 1, True, Rating.GOOD),
        (True, 1.0, False, 0, False, Rating.GOOD),
        (False, 0.99, True, 0, True, Rating.HARD),
        (False, PARTIAL_THRESHOLD, True, 0, True, Rating.HARD),
        (False, 0.49, True, 0, True, Rating.AGAIN),
        (False, 0.0, True, 0, True, Rating.AGAIN),
        (False, 0.99, False, 0, True, Rating.AGAIN),  # no partial credit: all or nothing
    ],
)
def test_propose_rating_table(
    correct: bool,
    score: float,
    partial_credit: bool,
    duration_ms: int,
    too_easy: bool,
    rating: Rating,
) -> None:
    got = propose_rating(
        correct=correct,
        score=score,
        partial_credit=partial_credit,
        duration_ms=duration_ms,
        too_easy=too_easy,
    )
    assert got is rating


def test_only_the_three_partial_types_give_partial_credit() -> None:
    partial = {key for key, grader in GRADERS.items() if grader.partial_credit}
    assert partial == {"multiple_response", "matching", "body_map:select_regions"}


def test_too_easy_defaults_to_false() -> None:
    assert grade(SINGLE, {"choice": 0}, duration_ms=0).proposed_rating is Rating.GOOD


@pytest.mark.parametrize(
    ("duration_ms", "error", "message"),
    [
        (-1, ValueError, "must not be negative"),
        (1.5, TypeError, "duration_ms must be an int"),
        ("100", TypeError, "duration_ms must be an int"),
        (True, TypeError, "duration_ms must be an int"),
    ],
)
def test_duration_is_validated(duration_ms: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        grade(SINGLE, {"choice": 0}, duration_ms=duration_ms)


def test_results_are_frozen() -> None:
    result = g(SINGLE, {"choice": 0})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.correct = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        present(SINGLE, 1).choice_order = ()  # type: ignore[misc]


# --- invalid responses --------------------------------------------------------------------------

INVALID = [
    # every type: not an object, or the field missing
    (SINGLE, None, "the response must be an object of fields, not null"),
    (SINGLE, [0], "must be an object of fields, not a list"),
    (MATCHING, "0=Active", "must be an object of fields, not the text"),
    (FLASHCARD, {}, "no 'rating' field"),
    (TRUE_FALSE, {}, "no 'answer' field"),
    (SINGLE, {"choices": [0]}, "no 'choice' field"),
    (IDENTIFY, {}, "no 'choice' field"),
    (MULTIPLE, {"choice": 0}, "no 'choices' field"),
    (MATCHING, {}, "no 'pairs' field"),
    (SELECT_REGIONS, {"region": "temple"}, "no 'regions' field"),
    # true/false
    (TRUE_FALSE, {"answer": "yes"}, "answer must be true or false, not the text 'yes'"),
    (TRUE_FALSE, {"answer": 0}, "answer must be true or false, not the number 0"),
    (TRUE_FALSE, {"answer": None}, "answer must be true or false, not null"),
    # single choice / identify muscle
    (SINGLE, {"choice": 4}, "choice 4 is out of range: this question has 4 .*0 to 3"),
    (SINGLE, {"choice": -1}, "choice -1 is out of range"),
    (SINGLE, {"choice": "-1"}, "choice -1 is out of range"),
    (SINGLE, {"choice": True}, "choice must be a whole number, not true/false"),
    (SINGLE, {"choice": 1.0}, "choice must be a whole number, not the number 1.0"),
    (SINGLE, {"choice": "one"}, "choice must be a whole number, not the text 'one'"),
    (SINGLE, {"choice": "1\n"}, "choice must be a whole number"),
    (SINGLE, {"choice": None}, "choice must be a whole number, not null"),
    (SINGLE, {"choice": [0]}, "choice must be a whole number, not a list"),
    (IDENTIFY, {"choice": 3}, "choice 3 is out of range: this question has 3"),
    # multiple response
    (MULTIPLE, {"choices": 0}, "'choices' must be a list, not the number 0"),
    (MULTIPLE, {"choices": "012"}, "'choices' must be a list, not the text"),
    (MULTIPLE, {"choices": {0: True}}, "'choices' must be a list, not an object"),
    (MULTIPLE, {"choices": [0, 5]}, "choice 5 is out of range: this question has 5"),
    (MULTIPLE, {"choices": [0, None]}, "choice must be a whole number, not null"),
    # matching
    (MATCHING, {"pairs": [["0", "Active"]]}, "'pairs' must be an object of left number"),
    (MATCHING, {"pairs": {"3": "Active"}}, "left 3 is out of range: this question has 3"),
    (MATCHING, {"pairs": {"first": "Active"}}, "left must be a whole number, not the text"),
    (MATCHING, {"pairs": {"0": "Passive"}}, "'Passive' \\(for left 0\\) is not one of"),
    (MATCHING, {"pairs": {"0": "active"}}, "'active' \\(for left 0\\) is not one of"),
    (MATCHING, {"pairs": {"0": 1}}, "answer for left 0 must be an option's text, not the number"),
    (MATCHING, {"pairs": {"0": ["Active"]}}, "answer for left 0 must be an option's text"),
    (MATCHING, {"pairs": {"0": "Active", 0: "Latent"}}, "left 0 is answered twice, differently"),
    # select regions
    (SELECT_REGIONS, {"regions": "temple"}, "'regions' must be a list, not the text 'temple'"),
    (SELECT_REGIONS, {"regions": ["temple", 3]}, "the number 3 is not a body-map region id"),
    (SELECT_REGIONS, {"regions": ["Temple"]}, "the text 'Temple' is not a body-map region id"),
    (SELECT_REGIONS, {"regions": ["<script>"]}, "is not a body-map region id"),
    (SELECT_REGIONS, {"regions": [None]}, "null is not a body-map region id"),
]


@pytest.mark.parametrize(
    ("content", "response", "message"),
    INVALID,
    ids=[f"{type_key(c)}-{i}" for i, (c, _, _) in enumerate(INVALID)],
)
def test_invalid_responses_raise_a_readable_error(
    content: dict[str, Any], response: Any, message: str
) -> None:
    with pytest.raises(InvalidResponse, match=message) as err:
        g(content, response)
    assert isinstance(err.value, ValueError)


def test_extra_fields_are_ignored() -> None:
    assert g(SINGLE, {"choice": 0, "csrf_token": "x", "too_easy": "y"}).correct


@pytest.mark.parametrize("key", sorted(ALL_CONTENT))
def test_correct_response_is_graded_fully_right(key):
    content = ALL_CONTENT[key]
    result = grading.grade(content, grading.correct_response(content), duration_ms=SLOW)
    assert result.correct and result.score == 1.0
