"""Saving a learner's study settings (the form has validated the values)."""

from __future__ import annotations

from zoneinfo import available_timezones

from trainer.extensions import db
from trainer.services.learning.study_settings import saved_settings


def save_preferences(
    user_id: int,
    *,
    desired_retention: float,
    new_per_day: int,
    max_reviews_per_day: int,
    learning_steps: list[float],
    relearning_steps: list[float],
    topics: list[str],
    timezone: str,
    day_start_hour: int,
) -> None:
    settings = saved_settings(user_id)
    settings.desired_retention = float(desired_retention)
    settings.new_per_day = new_per_day
    settings.max_reviews_per_day = max_reviews_per_day
    settings.learning_steps_minutes = learning_steps
    settings.relearning_steps_minutes = relearning_steps
    settings.topics = topics
    settings.timezone = timezone
    settings.day_start_hour = day_start_hour
    db.session.commit()


def set_initial_timezone(user_id: int, name: object) -> str:
    """A new account's time zone, from the browser at registration; anything that is not an
    IANA zone name known here (no script, an old browser, a forged form) means UTC.
    The caller commits. Returns the zone saved."""
    zone = name if isinstance(name, str) and name in available_timezones() else "UTC"
    saved_settings(user_id).timezone = zone
    return zone
