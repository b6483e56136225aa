"""What a learner sees of their attempts: when marks may be shown, the list of their quizzes,
their history, and the finished-attempts query other features read (competency exams)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from trainer.domain import competency
from trainer.domain.quizzes import AttemptScore, StartRefusal, counted_score
from trainer.extensions import db
from trainer.models import AttemptCloser, AttemptState, FeedbackTiming, Quiz, QuizAttempt
from trainer.services.quizzes.attempts import open_attempt, start_refusal
from trainer.services.quizzes.visibility import listed_quizzes


@dataclass(frozen=True)
class ReviewPolicy:
    """What the review of a finished attempt shows now (per the quiz's review settings)."""

    marks: bool
    keys: bool
    explanations: bool
    references: bool
    hidden_until: datetime | None = None  # after_close: feedback waits for the close date

    @property
    def anything(self) -> bool:
        return self.marks or self.keys or self.explanations or self.references


def review_policy(quiz: Quiz, now: datetime, *, finished: bool = True) -> ReviewPolicy:
    """Marks, keys, explanations and references show once the attempt is finished -- or, for
    feedback "after the close date", once ``quiz.closes_at`` has passed (a quiz without a close
    date shows them on submission)."""
    waiting = (
        quiz.feedback_timing == FeedbackTiming.AFTER_CLOSE
        and quiz.closes_at is not None
        and now < quiz.closes_at
    )
    if not finished or waiting:
        return ReviewPolicy(False, False, False, False, quiz.closes_at if waiting else None)
    return ReviewPolicy(
        marks=quiz.review_marks,
        keys=quiz.review_keys,
        explanations=quiz.review_explanations,
        references=quiz.review_references,
    )


def _scores(attempts: Iterable[QuizAttempt]) -> list[AttemptScore]:
    return [
        AttemptScore(a.number, a.finished_at, a.score)
        for a in attempts
        if a.state == AttemptState.FINISHED and a.score is not None and a.finished_at
    ]


@dataclass(frozen=True)
class QuizRow:
    """One line of the learner's quiz list."""

    quiz: Quiz
    attempts_used: int
    attempts_left: int | None  # None: unlimited
    open_attempt: QuizAttempt | None
    refusal: StartRefusal | None
    counted: float | None  # the score that counts, when marks may be shown
    best: float | None
    marks_hidden_until: datetime | None

    @property
    def due(self) -> datetime | None:
        """What is due: the open attempt's due time, else the quiz's close date."""
        if self.open_attempt is not None and self.open_attempt.due_at is not None:
            return self.open_attempt.due_at
        return self.quiz.closes_at


def quiz_row(quiz: Quiz, user_id: int, now: datetime) -> QuizRow:
    attempts = list(
        db.session.execute(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == user_id)
            .order_by(QuizAttempt.number)
        ).scalars()
    )
    current = open_attempt(quiz.id, user_id, now)
    policy = review_policy(quiz, now)
    scores = _scores(attempts)
    used = len(attempts)
    return QuizRow(
        quiz=quiz,
        attempts_used=used,
        attempts_left=None
        if quiz.attempts_allowed is None
        else max(0, quiz.attempts_allowed - used),
        open_attempt=current,
        refusal=None if current else start_refusal(quiz, user_id, now),
        counted=counted_score(scores, quiz.grading_method.value) if policy.marks else None,
        best=max((s.score for s in scores), default=None) if policy.marks else None,
        marks_hidden_until=policy.hidden_until,
    )


def quiz_rows(user_id: int, now: datetime) -> list[QuizRow]:
    """The learner's quiz list: open attempts first, then what closes soonest."""
    rows = [quiz_row(quiz, user_id, now) for quiz in listed_quizzes(user_id)]
    return sorted(rows, key=lambda r: (r.open_attempt is None, r.due is None, r.due or now))


@dataclass(frozen=True)
class HistoryRow:
    attempt: QuizAttempt
    quiz_title: str
    time_taken: timedelta | None
    score: float | None  # None while in progress or while marks are hidden
    passed: bool | None
    counted: bool  # the attempt whose score counts (highest, first or last); False for average


