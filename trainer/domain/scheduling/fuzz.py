"""Interval fuzz and the seeds it is drawn with: pure arithmetic, no library calls.

No global random state: fuzz is drawn from a ``random.Random`` the caller seeds (see
:func:`review_seed`), so the same card, review and seed always give the same interval.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import timedelta

# py-fsrs 6.x, fsrs/scheduler.py FUZZ_RANGES: (start, end, factor) in days.
_FUZZ_RANGES: tuple[tuple[float, float, float], ...] = (
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.10),
    (20.0, math.inf, 0.05),
)


def fuzz_interval(interval: timedelta, rng: random.Random, maximum_interval_days: int) -> timedelta:
    """Spread a review interval the way py-fsrs does, drawing from ``rng`` instead of ``random``.

    A faithful reimplementation of ``fsrs.Scheduler._get_fuzzed_interval`` (py-fsrs 6.3): no fuzz
    below 2.5 days; otherwise a window of +-delta days where delta grows by 15 % of the part of
    the interval between 2.5 and 7 days, 10 % between 7 and 20 and 5 % beyond 20 (plus 1), at
    least 2 days and at most the maximum interval, sampled as ``random() * (max - min + 1) + min``
    and rounded. The arithmetic, including its rounding quirks, is kept identical so that a
    generator producing the same ``random()`` value gives the same interval as py-fsrs; a test
    checks this against py-fsrs itself.
    """
    interval_days = interval.days
    if interval_days < 2.5:
        return interval

    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    min_ivl = round(interval_days - delta)
    max_ivl = round(interval_days + delta)
    min_ivl = max(2, min_ivl)
    max_ivl = min(max_ivl, maximum_interval_days)
    min_ivl = min(min_ivl, max_ivl)

    fuzzed_days = rng.random() * (max_ivl - min_ivl + 1) + min_ivl
    return timedelta(days=min(round(fuzzed_days), maximum_interval_days))


def review_seed(card_id: int, review_number: int) -> int:
    """A stable 64-bit fuzz seed for the ``review_number``-th review of a card.

    Hashing (rather than e.g. ``card_id + review_number``) keeps seeds of neighbouring cards and
    reviews unrelated, and the value is the same on every machine and Python version.
    """
    digest = hashlib.blake2b(f"{card_id}:{review_number}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")
