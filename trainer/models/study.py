"""Per-learner scheduling state and the review log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.questions import Question, QuestionVersion
from trainer.models.types import UTCDateTime, utcnow


class CardState(db.Model):
    """A learner's memory state for one question (FSRS card)."""

    __tablename__ = "card_states"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        # The hot query: this learner's unsuspended cards in due order.
        Index("ix_card_states_user_due", "user_id", "suspended", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    # fsrs.State: 1 learning, 2 review, 3 relearning; 0 = never reviewed (new).
    state: Mapped[int] = mapped_column(SmallInteger, default=0)
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    suspended: Mapped[bool] = mapped_column(default=False)
    # Suspended automatically after too many lapses (see services/study.py).
    leech: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()


class ReviewLog(db.Model):
    """One answer. Holds the state before it, so that it can be undone and history replayed."""

    __tablename__ = "review_logs"
    __table_args__ = (
        # One answer per presentation: a double-submitted form counts once.
        UniqueConstraint("user_id", "presentation_token"),
        Index("ix_review_logs_user_time", "user_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[int] = mapped_column(
        ForeignKey("card_states.id", ondelete="CASCADE"), index=True
    )
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(default=0)
    state_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The card's state before this answer (0 new, 1 learning, 2 review, 3 relearning), as a
    # column so that daily limits count with a plain indexed query.
    previous_state: Mapped[int] = mapped_column(SmallInteger, default=0)
    presentation_token: Mapped[str | None] = mapped_column(String(64))
    # Objective items: what the learner answered and how it was graded (item statistics).
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    correct: Mapped[bool | None]
    score: Mapped[float | None] = mapped_column(Float)

    card: Mapped[CardState] = relationship()
    question_version: Mapped[QuestionVersion] = relationship()


class StudySettings(db.Model):
    """A learner's scheduling preferences and, once optimised, their own FSRS parameters."""

    __tablename__ = "study_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    new_per_day: Mapped[int] = mapped_column(default=20)
    max_reviews_per_day: Mapped[int] = mapped_column(default=200)
    learning_steps_minutes: Mapped[list[float]] = mapped_column(JSON, default=lambda: [1, 10])
    relearning_steps_minutes: Mapped[list[float]] = mapped_column(JSON, default=lambda: [10])
    # Topic slugs to study; empty means every topic.
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Like Anki's "next day starts at": reviews before this hour count for the previous day.
    day_start_hour: Mapped[int] = mapped_column(SmallInteger, default=4)
    parameters: Mapped[list[float] | None] = mapped_column(JSON)
    parameters_fitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fit_log_loss_default: Mapped[float | None] = mapped_column(Float)
    fit_log_loss_fitted: Mapped[float | None] = mapped_column(Float)
    fit_review_count: Mapped[int | None]


class ImportedReview(db.Model):
    """A review brought from another program (Anki), used to fit the learner's parameters.

    Its cards are not our questions, so it lives apart from the review log.
    """

    __tablename__ = "imported_reviews"
    __table_args__ = (UniqueConstraint("user_id", "source", "external_card_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))
    external_card_id: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(SmallInteger)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(default=0)
