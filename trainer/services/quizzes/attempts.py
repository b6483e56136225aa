"""Taking a quiz: start an attempt, save answers as the learner goes, flag, check, submit.

Starting fixes everything the attempt shows (questions, versions, order, choice shuffles) as
attempt items. Saves are ordered by a revision number the page sends: a save carrying a
revision not newer than the stored one is stale (a slow request overtaken by a newer one) and
ignored. The server owns the clock: any request touching an open attempt past its due time
closes it first, with what was saved (``finishing.close_if_overdue``).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from trainer.domain import grading
from trainer.domain.quizzes import StartRefusal, attempt_due_at, refuse_start
from trainer.extensions import db
from trainer.models import (
    AttemptCloser,
    AttemptItem,
    AttemptState,
    FeedbackTiming,
    Quiz,
    QuizAttempt,
)
from trainer.request_ids import MAX_ROW_ID
from trainer.services.learning.study import version_content
from trainer.services.quizzes import finishing
from trainer.services.quizzes.drawing import resolve_slots
from trainer.services.quizzes.visibility import QuizNotFound, may_continue

#: Seed 0 on an attempt item means "choices in file order" (the quiz did not shuffle them);
#: shuffled items get seeds from 1 up, so the two never meet.
NO_SHUFFLE = 0
TIME_UP = (
    "Time is up: this attempt was closed at its due time with the answers saved before it. "
    "This answer was not saved."
)


class AttemptError(Exception):
    """A request on an attempt that cannot be honoured; ``status`` is its HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Started:
    attempt: QuizAttempt
    resumed: bool  # an attempt already in progress, not a new one


# --- starting ----------------------------------------------------------------------------------


def _attempts_of(quiz_id: int, user_id: int) -> list[QuizAttempt]:
    return list(
        db.session.execute(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz_id, QuizAttempt.user_id == user_id)
            .order_by(QuizAttempt.number)
        ).scalars()
    )


def open_attempt(quiz_id: int, user_id: int, now: datetime) -> QuizAttempt | None:
    """The learner's attempt in progress on this quiz (closing it first if overdue)."""
    for attempt in _attempts_of(quiz_id, user_id):
        if attempt.state == AttemptState.IN_PROGRESS and not finishing.close_if_overdue(
            attempt, now
        ):
            return attempt
    return None


def start_refusal(
    quiz: Quiz, user_id: int, now: datetime, made: list[QuizAttempt] | None = None
) -> StartRefusal | None:
    """Why this learner may not start a new attempt now (None: they may)."""
    made = _attempts_of(quiz.id, user_id) if made is None else made
    return refuse_start(
        now=now,
        opens_at=quiz.opens_at,
        closes_at=quiz.closes_at,
        attempts_allowed=quiz.attempts_allowed,
        attempts_made=len(made),
        has_open_attempt=open_attempt(quiz.id, user_id, now) is not None,
    )


def start(quiz: Quiz, user_id: int, now: datetime) -> Started:
    """Start a new attempt, or return the one in progress; AttemptError (409) when the quiz
    cannot be started now. Two concurrent starts make one attempt: both read the same earlier
    attempts and number theirs alike, so the second insert breaks the unique (quiz, user,
    number) constraint, and that request continues the first's attempt instead."""
    current = open_attempt(quiz.id, user_id, now)
    if current is not None:
        return Started(current, resumed=True)
    made = _attempts_of(quiz.id, user_id)
    refusal = start_refusal(quiz, user_id, now, made)
    if refusal is not None:
        raise AttemptError(refusal.value, 409)
    # A fresh seed per attempt; the draws and shuffles are then fixed in the attempt's rows.
    rng = random.Random(secrets.randbits(64))  # noqa: S311 - not a security use
    picks = resolve_slots(quiz, user_id, rng)
    if not picks:
        db.session.rollback()
        raise AttemptError(
            "This quiz has no published questions you can be asked yet. Tell its instructor.",
            409,
        )
    if quiz.shuffle_items:
        rng.shuffle(picks)
    number = max((a.number for a in made), default=0) + 1
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=user_id,
        number=number,
        started_at=now,
        due_at=attempt_due_at(now, quiz.time_limit_seconds, quiz.closes_at),
        max_marks=sum(p.max_mark for p in picks),
    )
    for position, pick in enumerate(picks, start=1):
        attempt.items.append(
            AttemptItem(
                position=position,
                question_id=pick.question_id,
                question_version_id=pick.version_id,
                slot_id=pick.slot_id,
                seed=rng.randrange(1, MAX_ROW_ID) if quiz.shuffle_choices else NO_SHUFFLE,
                max_mark=pick.max_mark,
            )
        )
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        winner = open_attempt(quiz.id, user_id, now)
        if winner is None:
            raise
        return Started(winner, resumed=True)
    return Started(attempt, resumed=False)


