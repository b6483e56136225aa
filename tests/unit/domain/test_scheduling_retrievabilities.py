"""retrievabilities(): bulk predicted recall, equal to retrievability() card by card."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trainer.domain.scheduling import (
    DEFAULT_PARAMETERS,
    CardState,
    SchedulerSettings,
    State,
    retrievabilities,
    retrievability,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _card(card_id: int, stability: float, last_review: datetime) -> CardState:
    return CardState(
        card_id=card_id,
        state=State.REVIEW,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=last_review + timedelta(days=1),
        last_review=last_review,
        reps=3,
    )


def test_equals_retrievability_card_by_card_for_default_and_fitted_decay():
    rng = random.Random(20250601)
    cards = [
        _card(i, rng.uniform(0.1, 400.0), NOW - timedelta(seconds=rng.uniform(0, 400 * 86400)))
        for i in range(300)
    ]
    for decay in (DEFAULT_PARAMETERS[20], 0.35, 0.8):
        parameters = (*DEFAULT_PARAMETERS[:20], decay)
        settings = SchedulerSettings(parameters=parameters)
        expected = [retrievability(card, NOW, settings) for card in cards]
        stabilities = [c.stability for c in cards]
        last_reviews = [c.last_review for c in cards]
        got = retrievabilities(stabilities, last_reviews, NOW, decay)
        assert got == expected  # exactly: the same formula evaluated the same way
        # The path for inputs with unreviewed cards gives the same numbers for reviewed ones.
        with_new = retrievabilities([*stabilities, None], [*last_reviews, None], NOW, decay)
        assert with_new == [*expected, 0.0]


def test_hand_computed_values():
    # R(t) = (1 + factor * t / S) ** -decay with factor = 0.9 ** (-1 / decay) - 1, t in whole days.
    decay = DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (-1 / decay) - 1
    last = NOW - timedelta(days=10, hours=23)  # 10 whole days
    [r10, r_at_s, r0] = retrievabilities([20.0, 10.0, 3.0], [last, last, NOW], NOW)
    assert r10 == pytest.approx((1 + factor * 10 / 20.0) ** -decay)
    assert r_at_s == pytest.approx(0.9)  # at t == S the curve is 0.9 by construction
    assert r0 == 1.0


def test_unreviewed_cards_give_zero_and_future_reviews_do_not_exceed_one():
    assert retrievabilities([None, 5.0, None], [None, None, NOW], NOW) == [0.0, 0.0, 0.0]
    future = NOW + timedelta(days=3)
    assert retrievabilities([5.0, 5.0], [future, NOW - timedelta(days=5)], NOW) == [
        1.0,
        pytest.approx(0.9),
    ]
    assert retrievabilities([], [], NOW) == []


def test_any_aware_timezone_is_accepted():
    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    last = NOW - timedelta(days=4)
    last_berlin = last.astimezone(ZoneInfo("Europe/Berlin"))
    assert retrievabilities([4.0], [last_berlin], berlin) == retrievabilities([4.0], [last], NOW)


def test_naive_times_and_out_of_bounds_decay_are_rejected():
    with pytest.raises(ValueError, match="naive"):
        retrievabilities([], [], NOW.replace(tzinfo=None))
    with pytest.raises(TypeError):
        retrievabilities([4.0], [NOW.replace(tzinfo=None)], NOW)
    with pytest.raises(ValueError, match="decay"):
        retrievabilities([], [], NOW, decay=5.0)
    with pytest.raises(ValueError, match="last reviews"):
        retrievabilities([4.0], [], NOW)
