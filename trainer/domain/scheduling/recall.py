"""Predicted recall for many cards at once, as plain arithmetic (no py-fsrs objects).

The same formula as py-fsrs ``Scheduler.get_card_retrievability``, which
``fsrs_adapter.retrievability`` calls for one card; tested to agree exactly. A clinic's
competency matrix needs it for hundreds of thousands of cards in one request.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Sequence
from datetime import datetime

from trainer.domain.scheduling.cards import as_utc
from trainer.domain.scheduling.fsrs_adapter import _LOWER_BOUNDS, _UPPER_BOUNDS, DEFAULT_PARAMETERS


def retrievabilities(
    stabilities: Sequence[float | None],
    last_reviews: Sequence[datetime | None],
    now: datetime,
    decay: float = DEFAULT_PARAMETERS[20],
) -> list[float]:
    """Predicted probability of recall at ``now`` for many cards at once.

    Args:
        stabilities: Each card's FSRS stability (``None`` for a card never reviewed).
        last_reviews: Each card's last review, timezone-aware (``None`` if never reviewed), in
            the same order.
        now: The moment of the prediction (timezone-aware).
        decay: FSRS-6 parameter w20 of the learner's parameters.

    Returns:
        One value per card, in order, equal to what :func:`retrievability` (py-fsrs
        ``get_card_retrievability``) gives for the same card: whole 24-hour days elapsed, never
        negative; 0.0 where stability or last review is missing. Plain arithmetic without
        py-fsrs objects, because a clinic's competency matrix needs this for hundreds of
        thousands of cards in one request.

    Raises:
        ValueError: if ``now`` is naive, ``decay`` is outside the bounds of w20, or the two
            sequences differ in length.
        TypeError: if a ``last_review`` is naive (it cannot be subtracted from ``now``).
    """
    now = as_utc(now, "now")
    low, high = _LOWER_BOUNDS[20], _UPPER_BOUNDS[20]
    if not low <= decay <= high:
        raise ValueError(f"decay (w20) must be within [{low}, {high}], got {decay!r}")
    if len(stabilities) != len(last_reviews):
        raise ValueError(f"{len(stabilities)} stabilities but {len(last_reviews)} last reviews")
    # The same expressions, in the same order, as py-fsrs Scheduler, so values agree exactly.
    exponent = -decay
    factor = 0.9 ** (1 / exponent) - 1
    try:
        # The common case, every card reviewed, as a chain of C-level maps: no Python bytecode
        # per card, for the same operations in the same order as the loop below.
        elapsed: Iterable[int] = map(
            _days_of, map(operator.sub, itertools.repeat(now), last_reviews)
        )
        if last_reviews and max(last_reviews) > now:  # a review after `now` counts as 0 days
            elapsed = map(max, elapsed, itertools.repeat(0))
        scaled = map(
            operator.truediv, map(operator.mul, itertools.repeat(factor), elapsed), stabilities
        )
        ones = itertools.repeat(1)
        return list(map(pow, map(operator.add, ones, scaled), itertools.repeat(exponent)))
    except TypeError:
        # A None somewhere (a card never reviewed), or a naive datetime, which raises again here.
        return [
            0.0
            if stability is None or last is None
            else (1 + factor * max(0, (now - last).days) / stability) ** exponent
            for stability, last in zip(stabilities, last_reviews, strict=True)
        ]


_days_of = operator.attrgetter("days")
