"""Which attempt counts, what the review shows when, and the finished-attempts query."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.quiz_take.conftest import T0, content_of, question_of, right
from trainer.models import FeedbackTiming, GradingMethod
from trainer.services.quizzes import attempts, history


def _take(quiz, user, correct: bool, when):
    tf = quiz.slots[0].question
    response = right(tf) if correct else {"answer": not content_of(tf)["answer"]}
    attempt = attempts.start(quiz, user.id, when).attempt
    attempts.save_response(attempt, 1, response, 1, when)
    attempts.submit(attempt, when + timedelta(minutes=1))
    return attempt


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (GradingMethod.HIGHEST, 1.0),
        (GradingMethod.FIRST, 0.0),
        (GradingMethod.LAST, 0.0),
        (GradingMethod.AVERAGE, 1 / 3),
    ],
)
def test_the_counted_score_follows_the_grading_method(db, factory, learner, bank, method, expected):
    quiz = factory.quiz([question_of("true_false")], grading_method=method)
    for n, correct in enumerate([False, True, False]):
        _take(quiz, learner, correct, T0 + timedelta(hours=n))
    now = T0 + timedelta(days=1)
    row = history.quiz_row(quiz, learner.id, now)
    assert row.counted == pytest.approx(expected)
    assert row.best == 1.0 and row.attempts_used == 3 and row.attempts_left is None
    assert history.counted_result(quiz, learner.id) == pytest.approx(expected)
    counted = [r.attempt.number for r in history.history(learner.id, now) if r.counted]
    assert counted == {"highest": [2], "first": [1], "last": [3], "average": []}[method.value]


def test_after_close_hides_marks_and_keys_until_the_close_date(db, factory, learner, bank):
    closes = T0 + timedelta(days=2)
    quiz = factory.quiz(
        [question_of("true_false")],
        feedback_timing=FeedbackTiming.AFTER_CLOSE,
        closes_at=closes,
    )
    _take(quiz, learner, True, T0)
    before = history.review_policy(quiz, closes - timedelta(seconds=1))
    assert not before.anything and before.hidden_until == closes
    assert history.quiz_row(quiz, learner.id, T0 + timedelta(hours=1)).counted is None
    (row,) = history.history(learner.id, T0 + timedelta(hours=1))
    assert row.score is None and row.passed is None
    after = history.review_policy(quiz, closes)
    assert after.marks and after.keys and after.explanations and after.references
    assert history.quiz_row(quiz, learner.id, closes).counted == 1.0


def test_review_settings_switch_parts_off(db, factory, learner, bank):
    quiz = factory.quiz(
        [question_of("true_false")], review_marks=False, review_keys=False, review_references=False
    )
    policy = history.review_policy(quiz, T0)
    assert (policy.marks, policy.keys, policy.explanations, policy.references) == (
        False,
        False,
        True,
        False,
    )


def test_finished_attempts_for_competency_requirements(db, factory, learner, bank):
    other = factory.user(email="other@example.com")
    exam = factory.quiz([question_of("true_false")], pass_fraction=1.0)
    practice = factory.quiz([question_of("true_false")])
    first = _take(exam, learner, False, T0)
    second = _take(exam, learner, True, T0 + timedelta(hours=1))
    _take(practice, learner, True, T0)
    _take(exam, other, True, T0)
    attempts.start(exam, other.id, T0 + timedelta(hours=2))  # in progress: not listed
    rows = history.finished_attempts(user_ids=[learner.id], quiz_ids=[exam.id])
    assert [(r.attempt_id, r.number, r.score, r.passed) for r in rows] == [
        (first.id, 1, 0.0, False),
        (second.id, 2, 1.0, True),
    ]
    assert rows[1].finished_at == T0 + timedelta(hours=1, minutes=1)
    assert len(history.finished_attempts(quiz_ids=[exam.id])) == 3
    assert len(history.finished_attempts()) == 4
    (as_input, _) = history.competency_attempts(rows)
    assert (as_input.person_id, as_input.quiz_id, as_input.score) == (learner.id, exam.id, 0.0)
    assert as_input.attempt_id == first.id and as_input.finished_at == rows[0].finished_at
