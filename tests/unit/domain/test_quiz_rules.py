"""The pure quiz rules: due times, start refusals, which attempt counts, random draws."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from trainer.domain.quizzes import (
    AttemptScore,
    Candidate,
    DrawRule,
    StartRefusal,
    attempt_due_at,
    counted_score,
    draw,
    refuse_start,
    seconds_left,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_due_is_the_earlier_of_limit_and_close():
    assert attempt_due_at(T0, 40 * 60, None) == T0 + timedelta(minutes=40)
    assert attempt_due_at(T0, 40 * 60, T0 + timedelta(minutes=10)) == T0 + timedelta(minutes=10)
    assert attempt_due_at(T0, 600, T0 + timedelta(hours=1)) == T0 + timedelta(minutes=10)
    assert attempt_due_at(T0, None, T0 + timedelta(hours=1)) == T0 + timedelta(hours=1)
    assert attempt_due_at(T0, None, None) is None
    with pytest.raises(ValueError):
        attempt_due_at(T0, 0, None)


def test_seconds_left_counts_down_to_zero():
    due = T0 + timedelta(minutes=5)
    assert seconds_left(due, T0) == 300
    assert seconds_left(due, T0 + timedelta(seconds=299, milliseconds=500)) == 0
    assert seconds_left(due, T0 + timedelta(hours=1)) == 0
    assert seconds_left(None, T0) is None


def _refusal(**overrides):
    args = dict(
        now=T0,
        opens_at=None,
        closes_at=None,
        attempts_allowed=None,
        attempts_made=0,
        has_open_attempt=False,
    )
    args.update(overrides)
    return refuse_start(**args)


def test_start_refusals():
    assert _refusal() is None
    assert _refusal(opens_at=T0 + timedelta(seconds=1)) == StartRefusal.NOT_OPEN_YET
    assert _refusal(opens_at=T0) is None
    assert _refusal(closes_at=T0) == StartRefusal.CLOSED
    assert _refusal(closes_at=T0 + timedelta(seconds=1)) is None
    assert _refusal(attempts_allowed=2, attempts_made=1) is None
    assert _refusal(attempts_allowed=2, attempts_made=2) == StartRefusal.NO_ATTEMPTS_LEFT
    # An attempt in progress is continued even when the quiz has closed or attempts ran out.
    assert (
        _refusal(has_open_attempt=True, closes_at=T0, attempts_allowed=1, attempts_made=1)
        == StartRefusal.ATTEMPT_IN_PROGRESS
    )


def test_which_attempt_counts():
    attempts = [
        AttemptScore(2, T0 + timedelta(days=2), 0.9),
        AttemptScore(1, T0 + timedelta(days=1), 0.5),
        AttemptScore(3, T0 + timedelta(days=3), 0.7),
    ]
    assert counted_score(attempts, "highest") == 0.9
    assert counted_score(attempts, "first") == 0.5
    assert counted_score(attempts, "last") == 0.7
    assert counted_score(attempts, "average") == pytest.approx(0.7)
    assert counted_score([], "highest") is None
    with pytest.raises(ValueError):
        counted_score(attempts, "median")


def test_draw_is_reproducible_and_never_repeats_an_excluded_item():
    pool = [Candidate(i) for i in range(20)]
    first = draw(DrawRule(5), pool, random.Random(7), exclude={3, 4})
    again = draw(DrawRule(5), pool, random.Random(7), exclude={3, 4})
    assert first == again
    assert len(first) == len(set(first)) == 5
    assert not {3, 4} & set(first)
    # A different seed draws differently (for these seeds), so the shuffle is not a no-op.
    assert draw(DrawRule(5), pool, random.Random(8), exclude={3, 4}) != first


def test_draw_takes_what_there_is_when_too_few_match():
    assert sorted(draw(DrawRule(10), [Candidate("a"), Candidate("b")], random.Random(1))) == [
        "a",
        "b",
    ]
    assert draw(DrawRule(3), [], random.Random(1)) == []
    with pytest.raises(ValueError):
        DrawRule(0)


def test_unseen_first_takes_every_unseen_item_before_a_seen_one():
    pool = [Candidate(i, seen=i % 2 == 0) for i in range(10)]  # odd ids unseen
    for seed in range(20):
        picked = draw(DrawRule(5, unseen_first=True), pool, random.Random(seed))
        assert sorted(picked) == [1, 3, 5, 7, 9]
        picked = draw(DrawRule(7, unseen_first=True), pool, random.Random(seed))
        assert set(picked) >= {1, 3, 5, 7, 9}
        assert picked[:5] and all(i % 2 for i in picked[:5])
    # Without the option, seen items are as likely as unseen ones.
    drawn = [draw(DrawRule(5), pool, random.Random(s)) for s in range(20)]
    assert any(any(i % 2 == 0 for i in d) for d in drawn)
