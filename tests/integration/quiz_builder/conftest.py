"""Quiz builder fixtures: a small bank, builders of the shared bank and of two clinics, and
finished attempts written straight into the tables (the attempt service is another module's)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import _logged_in
from tests.factories import make_bank
from trainer.models import AttemptItem, AttemptState, ClinicRole, QuizAttempt


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=3)


@pytest.fixture
def instructor_a(factory, clinic_a):
    return factory.user(
        email="teach@alpha.example", name="Ada Alpha", clinic=clinic_a,
        clinic_role=ClinicRole.INSTRUCTOR,
    )  # fmt: skip


@pytest.fixture
def instructor_b(factory, clinic_b):
    return factory.user(
        email="teach@beta.example", name="Bea Beta", clinic=clinic_b,
        clinic_role=ClinicRole.INSTRUCTOR,
    )  # fmt: skip


@pytest.fixture
def client_a(app, instructor_a):
    return _logged_in(app, instructor_a)


@pytest.fixture
def client_b(app, instructor_b):
    return _logged_in(app, instructor_b)


def settings_form(**extra):
    data = {
        "owner": "shared",
        "title": "Neck and shoulder exam",
        "description": "Before needling the upper trapezius.",
        "kind": "exam",
        "audience": "site",
        "time_limit_minutes": "40",
        "opens_at": "",
        "closes_at": "",
        "attempts_allowed": "2",
        "grading_method": "highest",
        "pass_percent": "80",
        "shuffle_items": "y",
        "feedback_timing": "after_submit",
        "review_marks": "y",
        "counts_for_srs": "default",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def created_quiz_id(response) -> int:
    match = re.search(r"/quizzes/build/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def finish_attempt(db, quiz, user, number, marks, *, responses=None, minutes=10):
    """A finished attempt of ``user`` with one AttemptItem per (slot, mark) in ``marks``
    (a mark None: not answered); every item is worth its slot's mark."""
    slots = sorted(quiz.slots, key=lambda s: s.position)
    attempt = QuizAttempt(
        quiz_id=quiz.id, user_id=user.id, number=number, state=AttemptState.FINISHED,
        started_at=START + timedelta(hours=number),
        finished_at=START + timedelta(hours=number, minutes=minutes),
    )  # fmt: skip
    total = 0.0
    for position, (slot, mark) in enumerate(zip(slots, marks, strict=True), start=1):
        question = slot.question
        attempt.items.append(
            AttemptItem(
                position=position,
                question_id=question.id,
                question_version_id=question.current_version_id,
                slot_id=slot.id,
                seed=position,
                max_mark=slot.mark,
                mark=mark,
                fraction=None if mark is None else mark / slot.mark,
                response=(responses or {}).get(position),
            )  # fmt: skip
        )
        total += mark or 0.0
    max_marks = sum(s.mark for s in slots)
    attempt.marks, attempt.max_marks = total, max_marks
    attempt.score = total / max_marks
    attempt.passed = attempt.score >= quiz.pass_fraction
    db.session.add(attempt)
    db.session.commit()
    return attempt
