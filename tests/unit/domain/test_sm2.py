"""SM-2 baseline: known sequences worked out by hand from the SM-2 rules."""

from __future__ import annotations

import pytest

from trainer.domain.sm2 import (
    INITIAL_EASE,
    MIN_EASE,
    Sm2State,
    sm2_predict_recall,
    sm2_replay,
    sm2_review,
)


def test_all_good_sequence():
    # Good = quality 4: EF change 0.1 - 1 * (0.08 + 0.02) = 0, so EF stays 2.5.
    states = []
    state = Sm2State()
    for _ in range(5):
        state = sm2_review(state, 3)
        states.append(state)
    assert [s.interval_days for s in states] == [1, 6, 15, 38, 95]  # 15*2.5=37.5 -> 38; 38*2.5=95
    assert [s.reps for s in states] == [1, 2, 3, 4, 5]
    assert all(s.ease == pytest.approx(INITIAL_EASE) for s in states)


def test_easy_raises_ease_after_using_the_old_one():
    state = sm2_replay([4, 4, 4])
    # intervals 1, 6, then 6 * 2.7 (EF after two Easy answers) = 16.2 -> 16
    assert state.interval_days == 16
    assert state.ease == pytest.approx(2.8)


def test_again_restarts_and_lowers_ease():
    # Again = quality 2: EF change 0.1 - 3 * (0.08 + 3 * 0.02) = -0.32.
    state = sm2_replay([3, 3, 3, 1])
    assert state.interval_days == 1
    assert state.reps == 0
    assert state.ease == pytest.approx(2.18)
    state = sm2_review(state, 3)
    assert (state.interval_days, state.reps) == (1, 1)
    state = sm2_review(state, 3)
    assert (state.interval_days, state.reps) == (6, 2)


def test_hard_is_a_success_with_lower_ease():
    # Hard = quality 3: EF change 0.1 - 2 * (0.08 + 0.04) = -0.14.
    state = sm2_replay([2, 2])
    assert (state.interval_days, state.reps) == (6, 2)
    assert state.ease == pytest.approx(2.22)


def test_ease_never_drops_below_minimum():
    assert sm2_replay([1] * 10).ease == pytest.approx(MIN_EASE)


def test_predict_recall_is_ninety_percent_at_the_interval():
    state = sm2_replay([3, 3])  # interval 6 days
    assert sm2_predict_recall(state, 6) == pytest.approx(0.9)
    assert sm2_predict_recall(state, 12) == pytest.approx(0.81)
    assert sm2_predict_recall(state, 0) == 1.0


def test_predict_recall_needs_a_review():
    with pytest.raises(ValueError, match="never reviewed"):
        sm2_predict_recall(Sm2State(), 3)


def test_rejects_unknown_rating():
    with pytest.raises(ValueError, match="rating must be 1-4"):
        sm2_review(Sm2State(), 5)
