"""The quiz tables: the factory's quiz round-trips, an attempt number is unique per learner."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.factories import make_bank
from trainer.models import Question, QuizAttempt, QuizAudience, QuizSlot


def test_factory_quiz_has_fixed_then_drawn_slots(db, factory):
    make_bank(db, per_topic=2)
    questions = db.session.scalars(select(Question).order_by(Question.id).limit(2)).all()
    clinic = factory.clinic("North", "north")
    quiz = factory.quiz(questions, draws=[{"draw_count": 3, "draw_topic": "safety"}], clinic=clinic)
    slots = db.session.scalars(
        select(QuizSlot).where(QuizSlot.quiz_id == quiz.id).order_by(QuizSlot.position)
    ).all()
    assert [s.question_id for s in slots] == [questions[0].id, questions[1].id, None]
    assert (slots[2].draw_count, slots[2].draw_topic) == (3, "safety")
    assert quiz.audience == QuizAudience.CLINIC


def test_attempt_numbers_are_unique_per_learner_and_quiz(db, factory, learner):
    quiz = factory.quiz()
    db.session.add(QuizAttempt(quiz_id=quiz.id, user_id=learner.id, number=1))
    db.session.commit()
    db.session.add(QuizAttempt(quiz_id=quiz.id, user_id=learner.id, number=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