# --- reaching an attempt -----------------------------------------------------------------------


def attempt_for_owner(attempt_id: int, user_id: int, now: datetime) -> QuizAttempt:
    """The learner's own attempt, closed first if overdue; QuizNotFound for anyone else's
    (or one on a quiz they can no longer reach)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id or not may_continue(attempt.quiz, user_id):
        raise QuizNotFound
    finishing.close_if_overdue(attempt, now)
    return attempt


def item_at(attempt: QuizAttempt, position: int) -> AttemptItem:
    for item in attempt.items:
        if item.position == position:
            return item
    raise QuizNotFound


def _require_open(attempt: QuizAttempt, now: datetime) -> None:
    if attempt.state == AttemptState.IN_PROGRESS and finishing.close_if_overdue(attempt, now):
        raise AttemptError(TIME_UP, 409)
    if attempt.state != AttemptState.IN_PROGRESS:
        if attempt.closed_by == AttemptCloser.TIMER:
            raise AttemptError(TIME_UP, 409)
        raise AttemptError("This attempt has been submitted; answers can no longer change.", 409)


# --- answering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    item: AttemptItem
    stale: bool  # an older revision than the stored one: ignored


def checked_response(item: AttemptItem, response: Any) -> dict[str, Any] | None:
    """The response to store: None when empty (not answered); AttemptError when it does not
    fit the question."""
    content = version_content(item.question_version_id)
    # The same rule as the study screen's, which refuses what a quiz stores as not answered.
    if grading.is_empty_response(content, response):
        return None
    try:
        finishing.grade_response(content, response)
    except (grading.InvalidResponse, TypeError, ValueError) as error:
        raise AttemptError(f"That answer could not be read: {error}") from None
    return dict(response)


def save_response(
    attempt: QuizAttempt, position: int, response: Any, revision: int, now: datetime
) -> Saved:
    """Store the learner's response to one item as revision ``revision`` (autosave)."""
    _require_open(attempt, now)
    item = item_at(attempt, position)
    if item.graded_at is not None:
        raise AttemptError("This question was checked and can no longer be changed.", 409)
    stored = checked_response(item, response)
    written = db.session.execute(
        update(AttemptItem)
        .where(
            AttemptItem.id == item.id,
            AttemptItem.revision < revision,
            AttemptItem.graded_at.is_(None),
            # not once a submit or the timer has claimed the attempt (in another request)
            AttemptItem.attempt_id.in_(
                select(QuizAttempt.id).where(
                    QuizAttempt.id == attempt.id, QuizAttempt.state == AttemptState.IN_PROGRESS
                )
            ),
        )
        .values(response=stored, revision=revision, saved_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if written != 1:
        db.session.refresh(attempt)
        _require_open(attempt, now)
    db.session.refresh(item)
    return Saved(item, stale=written != 1)


def set_flag(attempt: QuizAttempt, position: int, flagged: bool, now: datetime) -> AttemptItem:
    _require_open(attempt, now)
    item = item_at(attempt, position)
    item.flagged = bool(flagged)
    db.session.commit()
    return item


def check_item(attempt: QuizAttempt, position: int, now: datetime) -> AttemptItem:
    """Immediate feedback: grade the item's saved response now and lock it."""
    _require_open(attempt, now)
    if attempt.quiz.feedback_timing != FeedbackTiming.IMMEDIATE:
        raise AttemptError("This quiz gives feedback after submission, not per question.", 409)
    item = item_at(attempt, position)
    if item.graded_at is not None:
        return item
    if item.response is None:
        raise AttemptError("Answer the question before checking it.")
    finishing.grade_item(item, attempt.quiz, attempt.user_id, now)
    db.session.commit()
    return item


def submit(attempt: QuizAttempt, now: datetime) -> bool:
    """The learner's final submit; False when the attempt was already closed (a double
    submit counts once)."""
    if attempt.state != AttemptState.IN_PROGRESS:
        return False
    if finishing.close_if_overdue(attempt, now):
        return False
    return finishing.finish(attempt, now, AttemptCloser.LEARNER)
