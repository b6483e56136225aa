"""`flask --app trainer quiz seed`: the shipped quizzes, created once, never duplicated or
overwritten."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.factories import shipped_bank
from trainer.extensions import db as _db
from trainer.models import (
    FeedbackTiming,
    Question,
    QuestionVersion,
    Quiz,
    QuizKind,
    QuizSlot,
    QuizStatus,
    Topic,
)
from trainer.services.authoring import bank_sync


def _quizzes():
    return {q.title: q for q in _db.session.scalars(select(Quiz))}


def test_seed_creates_the_exam_and_a_practice_quiz_per_topic_once(db, runner):
    bank_sync.import_bank(shipped_bank())
    first = runner.invoke(args=["quiz", "seed"])
    assert first.exit_code == 0, first.output
    quizzes = _quizzes()
    topics = db.session.scalars(select(Topic)).all()
    assert set(quizzes) == {"Dry-needling safety exam"} | {f"Practice: {t.title}" for t in topics}
    exam = quizzes["Dry-needling safety exam"]
    assert (exam.kind, exam.status, exam.time_limit_seconds, exam.pass_fraction) == (
        QuizKind.EXAM, QuizStatus.PUBLISHED, 2400, 0.8,
    )  # fmt: skip
    assert exam.feedback_timing == FeedbackTiming.AFTER_SUBMIT and exam.counts_for_srs is False
    asked = db.session.execute(
        select(Topic.slug, QuestionVersion.type)
        .select_from(QuizSlot)
        .join(Question, Question.id == QuizSlot.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(QuizSlot.quiz_id == exam.id)
    ).all()
    assert len(asked) == 30 and {slug for slug, _ in asked} == {"safety"}
    assert "flashcard" not in {kind for _, kind in asked}
    practice = quizzes[f"Practice: {topics[0].title}"]
    (slot,) = practice.slots
    assert (slot.draw_count, slot.draw_topic, slot.unseen_first) == (10, topics[0].slug, True)
    assert practice.feedback_timing == FeedbackTiming.IMMEDIATE and practice.counts_for_srs

    # an instructor edits the exam; seeding again neither duplicates nor undoes it
    exam.time_limit_seconds = 3600
    db.session.commit()
    again = runner.invoke(args=["quiz", "seed"])
    assert again.exit_code == 0 and "0 created" in again.output
    assert db.session.scalar(select(func.count(Quiz.id))) == len(quizzes)
    db.session.expire_all()
    assert db.session.get(Quiz, exam.id).time_limit_seconds == 3600

    # a seeded quiz that was deleted comes back
    db.session.delete(db.session.get(Quiz, practice.id))
    db.session.commit()
    third = runner.invoke(args=["quiz", "seed"])
    assert f"created: Practice: {topics[0].title}" in third.output
    assert db.session.scalar(select(func.count(Quiz.id))) == len(quizzes)


def test_seed_without_a_bank_creates_nothing(db, runner):
    result = runner.invoke(args=["quiz", "seed"])
    assert result.exit_code == 0 and "0 created" in result.output
    assert db.session.scalar(select(func.count(Quiz.id))) == 0
