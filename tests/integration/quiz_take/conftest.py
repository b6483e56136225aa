"""Fixtures for the learner's side of quizzes: the bank slice, questions by type, a clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import make_bank
from trainer.domain import grading
from trainer.models import Question, QuestionStatus, QuestionVersion
from trainer.services.learning.study import version_content

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def bank(db):
    return make_bank(db)


def question_of(type_key: str, *, skip: int = 0) -> Question:
    """A published shared question of this grading type key (the ``skip``-th one, by id)."""
    rows = (
        select(Question, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.status == QuestionStatus.PUBLISHED, Question.clinic_id.is_(None))
        .order_by(Question.id)
    )
    from trainer.extensions import db

    found = [
        q for q, content in db.session.execute(rows).all() if grading.type_key(content) == type_key
    ]
    assert len(found) > skip, f"the bank slice has no {type_key} item number {skip}"
    return found[skip]


def content_of(question: Question) -> dict:
    return version_content(question.current_version_id)


def right(question: Question) -> dict:
    return grading.correct_response(content_of(question))
