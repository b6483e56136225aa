"""Grading attempt items and closing attempts: by the learner (submit) or by the timer.

Closing is claimed with one conditional UPDATE (``state = in_progress`` -> ``finished``), so a
double submit, a submit racing the timer, or two ``close-overdue`` runs close an attempt once:
the loser sees the attempt already finished and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from trainer.domain import grading
from trainer.extensions import db
from trainer.models import AttemptCloser, AttemptItem, AttemptState, Quiz, QuizAttempt
from trainer.services.learning.study import version_content
from trainer.services.quizzes.retrieval import record_retrieval

#: A score this close below the pass mark still passes (float sums of partial marks).
_PASS_TOLERANCE = 1e-9


def grade_response(content: dict[str, Any], response: Any) -> grading.GradeResult:
    """The registry's grade of a (non-empty) response; InvalidResponse if it does not fit."""
    return grading.grade(content, response, duration_ms=0)


def grade_item(item: AttemptItem, quiz: Quiz, user_id: int, now: datetime) -> None:
    """Write the item's fraction and mark (0 when not answered) and, for a quiz that counts
    for SRS, record the answer as a retrieval. Does nothing to an item graded before."""
    if item.graded_at is not None:
        return
    item.graded_at = now
    if item.response is None:
        item.fraction, item.mark = 0.0, 0.0
        return
    try:
        result = grade_response(version_content(item.question_version_id), item.response)
    except grading.InvalidResponse:  # pragma: no cover - validated when saved
        item.fraction, item.mark = 0.0, 0.0
        return
    item.fraction = result.score
    item.mark = result.score * item.max_mark
    if quiz.counts_for_srs:
        record_retrieval(user_id, item, result, now)


def finish(attempt: QuizAttempt, now: datetime, closer: AttemptCloser) -> bool:
    """Close ``attempt`` with what was saved and grade it; commits.

    Returns False (changing nothing) when it was already finished. A timer close is dated at
    the due time, the moment the attempt ended, whenever the server gets to it."""
    finished_at = attempt.due_at if closer == AttemptCloser.TIMER and attempt.due_at else now
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == AttemptState.IN_PROGRESS)
        .values(state=AttemptState.FINISHED, finished_at=finished_at, closed_by=closer)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        db.session.refresh(attempt)
        return False
    # Read the items as committed now: a save may have landed since they were loaded.
    db.session.expire_all()
    quiz = attempt.quiz
    marks = max_marks = 0.0
    for item in attempt.items:
        grade_item(item, quiz, attempt.user_id, now)
        marks += item.mark or 0.0
        max_marks += item.max_mark
    attempt.marks, attempt.max_marks = marks, max_marks
    attempt.score = marks / max_marks if max_marks > 0 else 0.0
    attempt.passed = attempt.score + _PASS_TOLERANCE >= quiz.pass_fraction
    db.session.commit()
    return True


def close_if_overdue(attempt: QuizAttempt, now: datetime) -> bool:
    """The lazy close: an open attempt past its due time is closed by the timer (True)."""
    if attempt.state != AttemptState.IN_PROGRESS or attempt.due_at is None:
        return False
    if now < attempt.due_at:
        return False
    return finish(attempt, now, AttemptCloser.TIMER)


def close_overdue(now: datetime) -> int:
    """Close every open attempt whose due time has passed (``flask quiz close-overdue``);
    returns how many this call closed."""
    ids = db.session.execute(
        select(QuizAttempt.id)
        .where(QuizAttempt.state == AttemptState.IN_PROGRESS, QuizAttempt.due_at <= now)
        .order_by(QuizAttempt.id)
    ).scalars()
    closed = 0
    for attempt_id in list(ids):
        attempt = db.session.get(QuizAttempt, attempt_id)
        if attempt is not None and finish(attempt, now, AttemptCloser.TIMER):
            closed += 1
    return closed
