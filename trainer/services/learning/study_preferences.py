"""Saving a learner's study settings (the form has validated the values)."""

from __future__ import annotations

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
