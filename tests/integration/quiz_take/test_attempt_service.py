"""Starting, saving, checking and submitting attempts (services/quizzes), on fixed clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from tests.integration.quiz_take.conftest import T0, content_of, question_of, right
from trainer.models import (
    AttemptCloser,
    AttemptState,
    FeedbackTiming,
    QuizAttempt,
    ReviewLog,
)
from trainer.services.quizzes import attempts, finishing
from trainer.services.quizzes.attempts import NO_SHUFFLE, AttemptError


def _five(db):
    return [
        question_of("true_false"),
        question_of("single_choice"),
        question_of("multiple_response"),
        question_of("matching"),
        question_of("body_map:select_regions"),
    ]


def test_start_fixes_items_versions_order_and_seeds(db, factory, learner, bank):
    questions = _five(db)
    quiz = factory.quiz(questions, shuffle_items=False, shuffle_choices=False)
    started = attempts.start(quiz, learner.id, T0)
    attempt = started.attempt
    assert not started.resumed
    assert [i.question_id for i in attempt.items] == [q.id for q in questions]
    assert [i.question_version_id for i in attempt.items] == [
        q.current_version_id for q in questions
    ]
    assert {i.seed for i in attempt.items} == {NO_SHUFFLE}
    assert attempt.number == 1 and attempt.due_at is None and attempt.max_marks == 5


def test_shuffled_attempts_keep_their_order_and_seeds(db, factory, learner, bank):
    questions = _five(db)
    quiz = factory.quiz(questions, shuffle_items=True, shuffle_choices=True)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    fixed = [(i.question_id, i.seed) for i in attempt.items]
    assert sorted(q for q, _ in fixed) == sorted(q.id for q in questions)
    assert all(seed != NO_SHUFFLE for _, seed in fixed)
    db.session.expire_all()
    again = attempts.start(quiz, learner.id, T0 + timedelta(minutes=1))
    assert again.resumed and again.attempt.id == attempt.id
    assert [(i.question_id, i.seed) for i in again.attempt.items] == fixed


def test_due_time_is_the_earlier_of_limit_and_close(db, factory, learner, bank):
    quiz = factory.quiz(
        [question_of("true_false")], time_limit_seconds=600, closes_at=T0 + timedelta(minutes=5)
    )
    assert attempts.start(quiz, learner.id, T0).attempt.due_at == T0 + timedelta(minutes=5)


def test_a_concurrent_second_start_continues_the_first(db, factory, learner, bank, monkeypatch):
    quiz = factory.quiz([question_of("true_false")])
    first = attempts.start(quiz, learner.id, T0).attempt
    # The second request looked before the first committed: it saw no open attempt, computed
    # the same attempt number, and its insert hits the unique (quiz, user, number) constraint.
    real = attempts._attempts_of
    reads = {"n": 0}

    def before_the_first_commit(quiz_id, user_id):
        reads["n"] += 1  # the start's three reads see no attempt; the retry after it sees it
        return [] if reads["n"] <= 3 else real(quiz_id, user_id)

    monkeypatch.setattr(attempts, "_attempts_of", before_the_first_commit)
    second = attempts.start(quiz, learner.id, T0)
    assert reads["n"] == 4, "the insert did not conflict"
    assert second.resumed and second.attempt.id == first.id
    count = db.session.scalar(select(func.count()).select_from(QuizAttempt))
    assert count == 1


def test_attempt_limits_and_dates(db, factory, learner, bank):
    quiz = factory.quiz(
        [question_of("true_false")],
        attempts_allowed=2,
        opens_at=T0,
        closes_at=T0 + timedelta(days=1),
    )
    with pytest.raises(AttemptError, match="not opened yet") as refused:
        attempts.start(quiz, learner.id, T0 - timedelta(seconds=1))
    assert refused.value.status == 409
    for n in range(2):
        attempt = attempts.start(quiz, learner.id, T0 + timedelta(minutes=n)).attempt
        assert attempts.submit(attempt, T0 + timedelta(minutes=n, seconds=30))
    with pytest.raises(AttemptError, match="used all the attempts"):
        attempts.start(quiz, learner.id, T0 + timedelta(minutes=5))
    other = factory.quiz([question_of("true_false")], closes_at=T0)
    with pytest.raises(AttemptError, match="closed"):
        attempts.start(other, learner.id, T0)


def test_saves_are_ordered_by_revision(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf])
    attempt = attempts.start(quiz, learner.id, T0).attempt
    first = attempts.save_response(attempt, 1, {"answer": "true"}, 2, T0)
    assert not first.stale and first.item.response == {"answer": "true"}
    stale = attempts.save_response(attempt, 1, {"answer": "false"}, 1, T0)
    assert stale.stale and stale.item.response == {"answer": "true"}
    same = attempts.save_response(attempt, 1, {"answer": "false"}, 2, T0)
    assert same.stale and same.item.response == {"answer": "true"}
    newer = attempts.save_response(attempt, 1, {"answer": "false"}, 3, T0)
    assert not newer.stale and newer.item.response == {"answer": "false"}
    assert newer.item.revision == 3


def test_empty_is_not_answered_and_bad_answers_are_refused(db, factory, learner, bank):
    mr, matching = question_of("multiple_response"), question_of("matching")
    quiz = factory.quiz([mr, matching], shuffle_items=False)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, {"choices": ["0"]}, 1, T0)
    cleared = attempts.save_response(attempt, 1, {"choices": []}, 2, T0)
    assert cleared.item.response is None
    assert attempts.save_response(attempt, 2, {"pairs": {}}, 1, T0).item.response is None
    with pytest.raises(AttemptError, match="could not be read") as bad:
        attempts.save_response(attempt, 1, {"choices": ["99"]}, 3, T0)
    assert bad.value.status == 400
    assert attempts.item_at(attempt, 1).response is None


def _graded(quiz, learner, responses, now=T0):
    attempt = attempts.start(quiz, learner.id, now).attempt
    for position, response in responses.items():
        attempts.save_response(attempt, position, response, 1, now)
    assert attempts.submit(attempt, now + timedelta(minutes=1))
    return attempt


def test_every_type_grades_through_the_registry_with_partial_credit(db, factory, learner, bank):
    tf, sc, mr, matching, regions = _five(db)
    identify = question_of("body_map:identify_muscle")
    quiz = factory.quiz(
        [tf, sc, mr, matching, regions, identify], shuffle_items=False, pass_fraction=0.5
    )
    for slot in quiz.slots:
        slot.mark = 2.0
    db.session.commit()
    mr_content, match_content = content_of(mr), content_of(matching)
    correct_mr = [i for i, c in enumerate(mr_content["choices"]) if c.get("correct")]
    pairs = right(matching)["pairs"]
    half_pairs = {k: v for n, (k, v) in enumerate(sorted(pairs.items())) if n % 2 == 0}
    regions_right = right(regions)["regions"]
    attempt = _graded(
        quiz,
        learner,
        {
            1: right(tf),
            2: right(sc),
            3: {"choices": correct_mr[:1]},  # one right pick of several: partial credit
            4: {"pairs": half_pairs},
            5: {"regions": regions_right},
            # 6: identify_muscle left empty: not answered
        },
    )
    by_position = {i.position: i for i in attempt.items}
    assert by_position[1].fraction == 1.0 and by_position[1].mark == 2.0
    assert by_position[2].fraction == 1.0
    expected_mr = 1 / len(correct_mr)
    assert by_position[3].fraction == pytest.approx(expected_mr)
    assert by_position[3].mark == pytest.approx(2 * expected_mr)
    assert by_position[4].fraction == pytest.approx(len(half_pairs) / len(match_content["pairs"]))
    assert by_position[5].fraction == 1.0
    assert by_position[6].response is None and by_position[6].mark == 0.0
    marks = sum(i.mark for i in attempt.items)
    assert attempt.marks == pytest.approx(marks) and attempt.max_marks == 12
    assert attempt.score == pytest.approx(marks / 12)
    assert attempt.passed == (marks / 12 >= 0.5)
    assert attempt.closed_by == AttemptCloser.LEARNER and attempt.state == AttemptState.FINISHED


def test_pass_mark_decides_passed(db, factory, learner, bank):
    tf, sc = question_of("true_false"), question_of("single_choice")
    quiz = factory.quiz([tf, sc], shuffle_items=False, pass_fraction=0.5)
    wrong_tf = {"answer": not content_of(tf)["answer"]}
    assert _graded(quiz, learner, {1: right(tf), 2: right(sc)}).passed is True
    assert _graded(quiz, learner, {1: wrong_tf, 2: right(sc)}).passed is True  # exactly 50 %
    assert _graded(quiz, learner, {1: wrong_tf}).passed is False


def test_double_submit_counts_once(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf], counts_for_srs=True)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    assert attempts.submit(attempt, T0 + timedelta(minutes=1)) is True
    finished_at = attempt.finished_at
    assert attempts.submit(attempt, T0 + timedelta(minutes=2)) is False
    # even a second close that did not see the first (a stale object) changes nothing
    set_committed_value(attempt, "state", AttemptState.IN_PROGRESS)
    assert finishing.finish(attempt, T0 + timedelta(minutes=3), AttemptCloser.LEARNER) is False
    db.session.expire_all()
    again = db.session.get(QuizAttempt, attempt.id)
    assert again.finished_at == finished_at and again.marks == 1.0
    assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 1


def test_immediate_feedback_checks_and_locks_an_item(db, factory, learner, bank):
    tf, sc = question_of("true_false"), question_of("single_choice")
    quiz = factory.quiz([tf, sc], shuffle_items=False, feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = attempts.start(quiz, learner.id, T0).attempt
    with pytest.raises(AttemptError, match="Answer the question"):
        attempts.check_item(attempt, 1, T0)
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    checked = attempts.check_item(attempt, 1, T0)
    assert checked.graded_at is not None and checked.fraction == 1.0
    with pytest.raises(AttemptError, match="can no longer be changed") as locked:
        attempts.save_response(attempt, 1, {"answer": "false"}, 2, T0)
    assert locked.value.status == 409
    assert attempts.submit(attempt, T0 + timedelta(minutes=1))
    assert attempt.marks == 1.0  # the checked item kept its mark; the other was not answered


def test_check_is_refused_without_immediate_feedback(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf])
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    with pytest.raises(AttemptError, match="after submission"):
        attempts.check_item(attempt, 1, T0)


def test_flags(db, factory, learner, bank):
    quiz = factory.quiz([question_of("true_false")])
    attempt = attempts.start(quiz, learner.id, T0).attempt
    assert attempts.set_flag(attempt, 1, True, T0).flagged is True
    assert attempts.set_flag(attempt, 1, False, T0).flagged is False


def test_a_fixed_flashcard_is_self_rated(db, factory, learner, bank):
    card = question_of("flashcard")
    quiz = factory.quiz([card, card], shuffle_items=False)  # asked once, whatever the slots
    attempt = attempts.start(quiz, learner.id, T0).attempt
    assert len(attempt.items) == 1
    attempts.save_response(attempt, 1, {"rating": "1"}, 1, T0)  # Again: not recalled
    assert attempts.submit(attempt, T0)
    assert attempt.items[0].fraction == 0.0 and attempt.score == 0.0


def test_a_save_racing_a_submit_is_refused_not_stored(db, factory, learner, bank):
    tf = question_of("true_false")
    quiz = factory.quiz([tf])
    attempt = attempts.start(quiz, learner.id, T0).attempt
    attempts.save_response(attempt, 1, right(tf), 1, T0)
    assert attempts.submit(attempt, T0)
    # a request that loaded the attempt and its items before the submit committed
    set_committed_value(attempt, "state", AttemptState.IN_PROGRESS)
    set_committed_value(attempt.items[0], "graded_at", None)
    with pytest.raises(AttemptError, match="submitted") as refused:
        attempts.save_response(attempt, 1, {"answer": "false"}, 2, T0)
    assert refused.value.status == 409
    db.session.expire_all()
    item = db.session.get(QuizAttempt, attempt.id).items[0]
    assert item.response == right(tf) and item.revision == 1
