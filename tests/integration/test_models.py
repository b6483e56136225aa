"""Model-level guarantees on both backends: UTC datetimes, immutable versions, constraints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from trainer.models import Question, QuestionStatus, QuestionVersion, Topic, User


def test_utc_round_trip_returns_aware_utc(db, learner):
    moment = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    learner.password_changed_at = moment
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.execute(select(User.password_changed_at)).scalar_one()
    assert loaded == moment
    assert loaded.tzinfo is UTC  # the exact object fsrs requires


def test_other_zones_are_converted_to_utc(db, learner):
    plus_two = timezone(timedelta(hours=2))
    learner.password_changed_at = datetime(2026, 6, 1, 12, 0, tzinfo=plus_two)
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.execute(select(User.password_changed_at)).scalar_one()
    assert loaded == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert loaded.tzinfo is UTC


def test_naive_datetimes_are_refused(db, learner):
    learner.password_changed_at = datetime(2026, 1, 1)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.commit()
    db.session.rollback()


def test_utc_ordering_in_queries(db, factory):
    early = factory.user(email="early@example.com")
    late = factory.user(email="late@example.com")
    early.password_changed_at = datetime(2026, 1, 1, 23, 0, tzinfo=UTC)
    late.password_changed_at = datetime(2026, 1, 2, 0, 30, tzinfo=timezone(timedelta(hours=5)))
    db.session.commit()
    # late is 2026-01-01 19:30 UTC, so it sorts first despite its later local date
    emails = db.session.execute(select(User.email).order_by(User.password_changed_at)).scalars()
    assert list(emails) == ["late@example.com", "early@example.com"]


def _question(db) -> Question:
    topic = Topic(slug="physiology", title="Physiology")
    question = Question(external_id="phy-001", topic=topic, status=QuestionStatus.PUBLISHED)
    version = QuestionVersion(
        question=question,
        number=1,
        type="true_false",
        difficulty=1,
        prompt="P",
        content={"answer": True},
        content_hash="h",
    )
    db.session.add_all([topic, question, version])
    db.session.flush()
    question.current_version = version
    db.session.commit()
    return question


def test_question_versions_are_immutable(db):
    question = _question(db)
    version = question.current_version
    version.prompt = "edited in place"
    with pytest.raises(ValueError, match="immutable"):
        db.session.commit()
    db.session.rollback()


def test_version_numbers_unique_per_question(db):
    question = _question(db)
    db.session.add(
        QuestionVersion(
            question=question,
            number=1,
            type="true_false",
            difficulty=1,
            prompt="Q",
            content={},
            content_hash="x",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_status_is_checked_by_the_database(db):
    from sqlalchemy import text

    _question(db)
    with pytest.raises((IntegrityError, StatementError)):
        db.session.execute(text("UPDATE questions SET status = 'bogus'"))
        db.session.commit()
    db.session.rollback()
