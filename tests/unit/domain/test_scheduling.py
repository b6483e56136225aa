"""Scheduling: golden sequences against py-fsrs, reproducible fuzz, purity, validation, fitting.

These tests import fsrs and fsrs_rs_python directly to compare with the libraries; application
code reaches them only through trainer.domain.scheduling.
"""

from __future__ import annotations

import dataclasses
import math
import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler
import pytest

from tests.unit.domain.simulated import fast_forgetter
from trainer.domain import scheduling
from trainer.domain.scheduling import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS_FOR_OPTIMISATION,
    CardState,
    Rating,
    SchedulerSettings,
    State,
    fit_parameters,
    fuzz_interval,
    log_loss_for,
    predict_recall,
    preview,
    recall_predictions,
    retrievability,
    review,
    review_seed,
)

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
# Good x4, Again, Good x2, Easy, Hard -- each answered exactly when due.
SEQUENCE = [
    Rating.GOOD,
    Rating.GOOD,
    Rating.GOOD,
    Rating.GOOD,
    Rating.AGAIN,
    Rating.GOOD,
    Rating.GOOD,
    Rating.EASY,
    Rating.HARD,
]


def _run(settings: SchedulerSettings, card_id: int = 7) -> tuple[list[timedelta], CardState]:
    card = CardState.new(card_id, START)
    now = START
    intervals = []
    for rating in SEQUENCE:
        outcome = review(card, rating, now, settings, seed=review_seed(card_id, card.reps + 1))
        intervals.append(outcome.interval)
        card = outcome.card
        now = card.due
    return intervals, card


def _days(*values: int) -> list[timedelta]:
    return [timedelta(days=value) for value in values]


TEN_MINUTES = timedelta(minutes=10)


def test_golden_sequence_without_fuzz():
    intervals, card = _run(SchedulerSettings(fuzz=False))
    assert intervals == [
        TEN_MINUTES,
        *_days(2, 11, 46),
        TEN_MINUTES,
        *_days(3, 8, 28, 52),
    ]
    assert card.state is State.REVIEW
    assert card.reps == len(SEQUENCE)
    assert card.lapses == 1


def test_golden_sequence_matches_py_fsrs_directly():
    settings = SchedulerSettings(fuzz=False)
    ours, _ = _run(settings)

    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=7, due=START)
    now = START
    theirs = []
    for rating in SEQUENCE:
        card, _ = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
        theirs.append(card.due - now)
        now = card.due
    assert ours == theirs


def test_golden_sequence_with_fuzz():
    intervals, _ = _run(SchedulerSettings(fuzz=True))
    # Learning steps and intervals under 2.5 days are never fuzzed.
    assert intervals == [
        TEN_MINUTES,
        *_days(2, 9, 37),
        TEN_MINUTES,
        *_days(4, 9, 35, 60),
    ]


def test_same_seed_gives_same_interval_and_seeds_vary_it():
    settings = SchedulerSettings()
    card = _review_card_with_stability(40.0)
    now = card.due
    first = review(card, Rating.GOOD, now, settings, seed=123).interval
    again = review(card, Rating.GOOD, now, settings, seed=123).interval
    assert first == again
    spread = {review(card, Rating.GOOD, now, settings, seed=s).interval for s in range(50)}
    assert len(spread) > 3


def test_fuzz_does_not_touch_global_random():
    random.seed(99)
    expected = random.random()
    random.seed(99)
    review(_review_card_with_stability(40.0), Rating.GOOD, START, SchedulerSettings(), seed=1)
    assert random.random() == expected


@pytest.mark.parametrize("stability", [3.0, 8.0, 25.0, 120.0, 900.0])
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 41, 2024])
def test_fuzz_equals_py_fsrs_fuzz_for_the_same_random_draw(monkeypatch, stability, seed):
    # py-fsrs draws fuzz from the module-level random(); feed it the draw our generator makes.
    monkeypatch.setattr(fsrs.scheduler, "random", random.Random(seed).random)
    card = _review_card_with_stability(stability)
    now = card.due
    their_card, _ = fsrs.Scheduler(enable_fuzzing=True).review_card(
        scheduling._to_fsrs_card(card), fsrs.Rating.Good, now
    )
    ours = review(card, Rating.GOOD, now, SchedulerSettings(fuzz=True), seed=seed)
    assert ours.interval == their_card.due - now


def test_fuzz_interval_leaves_short_intervals_alone_and_respects_maximum():
    rng = random.Random(5)
    assert fuzz_interval(timedelta(days=2), rng, 36500) == timedelta(days=2)
    for seed in range(30):
        fuzzed = fuzz_interval(timedelta(days=100), random.Random(seed), 100)
        assert timedelta(days=2) <= fuzzed <= timedelta(days=100)


