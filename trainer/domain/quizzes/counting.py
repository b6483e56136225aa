"""Which attempt counts (Moodle's quiz "grading method")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AttemptScore:
    """A finished attempt: its number (1, 2, ...), when it finished, its score (0..1)."""

    number: int
    finished_at: datetime
    score: float


def counted_score(attempts: Sequence[AttemptScore], method: str) -> float | None:
    """The learner's quiz score from their finished attempts under ``method`` (highest, last,
    first or average); None before any attempt has finished.

    "first" and "last" go by attempt number (the order they were started), as Moodle does.
    """
    if not attempts:
        return None
    by_number = sorted(attempts, key=lambda a: a.number)
    if method == "highest":
        return max(a.score for a in attempts)
    if method == "first":
        return by_number[0].score
    if method == "last":
        return by_number[-1].score
    if method == "average":
        return sum(a.score for a in attempts) / len(attempts)
    raise ValueError(f"unknown grading method {method!r}")
