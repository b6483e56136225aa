"""The learner's days: a day begins at local midnight plus ``day_start`` in the learner's ``tz``.

See :func:`local_day`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from trainer.domain.learner_stats.events import ReviewEvent
from trainer.domain.scheduling import as_utc


def _check_day_start(day_start: timedelta) -> None:
    if not isinstance(day_start, timedelta) or not (
        timedelta(0) <= day_start < timedelta(hours=24)
    ):
        raise ValueError(f"day_start must be a timedelta in [0, 24h), got {day_start!r}")


def local_day(moment: datetime, tz: tzinfo, day_start: timedelta = timedelta(0)) -> date:
    """The learner's day containing ``moment``: its local date in ``tz``, where each day begins
    ``day_start`` after local midnight.

    Raises:
        ValueError: if ``moment`` is naive or ``day_start`` is outside [0, 24h).
    """
    _check_day_start(day_start)
    # Subtracting a timedelta from an aware datetime is wall-clock arithmetic in Python, which
    # is what "the day starts at 04:00" means on days with a daylight-saving change.
    return (as_utc(moment, "moment").astimezone(tz) - day_start).date()


def day_bounds(
    moment: datetime, tz: tzinfo, day_start: timedelta = timedelta(0)
) -> tuple[datetime, datetime]:
    """The UTC start and end of the learner's day containing ``moment`` (see ``local_day``)."""
    day = local_day(moment, tz, day_start)
    start = datetime.combine(day, time(0), tzinfo=tz) + day_start
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz) + day_start
    return as_utc(start, "start"), as_utc(end, "end")


def _event_days(
    events: Iterable[ReviewEvent], tz: tzinfo, day_start: timedelta
) -> list[tuple[date, ReviewEvent]]:
    return [(local_day(event.reviewed_at, tz, day_start), event) for event in events]


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be an integer >= 1, got {days!r}")
