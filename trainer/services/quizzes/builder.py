"""Building quizzes: who may build which, listing them, and their settings (the slots, publish
and archive are in ``slots``).

Who builds what follows authoring (``services.authoring.permissions``): the shared bank's
authors (site instructors and admins) build site and link quizzes (``clinic_id`` None); a
clinic's instructors and managers build that clinic's quizzes. A quiz outside the builder's
scope does not exist for them (the views answer 404).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from trainer.extensions import db
from trainer.models import (
    Clinic,
    FeedbackTiming,
    GradingMethod,
    Quiz,
    QuizAttempt,
    QuizAudience,
    QuizKind,
    QuizSlot,
    QuizStatus,
    User,
)
from trainer.services.authoring.permissions import AuthorScope


class BuildError(Exception):
    """A change the quiz refuses; the message is shown to the builder."""


SLOTS_LOCKED = (
    "This quiz already has attempts, so its items are locked: every attempt must have been "
    "asked the same quiz. Build a new quiz to ask other items."
)


@dataclass(frozen=True)
class Settings:
    """Every setting of a quiz, as the builder's form gives them (times are UTC)."""

    title: str
    description: str = ""
    kind: QuizKind = QuizKind.PRACTICE
    audience: QuizAudience = QuizAudience.SITE
    time_limit_minutes: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    attempts_allowed: int | None = None
    grading_method: GradingMethod = GradingMethod.HIGHEST
    pass_percent: float = 80.0
    shuffle_items: bool = True
    shuffle_choices: bool = True
    feedback_timing: FeedbackTiming = FeedbackTiming.AFTER_SUBMIT
    review_marks: bool = True
    review_keys: bool = True
    review_explanations: bool = True
    review_references: bool = True
    counts_for_srs: bool | None = None  # None: the kind's default (practice on, exam off)


def default_counts_for_srs(kind: QuizKind) -> bool:
    return kind == QuizKind.PRACTICE


def allows_quiz(scope: AuthorScope, quiz: Quiz) -> bool:
    return scope.allows_owner(quiz.clinic_id)


def quiz_in_scope(scope: AuthorScope, quiz_id: int) -> Quiz | None:
    quiz = db.session.get(Quiz, quiz_id)
    return quiz if quiz is not None and allows_quiz(scope, quiz) else None


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    owner_name: str
    slots: int
    attempts: int


def quizzes_for(scope: AuthorScope) -> list[QuizRow]:
    """The quizzes the builder may edit, newest first, with slot and attempt counts."""
    owner = []
    if scope.shared:
        owner.append(Quiz.clinic_id.is_(None))
    if scope.clinic_ids:
        owner.append(Quiz.clinic_id.in_(sorted(scope.clinic_ids)))
    if not owner:
        return []
    where = owner[0] if len(owner) == 1 else owner[0] | owner[1]
    slots = select(func.count(QuizSlot.id)).where(QuizSlot.quiz_id == Quiz.id).scalar_subquery()
    attempts = (
        select(func.count(QuizAttempt.id)).where(QuizAttempt.quiz_id == Quiz.id).scalar_subquery()
    )
    rows = db.session.execute(
        select(Quiz, Clinic.name, slots, attempts)
        .outerjoin(Clinic, Clinic.id == Quiz.clinic_id)
        .where(where)
        .order_by(Quiz.updated_at.desc(), Quiz.id.desc())
    ).all()
    return [
        QuizRow(q, name or "Site", n_slots, n_attempts) for q, name, n_slots, n_attempts in rows
    ]


def has_attempts(quiz: Quiz) -> bool:
    return bool(
        db.session.execute(
            select(QuizAttempt.id).where(QuizAttempt.quiz_id == quiz.id).limit(1)
        ).first()
    )


def audience_problem(clinic_id: int | None, audience: QuizAudience) -> str | None:
    """Clinic quizzes are for their clinic only; shared quizzes for the site or a link."""
    if clinic_id is not None and audience != QuizAudience.CLINIC:
        return "A clinic's quiz is only for that clinic's members."
    if clinic_id is None and audience == QuizAudience.CLINIC:
        return "A shared quiz is for the whole site or for anyone with its link."
    return None


def _apply(quiz: Quiz, settings: Settings) -> None:
    quiz.title = settings.title
    quiz.description = settings.description
    quiz.kind = settings.kind
    quiz.audience = settings.audience
    if settings.audience == QuizAudience.LINK:
        quiz.link_token = quiz.link_token or secrets.token_urlsafe(32)
    else:
        quiz.link_token = None
    quiz.time_limit_seconds = (
        settings.time_limit_minutes * 60 if settings.time_limit_minutes else None
    )
    quiz.opens_at = settings.opens_at
    quiz.closes_at = settings.closes_at
    quiz.attempts_allowed = settings.attempts_allowed
    quiz.grading_method = settings.grading_method
    quiz.pass_fraction = settings.pass_percent / 100
    quiz.shuffle_items = settings.shuffle_items
    quiz.shuffle_choices = settings.shuffle_choices
    quiz.feedback_timing = settings.feedback_timing
    quiz.review_marks = settings.review_marks
    quiz.review_keys = settings.review_keys
    quiz.review_explanations = settings.review_explanations
    quiz.review_references = settings.review_references
    quiz.counts_for_srs = (
        default_counts_for_srs(settings.kind)
        if settings.counts_for_srs is None
        else settings.counts_for_srs
    )


def create_quiz(user: User, clinic_id: int | None, settings: Settings) -> Quiz:
    """A new draft quiz (the caller has checked the owner is in the builder's scope)."""
    problem = audience_problem(clinic_id, settings.audience)
    if problem:
        raise BuildError(problem)
    quiz = Quiz(clinic_id=clinic_id, created_by_id=user.id, status=QuizStatus.DRAFT)
    _apply(quiz, settings)
    db.session.add(quiz)
    db.session.commit()
    return quiz


def update_settings(quiz: Quiz, settings: Settings) -> None:
    problem = audience_problem(quiz.clinic_id, settings.audience)
    if problem:
        raise BuildError(problem)
    _apply(quiz, settings)
    db.session.commit()
