"""Authoring fixtures: a small bank, authors of the shared bank and of two clinics."""

from __future__ import annotations

import re

import pytest

from tests.conftest import _logged_in
from tests.factories import make_bank
from trainer.models import ClinicRole, SiteRole


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=2)


@pytest.fixture
def second_instructor(factory):
    return factory.user(
        email="second@example.com", name="Sam Second", site_role=SiteRole.INSTRUCTOR
    )


@pytest.fixture
def instructor_a(factory, clinic_a):
    return factory.user(
        email="teach@alpha.example",
        name="Ada Alpha",
        clinic=clinic_a,
        clinic_role=ClinicRole.INSTRUCTOR,
    )


@pytest.fixture
def instructor_b(factory, clinic_b):
    return factory.user(
        email="teach@beta.example",
        name="Bea Beta",
        clinic=clinic_b,
        clinic_role=ClinicRole.INSTRUCTOR,
    )


@pytest.fixture
def second_client(app, second_instructor):
    return _logged_in(app, second_instructor)


@pytest.fixture
def client_a(app, instructor_a):
    return _logged_in(app, instructor_a)


@pytest.fixture
def client_b(app, instructor_b):
    return _logged_in(app, instructor_b)


def flashcard_form(owner="shared", topic="physiology", **extra):
    """A valid new flashcard as the editor posts it."""
    data = {
        "type": "flashcard",
        "owner": owner,
        "topic": topic,
        "difficulty": "2",
        "tags": "editor-made",
        "prompt": "What does an <b>authoring</b> test ask?",
        "answer_text": "Whether the editor saves a valid item.",
        "explanation": "The editor runs the bank's own rules.",
        "references-0-key": "",
        "references-0-where": "",
        "action": "save",
    }
    data.update(extra)
    return data


def first_reference(db) -> str:
    from sqlalchemy import select

    from trainer.models import BankReference

    return (
        db.session.execute(select(BankReference.key).order_by(BankReference.position))
        .scalars()
        .first()
    )


def created_id(response) -> int:
    match = re.search(r"/author/items/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))