@pytest.mark.parametrize("fuzz", [False, True])
@pytest.mark.parametrize(
    "card",
    [
        CardState.new(3, START),
        pytest.param("learning", id="learning"),
        pytest.param("review", id="review"),
        pytest.param("relearning", id="relearning"),
    ],
)
def test_preview_equals_applied_interval(card, fuzz):
    card = _card_in(card) if isinstance(card, str) else card
    settings = SchedulerSettings(fuzz=fuzz)
    now = card.due + timedelta(hours=3)
    for seed in (0, 17, review_seed(card.card_id, card.reps + 1)):
        shown = preview(card, now, settings, seed)
        assert set(shown) == set(Rating)
        for rating, interval in shown.items():
            assert review(card, rating, now, settings, seed).interval == interval


def test_review_never_mutates_its_inputs():
    card = _card_in("review")
    settings = SchedulerSettings()
    card_copy = dataclasses.replace(card)
    settings_copy = dataclasses.replace(settings)
    outcome = review(card, Rating.AGAIN, card.due, settings, seed=1)
    assert card == card_copy
    assert settings == settings_copy
    assert outcome.card is not card
    assert outcome.card.lapses == card.lapses + 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.reps = 99  # type: ignore[misc]


def test_new_card_first_review():
    outcome = review(CardState.new(1, START), Rating.GOOD, START, SchedulerSettings(), seed=0)
    assert outcome.retrievability_before is None
    assert outcome.card.state is State.LEARNING
    assert outcome.card.step == 1
    assert outcome.card.last_review == START
    assert outcome.card.due == START + outcome.interval
    assert outcome.card.reps == 1 and outcome.card.lapses == 0


def test_review_reports_retrievability_before():
    card = _review_card_with_stability(10.0)
    now = card.last_review + timedelta(days=10)
    outcome = review(card, Rating.GOOD, now, SchedulerSettings(), seed=0)
    assert outcome.retrievability_before == pytest.approx(0.9)


def test_datetimes_are_normalised_to_timezone_utc():
    paris = datetime(2024, 1, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    card = CardState.new(1, paris)
    assert card.due.tzinfo is UTC  # datetime.UTC is datetime.timezone.utc, what py-fsrs wants
    assert card.due == START
    outcome = review(card, Rating.EASY, paris, SchedulerSettings(), seed=0)
    assert outcome.card.last_review.tzinfo is UTC


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        CardState.new(1, datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        review(CardState.new(1, START), Rating.GOOD, datetime(2024, 1, 1), SchedulerSettings(), 0)


def test_review_before_last_review_is_rejected():
    card = _card_in("review")
    with pytest.raises(ValueError, match="before the card's last review"):
        review(card, Rating.GOOD, card.last_review - timedelta(seconds=1), SchedulerSettings(), 0)


def test_card_state_rejects_inconsistent_fields():
    with pytest.raises(ValueError, match="needs stability") as error:
        CardState(1, State.REVIEW, None, None, 5.0, START, START)
    assert "needs last_review" not in str(error.value)
    with pytest.raises(ValueError, match="a NEW card has no stability"):
        CardState(1, State.NEW, None, 3.0, None, START, None)


def test_card_state_accepts_plain_ints_from_storage():
    card = CardState(1, 2, None, 3.0, 5.0, START, START, reps=2)
    assert card.state is State.REVIEW


@pytest.mark.parametrize("retention", [0.80, 0.9, 0.97])
def test_retention_bounds_accepted(retention):
    assert SchedulerSettings(desired_retention=retention).desired_retention == retention


@pytest.mark.parametrize("retention", [0.79, 0.971, 0.99, 1.2, float("nan")])
def test_retention_bounds_rejected(retention):
    with pytest.raises(ValueError, match="desired_retention"):
        SchedulerSettings(desired_retention=retention)


def test_settings_report_every_problem_at_once():
    with pytest.raises(ValueError) as error:
        SchedulerSettings(
            desired_retention=0.5,
            learning_steps=(timedelta(0),),
            maximum_interval_days=0,
            parameters=(1.0,) * 20,
        )
    message = str(error.value)
    for fragment in ("desired_retention", "learning_steps[0]", "maximum_interval_days", "21"):
        assert fragment in message


def test_settings_reject_out_of_bounds_parameters():
    parameters = list(DEFAULT_PARAMETERS)
    parameters[20] = 0.9
    with pytest.raises(ValueError, match=r"parameters\[20\]"):
        SchedulerSettings(parameters=tuple(parameters))


def test_settings_accept_lists_and_stay_hashable():
    settings = SchedulerSettings(
        learning_steps=[timedelta(minutes=5)], parameters=[*DEFAULT_PARAMETERS]
    )
    assert settings.learning_steps == (timedelta(minutes=5),)
    assert hash(settings) == hash(SchedulerSettings(learning_steps=(timedelta(minutes=5),)))


def test_retrievability_of_new_card_is_zero():
    assert retrievability(CardState.new(1, START), START, SchedulerSettings()) == 0.0


def test_retrievability_decays_by_whole_days():
    card = _review_card_with_stability(5.0)
    settings = SchedulerSettings()
    assert retrievability(card, card.last_review, settings) == 1.0
    at_stability = card.last_review + timedelta(days=5, hours=23)
    assert retrievability(card, at_stability, settings) == pytest.approx(0.9)


def test_fsrs_6_parameters_are_supported():
    assert len(DEFAULT_PARAMETERS) == 21


# --- day-level replay, prediction and fitting --------------------------------------------------


def _history(*entries: tuple[int, int]) -> list[tuple[datetime, int]]:
    """(day offset, rating) at noon UTC, so 24-hour and calendar-day counts agree."""
    base = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    return [(base + timedelta(days=day), rating) for day, rating in entries]


def test_predict_recall_matches_py_fsrs_replay():
    history = _history((0, 3), (0, 1), (2, 3), (7, 3), (7, 3), (20, 1), (23, 3))
    at = history[-1][0] + timedelta(days=9)

    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=history[0][0])
    for moment, rating in history:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), moment)
    expected = scheduler.get_card_retrievability(card, at)

    assert predict_recall(DEFAULT_PARAMETERS, history, at) == pytest.approx(expected, rel=1e-5)