def history(user_id: int, now: datetime, quiz_id: int | None = None) -> list[HistoryRow]:
    """The learner's attempts, newest first (one quiz's, or every quiz's)."""
    query = select(QuizAttempt).where(QuizAttempt.user_id == user_id)
    if quiz_id is not None:
        query = query.where(QuizAttempt.quiz_id == quiz_id)
    attempts = list(
        db.session.execute(query.order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc()))
        .scalars()
        .all()
    )
    counted_ids = _counted_attempt_ids(attempts)
    rows = []
    for attempt in attempts:
        finished = attempt.state == AttemptState.FINISHED
        policy = review_policy(attempt.quiz, now, finished=finished)
        taken = (attempt.finished_at - attempt.started_at) if attempt.finished_at else None
        rows.append(
            HistoryRow(
                attempt=attempt,
                quiz_title=attempt.quiz.title,
                time_taken=taken,
                score=attempt.score if policy.marks else None,
                passed=attempt.passed if policy.marks else None,
                counted=attempt.id in counted_ids and policy.marks,
            )
        )
    return rows


def _counted_attempt_ids(attempts: list[QuizAttempt]) -> set[int]:
    by_quiz: dict[int, list[QuizAttempt]] = {}
    for a in attempts:
        if a.state == AttemptState.FINISHED and a.score is not None:
            by_quiz.setdefault(a.quiz_id, []).append(a)
    chosen = set()
    for finished in by_quiz.values():
        method = finished[0].quiz.grading_method.value
        if method == "highest":
            chosen.add(max(finished, key=lambda a: (a.score, -a.number)).id)
        elif method == "first":
            chosen.add(min(finished, key=lambda a: a.number).id)
        elif method == "last":
            chosen.add(max(finished, key=lambda a: a.number).id)
    return chosen


# --- for other features -------------------------------------------------------------------------


@dataclass(frozen=True)
class FinishedAttempt:
    attempt_id: int
    user_id: int
    quiz_id: int
    number: int
    finished_at: datetime
    score: float
    passed: bool
    closed_by: AttemptCloser


def finished_attempts(
    *, user_ids: Iterable[int] | None = None, quiz_ids: Iterable[int] | None = None
) -> list[FinishedAttempt]:
    """Finished attempts (optionally of these users / quizzes), oldest first: what competency
    requirements such as "passed the safety exam" read. Scores are fractions (0..1)."""
    query = select(
        QuizAttempt.id,
        QuizAttempt.user_id,
        QuizAttempt.quiz_id,
        QuizAttempt.number,
        QuizAttempt.finished_at,
        QuizAttempt.score,
        QuizAttempt.passed,
        QuizAttempt.closed_by,
    ).where(QuizAttempt.state == AttemptState.FINISHED)
    if user_ids is not None:
        query = query.where(QuizAttempt.user_id.in_(list(user_ids)))
    if quiz_ids is not None:
        query = query.where(QuizAttempt.quiz_id.in_(list(quiz_ids)))
    rows = db.session.execute(query.order_by(QuizAttempt.finished_at, QuizAttempt.id)).all()
    return [
        FinishedAttempt(r[0], r[1], r[2], r[3], r[4], r[5] or 0.0, bool(r[6]), r[7]) for r in rows
    ]


def competency_attempts(rows: Iterable[FinishedAttempt]) -> list[competency.QuizAttempt]:
    """``finished_attempts`` rows as the competency rules take them (person = user id)."""
    return [
        competency.QuizAttempt(
            person_id=r.user_id,
            quiz_id=r.quiz_id,
            finished_at=r.finished_at,
            score=min(1.0, max(0.0, r.score)),
            passed=r.passed,
            attempt_id=r.attempt_id,
        )
        for r in rows
    ]


def counted_result(quiz: Quiz, user_id: int) -> float | None:
    """The learner's score on ``quiz`` under its grading method (None before any finish),
    regardless of when the learner may see it."""
    attempts = db.session.execute(
        select(QuizAttempt).where(QuizAttempt.quiz_id == quiz.id, QuizAttempt.user_id == user_id)
    ).scalars()
    return counted_score(_scores(attempts), quiz.grading_method.value)
