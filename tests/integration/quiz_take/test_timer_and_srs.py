"""The server's clock closes attempts (lazily and by `quiz close-overdue`), under a frozen clock;
quiz answers are FSRS retrievals once each, only for quizzes that count for SRS."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from tests.integration.quiz_take.conftest import T0, content_of, question_of, right
from trainer.domain.scheduling import Rating
from trainer.models import (
    AttemptCloser,
    AttemptState,
    CardState,
    QuizAttempt,
    ReviewLog,
    utcnow,
)
from trainer.services.quizzes import attempts, finishing, retrieval
from trainer.services.quizzes.attempts import AttemptError


def test_answers_after_the_due_time_are_refused_and_the_attempt_closes(db, factory, learner, bank):
    tf, sc = question_of("true_false"), question_of("single_choice")
    quiz = factory.quiz([tf, sc], shuffle_items=False, time_limit_seconds=600)
    with time_machine.travel(T0, tick=False) as clock:
        attempt = attempts.start(quiz, learner.id, utcnow()).attempt
        assert attempt.due_at == T0 + timedelta(minutes=10)
        clock.shift(timedelta(minutes=9, seconds=59))
        attempts.save_response(attempt, 1, right(tf), 1, utcnow())
        clock.shift(timedelta(seconds=1))  # exactly the due time: too late
        with pytest.raises(AttemptError, match="Time is up") as late:
            attempts.save_response(attempt, 2, right(sc), 1, utcnow())
        assert late.value.status == 409
    db.session.expire_all()
    closed = db.session.get(QuizAttempt, attempt.id)
    assert closed.state == AttemptState.FINISHED and closed.closed_by == AttemptCloser.TIMER
    assert closed.finished_at == T0 + timedelta(minutes=10)
    items = {i.position: i for i in closed.items}
    assert items[1].response == right(tf) and items[1].mark == 1.0
    assert items[2].response is None and items[2].mark == 0.0
    assert closed.marks == 1.0


def test_reaching_an_overdue_attempt_closes_it_lazily(db, factory, learner, bank):
    quiz = factory.quiz([question_of("true_false")], time_limit_seconds=60)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    still_open = attempts.attempt_for_owner(attempt.id, learner.id, T0 + timedelta(seconds=59))
    assert still_open.state == AttemptState.IN_PROGRESS
    reached = attempts.attempt_for_owner(attempt.id, learner.id, T0 + timedelta(minutes=5))
    assert reached.state == AttemptState.FINISHED and reached.closed_by == AttemptCloser.TIMER
    # a submit after the timer closed it changes nothing
    assert attempts.submit(reached, T0 + timedelta(minutes=6)) is False
    assert reached.closed_by == AttemptCloser.TIMER


def test_an_overdue_open_attempt_does_not_block_a_new_start(db, factory, learner, bank):
    quiz = factory.quiz([question_of("true_false")], time_limit_seconds=60, attempts_allowed=2)
    first = attempts.start(quiz, learner.id, T0).attempt
    second = attempts.start(quiz, learner.id, T0 + timedelta(hours=1))
    assert not second.resumed and second.attempt.number == 2
    db.session.refresh(first)
    assert first.closed_by == AttemptCloser.TIMER


def test_close_overdue_cli_closes_only_overdue_attempts(app, db, factory, learner, bank, runner):
    other = factory.user(email="other@example.com")
    timed = factory.quiz([question_of("true_false")], time_limit_seconds=300)
    untimed = factory.quiz([question_of("true_false")])
    with time_machine.travel(T0, tick=False) as clock:
        overdue = attempts.start(timed, learner.id, utcnow()).attempt
        clock.shift(timedelta(minutes=4))
        fresh = attempts.start(timed, other.id, utcnow()).attempt
        endless = attempts.start(untimed, learner.id, utcnow()).attempt
        ids = (overdue.id, fresh.id, endless.id)
        clock.shift(timedelta(minutes=2))  # the first is 1 min overdue, the second 3 min left
        result = runner.invoke(args=["quiz", "close-overdue"])
        assert result.exit_code == 0, result.output
        assert "Closed 1 overdue attempt(s)." in result.output
        again = runner.invoke(args=["quiz", "close-overdue"])
        assert "Closed 0 overdue attempt(s)." in again.output
    db.session.expire_all()
    states = [db.session.get(QuizAttempt, i).state for i in ids]
    assert states == [AttemptState.FINISHED, AttemptState.IN_PROGRESS, AttemptState.IN_PROGRESS]


def _logs(user_id):
    return db_scalars(select(ReviewLog).where(ReviewLog.user_id == user_id).order_by(ReviewLog.id))


def db_scalars(statement):
    from trainer.extensions import db

    return list(db.session.scalars(statement))


def test_graded_items_are_retrievals_once_creating_cards(db, factory, learner, bank):
    tf, sc, mr = (
        question_of("true_false"),
        question_of("single_choice"),
        question_of("multiple_response"),
    )
    quiz = factory.quiz([tf, sc, mr], shuffle_items=False, counts_for_srs=True)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    wrong_sc = next(i for i, c in enumerate(content_of(sc)["choices"]) if not c.get("correct"))
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    attempts.save_response(attempt, 2, {"choice": wrong_sc}, 1, T0)
    # 3 left unanswered: not a retrieval
    assert attempts.submit(attempt, T0 + timedelta(minutes=2))
    logs = _logs(learner.id)
    assert [(log.card.question_id, log.rating) for log in logs] == [
        (tf.id, int(Rating.GOOD)),
        (sc.id, int(Rating.AGAIN)),
    ]
    assert [log.correct for log in logs] == [True, False]
    cards = db_scalars(select(CardState).where(CardState.user_id == learner.id))
    assert sorted(c.question_id for c in cards) == sorted([tf.id, sc.id])
    assert all(c.reps == 1 for c in cards)
    # grading an item again (a retry, a racing close) records nothing more
    for item in attempt.items[:2]:
        item.graded_at = None
        finishing.grade_item(item, quiz, learner.id, T0 + timedelta(minutes=3))
    db.session.commit()
    assert len(_logs(learner.id)) == 2
    assert retrieval.retrieval_key(attempt.items[0].id) == logs[0].presentation_token


def test_an_existing_card_is_reviewed_not_duplicated(db, factory, learner, bank):
    tf = question_of("true_false")
    db.session.add(
        CardState(user_id=learner.id, question_id=tf.id, state=0, due=T0 - timedelta(days=1))
    )
    db.session.commit()
    quiz = factory.quiz([tf], counts_for_srs=True)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    attempts.submit(attempt, T0)
    count = db.session.scalar(
        select(func.count()).select_from(CardState).where(CardState.user_id == learner.id)
    )
    assert count == 1
    card = db.session.scalar(select(CardState).where(CardState.user_id == learner.id))
    assert card.reps == 1 and card.due > T0


def test_exams_that_do_not_count_for_srs_leave_the_schedule_alone(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf], counts_for_srs=False)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    attempts.submit(attempt, T0)
    assert _logs(learner.id) == []
    assert db.session.scalar(select(func.count()).select_from(CardState)) == 0