def test_recall_predictions_equal_predict_recall_on_prefixes():
    history = _history((0, 3), (1, 1), (1, 3), (4, 3), (12, 2), (30, 1), (31, 3))
    batch = recall_predictions(DEFAULT_PARAMETERS, history)
    assert batch[0] is None
    for k in range(1, len(history)):
        single = predict_recall(DEFAULT_PARAMETERS, history[:k], history[k][0])
        assert batch[k] == pytest.approx(single, rel=1e-12)


def test_predict_recall_uses_the_learner_day_boundary():
    evening = datetime(2024, 3, 1, 23, 0, tzinfo=UTC)
    morning = evening + timedelta(hours=3)  # 02:00 next UTC day
    history = [(evening - timedelta(days=3), 3), (evening, 3)]
    same_day = predict_recall(DEFAULT_PARAMETERS, history, morning, day_start=timedelta(hours=10))
    next_day = predict_recall(DEFAULT_PARAMETERS, history, morning)
    assert same_day == 1.0
    assert next_day < 1.0


def test_predict_recall_needs_history():
    with pytest.raises(ValueError, match="at least one earlier review"):
        predict_recall(DEFAULT_PARAMETERS, [], START)


def test_fit_parameters_below_threshold_returns_defaults():
    histories = fast_forgetter(cards=3, seed=1)
    assert scheduling.training_item_count(histories) < MIN_REVIEWS_FOR_OPTIMISATION
    assert fit_parameters(histories) == DEFAULT_PARAMETERS


def test_fit_parameters_learns_from_enough_reviews():
    histories = fast_forgetter(cards=60, seed=2)
    assert scheduling.training_item_count(histories) >= MIN_REVIEWS_FOR_OPTIMISATION
    fitted = fit_parameters(histories)
    assert len(fitted) == 21
    assert fitted != DEFAULT_PARAMETERS
    assert fit_parameters(histories) == fitted  # reproducible
    SchedulerSettings(parameters=fitted)  # within the bounds py-fsrs accepts
    assert log_loss_for(histories, fitted) < log_loss_for(histories, DEFAULT_PARAMETERS)
    assert math.isfinite(log_loss_for(histories, fitted))


# --- helpers ------------------------------------------------------------------------------------


def _review_card_with_stability(stability: float) -> CardState:
    last = START
    return CardState(
        card_id=11,
        state=State.REVIEW,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=last + timedelta(days=round(stability)),
        last_review=last,
        reps=4,
    )


def _card_in(state: str) -> CardState:
    settings = SchedulerSettings(fuzz=False)
    card = CardState.new(5, START)
    ratings = {
        "learning": [Rating.GOOD],
        "review": [Rating.GOOD, Rating.GOOD, Rating.GOOD],
        "relearning": [Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN],
    }[state]
    now = START
    for rating in ratings:
        card = review(card, rating, now, settings, seed=0).card
        now = card.due
    assert card.state.name.lower() == state
    return card
