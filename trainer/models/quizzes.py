"""Quizzes and exams: what an instructor builds, and what a learner's attempt fixed and answered.

A ``Quiz`` holds its settings; its ``QuizSlot`` rows say which items it asks (a fixed question,
or N drawn at random from a topic/tag/muscle). Starting a ``QuizAttempt`` fixes everything the
attempt will show -- which questions, which of their versions, in which order, with which
shuffle seed -- as ``AttemptItem`` rows, so later edits to the bank or the quiz never change an
attempt under way or one already graded. Answers are saved on the attempt item as the learner
goes; marks are written when the item is graded (on submit, or per item with immediate feedback).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.accounts import Clinic, User
from trainer.models.enums import enum_column
from trainer.models.questions import Question, QuestionVersion
from trainer.models.types import UTCDateTime, utcnow


class QuizKind(enum.StrEnum):
    PRACTICE = "practice"
    EXAM = "exam"


class QuizStatus(enum.StrEnum):
    DRAFT = "draft"  # being built; learners cannot see it
    PUBLISHED = "published"  # learners of its audience can attempt it (between its dates)
    ARCHIVED = "archived"  # kept with its attempts; no new attempts


class QuizAudience(enum.StrEnum):
    CLINIC = "clinic"  # members of ``Quiz.clinic_id`` only
    SITE = "site"  # every signed-in user (shared-bank quizzes)
    LINK = "link"  # any signed-in user who has the link (``Quiz.link_token``)


class GradingMethod(enum.StrEnum):
    """Which attempt counts, as Moodle's quiz "grading method"."""

    HIGHEST = "highest"
    LAST = "last"
    FIRST = "first"
    AVERAGE = "average"


class FeedbackTiming(enum.StrEnum):
    """When the learner sees marks and feedback (Moodle's "question behaviour" and review
    options, reduced to the three choices instructors actually use)."""

    IMMEDIATE = "immediate"  # each item is checked (and locked) when answered
    AFTER_SUBMIT = "after_submit"
    AFTER_CLOSE = "after_close"  # only once the quiz's close date has passed


class AttemptState(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class AttemptCloser(enum.StrEnum):
    LEARNER = "learner"  # submitted by the learner
    TIMER = "timer"  # closed by the server at its due time, with what was saved


class Quiz(db.Model):
    __tablename__ = "quizzes"
    __table_args__ = (Index("ix_quizzes_clinic_status", "clinic_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[QuizKind] = mapped_column(
        enum_column(QuizKind, "quiz_kind"), default=QuizKind.PRACTICE
    )
    status: Mapped[QuizStatus] = mapped_column(
        enum_column(QuizStatus, "quiz_status"), default=QuizStatus.DRAFT
    )
    # None: a shared (site) quiz built by site instructors; otherwise that clinic's quiz.
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    audience: Mapped[QuizAudience] = mapped_column(
        enum_column(QuizAudience, "quiz_audience"), default=QuizAudience.SITE
    )
    # The secret part of a "anyone with the link" quiz's URL.
    link_token: Mapped[str | None] = mapped_column(String(43), unique=True)
    time_limit_seconds: Mapped[int | None]
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: unlimited.
    attempts_allowed: Mapped[int | None]
    grading_method: Mapped[GradingMethod] = mapped_column(
        enum_column(GradingMethod, "quiz_grading_method"), default=GradingMethod.HIGHEST
    )
    # Fraction of the quiz's marks needed to pass (0.8 = 80 %).
    pass_fraction: Mapped[float] = mapped_column(Float, default=0.8)
    shuffle_items: Mapped[bool] = mapped_column(default=True)
    shuffle_choices: Mapped[bool] = mapped_column(default=True)
    feedback_timing: Mapped[FeedbackTiming] = mapped_column(
        enum_column(FeedbackTiming, "quiz_feedback_timing"), default=FeedbackTiming.AFTER_SUBMIT
    )
    # What the review shows (at the time ``feedback_timing`` allows).
    review_marks: Mapped[bool] = mapped_column(default=True)
    review_keys: Mapped[bool] = mapped_column(default=True)
    review_explanations: Mapped[bool] = mapped_column(default=True)
    review_references: Mapped[bool] = mapped_column(default=True)
    # Answers also count as retrieval events in the learner's FSRS schedule.
    counts_for_srs: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    clinic: Mapped[Clinic | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    slots: Mapped[list[QuizSlot]] = relationship(
        back_populates="quiz", cascade="all, delete-orphan", order_by="QuizSlot.position"
    )


class QuizSlot(db.Model):
    """One line of a quiz: a fixed question, or ``draw_count`` published items drawn at random
    from those matching ``draw_topic``/``draw_tag``/``draw_muscle`` (each None = any)."""

    __tablename__ = "quiz_slots"
    __table_args__ = (UniqueConstraint("quiz_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    draw_count: Mapped[int | None]
    draw_topic: Mapped[str | None] = mapped_column(String(60))
    draw_tag: Mapped[str | None] = mapped_column(String(60))
    draw_muscle: Mapped[str | None] = mapped_column(String(80))
    # Prefer items this learner has never met (in study or a quiz) before drawing seen ones.
    unseen_first: Mapped[bool] = mapped_column(default=False)
    # Marks each item of this slot is worth.
    mark: Mapped[float] = mapped_column(Float, default=1.0)

    quiz: Mapped[Quiz] = relationship(back_populates="slots")
    question: Mapped[Question | None] = relationship()


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        # Two concurrent "start" requests compute the same number: one of them fails here.
        UniqueConstraint("quiz_id", "user_id", "number"),
        Index("ix_quiz_attempts_user_quiz", "user_id", "quiz_id"),
        # `quiz close-overdue` and the lazy close: open attempts past their due time.
        Index("ix_quiz_attempts_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    number: Mapped[int]
    state: Mapped[AttemptState] = mapped_column(
        enum_column(AttemptState, "quiz_attempt_state"), default=AttemptState.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # min(start + time limit, close date); None when neither is set.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[AttemptCloser | None] = mapped_column(
        enum_column(AttemptCloser, "quiz_attempt_closer")
    )
    # Set when finished: marks obtained, marks available, their ratio, and the pass decision
    # against the quiz's pass mark at that time.
    marks: Mapped[float | None] = mapped_column(Float)
    max_marks: Mapped[float] = mapped_column(Float, default=0.0)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="AttemptItem.position"
    )


class AttemptItem(db.Model):
    """One question of one attempt, fixed at the start; holds the saved response and its mark."""

    __tablename__ = "quiz_attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    # Item statistics and "seen before" read attempts by question.
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_slots.id", ondelete="SET NULL"))
    # Seed of the choice shuffle (trainer.domain.grading.present).
    seed: Mapped[int]
    max_mark: Mapped[float] = mapped_column(Float, default=1.0)
    # The learner's latest saved response (None: not answered), and how many saves it took:
    # a save carrying an older revision than the stored one is stale and ignored.
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=0)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flagged: Mapped[bool] = mapped_column(default=False)
    # Set when graded. ``fraction`` is the grader's score (0..1); ``mark`` = fraction × max_mark.
    # With immediate feedback an item is graded, and locked, when the learner checks it.
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fraction: Mapped[float | None] = mapped_column(Float)
    mark: Mapped[float | None] = mapped_column(Float)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()
    question_version: Mapped[QuestionVersion] = relationship()
