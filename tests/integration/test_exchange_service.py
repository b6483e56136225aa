"""trainer/services/authoring/exchange_import.py: plan, dry run, versions, all or nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.exchange import gift
from trainer.models import Question, QuestionStatus, QuestionVersion
from trainer.services.authoring import exchange_import
from trainer.services.authoring.bank_sync import current_bank

GIFT = """$CATEGORY: $course$/top/Safety

// @tag reference:namtpt
::First::Imported question one?{TRUE####Because one.}

// @tag reference:namtpt
::Second::Imported question two?{FALSE####Because two.}
"""


def _versions(db) -> int:
    return db.session.execute(select(func.count()).select_from(QuestionVersion)).scalar_one()


@pytest.fixture
def parsed(db):
    make_bank(db, per_topic=2)
    result = gift.parse(GIFT, "two.txt", exchange_import.import_context())
    assert result.errors == []
    return [i.item for i in result.items]


def test_context_gives_fresh_ids_after_every_id_in_use(db, parsed):
    used = db.session.execute(select(Question.external_id)).scalars().all()
    assert not {i.id for i in parsed} & set(used)
    assert all(i.id.startswith("saf-") for i in parsed)


def test_dry_run_reports_the_plan_and_writes_nothing(db, parsed):
    before = _versions(db)
    report = exchange_import.import_items(parsed, dry_run=True)
    assert (sorted(report.created), report.updated) == (sorted(i.id for i in parsed), [])
    assert _versions(db) == before


def test_import_creates_published_questions_that_join_the_current_bank(db, parsed):
    report = exchange_import.import_items(parsed)
    assert len(report.created) == 2
    bank = current_bank()
    for item in parsed:
        assert bank.item(item.id) == item
        question = db.session.execute(
            select(Question).where(Question.external_id == item.id)
        ).scalar_one()
        assert question.status == QuestionStatus.PUBLISHED
        assert question.current_version.number == 1


def test_update_makes_one_new_version_and_equal_items_are_unchanged(db, parsed):
    exchange_import.import_items(parsed)
    edited = replace(parsed[0], explanation="Edited.")
    dry = exchange_import.import_items([edited, parsed[1]], dry_run=True)
    real = exchange_import.import_items([edited, parsed[1]])
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated, real.unchanged)
    assert (real.updated, real.unchanged) == ([edited.id], [parsed[1].id])
    numbers = db.session.execute(
        select(QuestionVersion.number)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.external_id == edited.id)
    ).scalars()
    assert sorted(numbers) == [1, 2]


def test_a_failure_while_writing_rolls_everything_back(db, parsed, monkeypatch):
    before = _versions(db)

    def fail() -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        exchange_import.import_items(parsed)
    monkeypatch.undo()
    assert _versions(db) == before
    assert not db.session.execute(
        select(Question).where(Question.external_id.in_([i.id for i in parsed]))
    ).first()


def test_clinic_items_are_owned_and_another_owner_cannot_overwrite_them(
    db, parsed, clinic_a, clinic_b
):
    exchange_import.import_items(parsed, clinic=clinic_a)
    owners = set(
        db.session.execute(
            select(Question.clinic_id).where(Question.external_id.in_([i.id for i in parsed]))
        ).scalars()
    )
    assert owners == {clinic_a.id}
    assert not {i.id for i in parsed} & {i.id for i in current_bank().items}
    assert {i.id for i in parsed} <= {i.id for i in current_bank(clinic_id=clinic_a.id).items}
    before = _versions(db)
    edited = replace(parsed[0], explanation="Changed by another owner.")
    for other in (clinic_b, None):
        with pytest.raises(exchange_import.OwnershipConflict):
            exchange_import.import_items([edited], clinic=other)
    assert _versions(db) == before


def test_a_file_cannot_overwrite_a_shared_item_for_a_clinic(db, clinic_a):
    bank = make_bank(db, per_topic=1)
    shared = replace(bank.items[0], explanation="A clinic's take.")
    with pytest.raises(exchange_import.OwnershipConflict, match="shared bank"):
        exchange_import.import_items([shared], clinic=clinic_a)
