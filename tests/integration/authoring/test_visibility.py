"""Ownership: learners study the shared bank plus their own clinics' published items only."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.factories import make_bank
from trainer.models import ClinicRole, Question, QuestionStatus
from trainer.services.learning import study_queue

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _new_question_ids(user_id: int) -> set[int]:
    scope = study_queue._Scope(user_id, study_queue.SessionFilter())
    return set(
        study_queue.db.session.execute(
            study_queue._new_questions(user_id, scope).with_only_columns(Question.id)
        ).scalars()
    )


def _give_to(db, clinic, question_ids):
    for question in db.session.execute(
        select(Question).where(Question.id.in_(question_ids))
    ).scalars():
        question.clinic_id = clinic.id
    db.session.commit()


def test_clinic_items_reach_only_that_clinics_members(db, factory, clinic_a, clinic_b):
    make_bank(db, per_topic=2)
    ids = sorted(db.session.execute(select(Question.id)).scalars())
    _give_to(db, clinic_a, ids[:2])
    _give_to(db, clinic_b, ids[2:4])
    member_a = factory.user(email="a@alpha.example", clinic=clinic_a)
    member_b = factory.user(email="b@beta.example", clinic=clinic_b, clinic_role=ClinicRole.MANAGER)
    outsider = factory.user(email="solo@example.com")

    shared = set(ids[4:])
    assert _new_question_ids(outsider.id) == shared
    assert _new_question_ids(member_a.id) == shared | set(ids[:2])
    assert _new_question_ids(member_b.id) == shared | set(ids[2:4])
    assert study_queue.counts(outsider.id, NOW).new == min(20, len(shared))


def test_unpublished_clinic_items_stay_out_of_study(db, factory, clinic_a):
    make_bank(db, per_topic=1)
    ids = sorted(db.session.execute(select(Question.id)).scalars())
    _give_to(db, clinic_a, ids[:1])
    question = db.session.get(Question, ids[0])
    question.status = QuestionStatus.DRAFT
    db.session.commit()
    member = factory.user(email="a@alpha.example", clinic=clinic_a)
    assert ids[0] not in _new_question_ids(member.id)


def test_a_card_of_a_clinic_item_disappears_when_the_learner_leaves(db, factory, clinic_a):
    from trainer.models import Membership

    make_bank(db, per_topic=1)
    ids = sorted(db.session.execute(select(Question.id)).scalars())
    _give_to(db, clinic_a, ids)  # every item is the clinic's
    member = factory.user(email="a@alpha.example", clinic=clinic_a)
    assert study_queue.next_card(member.id, NOW) is not None
    db.session.commit()
    db.session.execute(Membership.__table__.delete().where(Membership.user_id == member.id))
    db.session.commit()
    assert study_queue.next_card(member.id, NOW) is None
