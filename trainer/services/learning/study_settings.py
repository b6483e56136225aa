"""A learner's study settings: read (with defaults) and the scheduler/day they imply."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.domain.learner_stats import day_bounds
from trainer.domain.scheduling import SchedulerSettings
from trainer.extensions import db
from trainer.models import StudySettings

log = logging.getLogger(__name__)
DEFAULT_DAY_START_HOUR = 4

#: Anki's default: learning cards due within this window may be shown early when nothing else is.
LEARN_AHEAD = timedelta(minutes=20)


def load_settings(user_id: int) -> StudySettings:
    """The learner's settings row, or an unsaved one with the defaults (GETs never write).

    Remembered for the life of the database session (one request), so the several services a
    request calls share one object and a learner without a row costs one query, not several.
    """
    cache = db.session.info.setdefault("study_settings", {})
    if user_id in cache:
        return cache[user_id]
    settings = db.session.get(StudySettings, user_id)
    if settings is None:
        settings = StudySettings(
            user_id=user_id,
            desired_retention=0.9,
            new_per_day=20,
            max_reviews_per_day=200,
            learning_steps_minutes=[1, 10],
            relearning_steps_minutes=[10],
            topics=[],
            timezone="UTC",
            day_start_hour=4,
        )
    cache[user_id] = settings
    return settings


def saved_settings(user_id: int) -> StudySettings:
    """The settings row, added to the session if it did not exist (for writes)."""
    settings = load_settings(user_id)
    if settings not in db.session:
        db.session.add(settings)
    return settings


def learner_zone(settings: StudySettings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_start(settings: StudySettings) -> timedelta:
    """When the learner's day starts, local time; a saved hour outside 0-23 falls back to 4."""
    hour = settings.day_start_hour
    if not (isinstance(hour, int) and not isinstance(hour, bool) and 0 <= hour <= 23):
        log.warning("user %s: saved day_start_hour %r is unusable; using 4", settings.user_id, hour)
        hour = DEFAULT_DAY_START_HOUR
    return timedelta(hours=hour)


def learner_day(settings: StudySettings, now: datetime) -> tuple[datetime, datetime]:
    """UTC bounds of the learner's current study day."""
    return day_bounds(now, learner_zone(settings), day_start(settings))


def _steps(minutes: Any) -> tuple[timedelta, ...]:
    if not isinstance(minutes, list | tuple):
        raise ValueError(f"steps must be a list, got {minutes!r}")
    # timedelta raises OverflowError for huge numbers and ValueError for NaN.
    return tuple(timedelta(minutes=m) for m in minutes)


def _saved_options(settings: StudySettings) -> dict[str, Any]:
    """The scheduler options as saved, each converted on its own so one bad value spoils only
    itself; a value that cannot even be converted is left out (the default is used)."""
    readers = {
        "desired_retention": lambda: settings.desired_retention,
        "learning_steps": lambda: _steps(settings.learning_steps_minutes),
        "relearning_steps": lambda: _steps(settings.relearning_steps_minutes),
        "parameters": lambda: tuple(settings.parameters) if settings.parameters else None,
    }
    options: dict[str, Any] = {}
    for name, read in readers.items():
        try:
            value = read()
        except (TypeError, ValueError, OverflowError):
            continue
        if value is not None:
            options[name] = value
    return options


def scheduler_settings(settings: StudySettings) -> SchedulerSettings:
    """The learner's scheduler options; a saved value the scheduler refuses falls back to its
    default, so a bad row (saved before validation was tightened, or edited by hand) never makes
    every study page fail for that learner."""
    options = _saved_options(settings)
    try:
        return SchedulerSettings(**options)
    except (TypeError, ValueError, OverflowError):
        pass
    usable = {}
    for name, value in options.items():
        try:
            SchedulerSettings(**{name: value})
        except (TypeError, ValueError, OverflowError):
            log.warning(
                "user %s: saved %s %r is unusable; using the default", settings.user_id, name, value
            )
            continue
        usable[name] = value
    return SchedulerSettings(**usable)
