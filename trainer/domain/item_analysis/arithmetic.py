"""Sums and means done the way Moodle's PHP does them, so the figures agree to the last place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def running_sum(values: Iterable[float]) -> float:
    """Add left to right, as PHP's ``+=`` does.

    Python's ``sum`` of floats compensates rounding since 3.12, which can differ from Moodle in
    the last place.
    """
    running = 0.0
    for value in values:
        running += value
    return running


def mean(values: Sequence[float]) -> float:
    """Sum in order and divide by the count (0 for none), as Moodle's running totals do.

    When every value is the same, the mean is that value: summing then dividing can land one
    unit in the last place away (0.1 + 0.1 + 0.1 = 0.30000000000000004), which would give marks
    that are all alike a variance of about 1e-34 instead of the 0 Moodle means to test for.
    """
    if not values:
        return 0.0
    if all(v == values[0] for v in values):
        return values[0]
    return running_sum(values) / len(values)


def sum_of_products(left: Sequence[float], right: Sequence[float]) -> float:
    return running_sum(a * b for a, b in zip(left, right, strict=True))
