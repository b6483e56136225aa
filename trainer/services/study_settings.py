"""A learner's study settings: read (with defaults) and the scheduler/day they imply."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.domain.learner_stats import day_bounds
from trainer.domain.scheduling import DEFAULT_PARAMETERS, SchedulerSettings
from trainer.extensions import db
from trainer.models import StudySettings

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


def learner_day(settings: StudySettings, now: datetime) -> tuple[datetime, datetime]:
    """UTC bounds of the learner's current study day."""
    return day_bounds(now, learner_zone(settings), timedelta(hours=settings.day_start_hour))


def scheduler_settings(settings: StudySettings) -> SchedulerSettings:
    return SchedulerSettings(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        parameters=tuple(settings.parameters) if settings.parameters else DEFAULT_PARAMETERS,
    )
