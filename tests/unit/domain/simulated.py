"""Synthetic review histories for the fitting tests."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

START = datetime(2024, 1, 1, 12, tzinfo=UTC)


def fast_forgetter(
    cards: int, seed: int, *, stagger_minutes: bool = False
) -> list[list[tuple[datetime, int]]]:
    """A learner who forgets much faster than the default parameters expect.

    Cards start on ten different days, so training reviews spread over time; with
    `stagger_minutes` every card also starts a minute after the previous one, so no two reviews
    share a timestamp. Six reviews per card after the first, each on a later day.
    """
    rng = random.Random(seed)
    histories = []
    for card in range(cards):
        moment = START + timedelta(days=card % 10, minutes=card if stagger_minutes else 0)
        history = [(moment, 3)]
        interval = 1
        for _ in range(6):
            moment += timedelta(days=interval)
            recalled = rng.random() < 0.9 ** (interval / 1.5)
            history.append((moment, 3 if recalled else 1))
            interval = interval * 2 if recalled else 1
        histories.append(history)
    return histories
