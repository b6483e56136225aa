"""SM-2 (SuperMemo 2), used only as a baseline when evaluating the FSRS scheduler.

This follows the SM-2 baseline of the open-spaced-repetition/srs-benchmark repository
(``models/sm2.py``, function ``sm2``) so that our figures are comparable with that benchmark:

* Anki buttons 1-4 become SM-2 quality grades q = rating + 1 (2-5); q >= 3 is a success.
* On success the repetition count goes 0 -> 1 -> 2 -> ... with intervals 1 day, 6 days, then
  ``previous interval * EF`` (the EF from before this review's update).
* On failure (Again, q = 2) the count restarts and the interval is 1 day.
* After every review EF' = max(1.3, EF + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)). Like the
  benchmark, this is applied after failures too (Wozniak's 1987 description leaves EF unchanged
  on failure; we keep the benchmark's rule because this module exists to reproduce it).
* The interval is rounded to whole days (``round(ivl + 0.01)``), at least 1 and at most
  36,500 days (the benchmark's ``s_max``).

Recall is predicted as srs-benchmark does for SM-2 (``process_untrainable`` in
``model_processors.py``/``other.py``): p = exp(ln(0.9) * elapsed_days / interval), i.e.
0.9 ** (elapsed / interval) -- the scheduled interval is treated as the time at which recall
falls to 90 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "INITIAL_EASE",
    "MAX_INTERVAL_DAYS",
    "MIN_EASE",
    "Sm2State",
    "sm2_predict_recall",
    "sm2_replay",
    "sm2_review",
]

INITIAL_EASE = 2.5
MIN_EASE = 1.3
MAX_INTERVAL_DAYS = 36500


@dataclass(frozen=True)
class Sm2State:
    """SM-2 state of one card.

    Attributes:
        interval_days: The interval SM-2 scheduled after the last review (0 before any review).
        ease: The E-Factor.
        reps: Consecutive successful repetitions (0 after a failure).
    """

    interval_days: float = 0.0
    ease: float = INITIAL_EASE
    reps: int = 0


def sm2_review(state: Sm2State, rating: int) -> Sm2State:
    """Apply one review with an Anki rating (1 Again, 2 Hard, 3 Good, 4 Easy)."""
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    quality = rating + 1
    if quality > 2:
        if state.reps == 0:
            interval, reps = 1.0, 1
        elif state.reps == 1:
            interval, reps = 6.0, 2
        else:
            interval, reps = state.interval_days * state.ease, state.reps + 1
    else:
        interval, reps = 1.0, 0
    miss = 5 - quality
    ease = max(MIN_EASE, state.ease + (0.1 - miss * (0.08 + miss * 0.02)))
    # +0.01 as in the benchmark, so that x.5 always rounds up despite banker's rounding.
    interval = min(max(1, round(interval + 0.01)), MAX_INTERVAL_DAYS)
    return Sm2State(interval_days=float(interval), ease=ease, reps=reps)


def sm2_replay(ratings: Iterable[int]) -> Sm2State:
    """SM-2 state after the given ratings, oldest first."""
    state = Sm2State()
    for rating in ratings:
        state = sm2_review(state, rating)
    return state


def sm2_predict_recall(state: Sm2State, elapsed_days: float) -> float:
    """Probability of recall ``elapsed_days`` after the last review: 0.9 ** (t / interval).

    Raises:
        ValueError: for a card that has never been reviewed (no interval to scale by).
    """
    if state.interval_days <= 0:
        raise ValueError("SM-2 cannot predict recall for a card that was never reviewed")
    return math.exp(math.log(0.9) * elapsed_days / state.interval_days)
