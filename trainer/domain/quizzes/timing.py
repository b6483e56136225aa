"""When a quiz can be started, and when an attempt is due.

The server enforces time: an attempt is due at ``min(start + limit, close date)``; answers after
that are refused and the attempt is closed with what was saved. Times are timezone-aware.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta


class StartRefusal(enum.StrEnum):
    """Why a learner may not start an attempt now (the value is the message shown)."""

    NOT_OPEN_YET = "This quiz has not opened yet."
    CLOSED = "This quiz is closed."
    NO_ATTEMPTS_LEFT = "You have used all the attempts this quiz allows."
    ATTEMPT_IN_PROGRESS = "You already have an attempt in progress: continue it."


def attempt_due_at(
    started_at: datetime, time_limit_seconds: int | None, closes_at: datetime | None
) -> datetime | None:
    """The moment an attempt started at ``started_at`` must end; None when it never has to."""
    ends = []
    if time_limit_seconds is not None:
        if time_limit_seconds <= 0:
            raise ValueError(f"time limit must be positive, got {time_limit_seconds}")
        ends.append(started_at + timedelta(seconds=time_limit_seconds))
    if closes_at is not None:
        ends.append(closes_at)
    return min(ends) if ends else None


def seconds_left(due_at: datetime | None, now: datetime) -> int | None:
    """Whole seconds until ``due_at`` (0 once it has passed); None without a due time."""
    if due_at is None:
        return None
    return max(0, int((due_at - now).total_seconds()))


def refuse_start(
    *,
    now: datetime,
    opens_at: datetime | None,
    closes_at: datetime | None,
    attempts_allowed: int | None,
    attempts_made: int,
    has_open_attempt: bool,
) -> StartRefusal | None:
    """Why a new attempt may not start now, or None if it may. An open attempt comes first:
    the learner should continue it, whatever else holds."""
    if has_open_attempt:
        return StartRefusal.ATTEMPT_IN_PROGRESS
    if opens_at is not None and now < opens_at:
        return StartRefusal.NOT_OPEN_YET
    if closes_at is not None and now >= closes_at:
        return StartRefusal.CLOSED
    if attempts_allowed is not None and attempts_made >= attempts_allowed:
        return StartRefusal.NO_ATTEMPTS_LEFT
    return None
