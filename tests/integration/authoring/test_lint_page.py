"""The item-writing lint in the browser: `bank lint`'s figures for what an author owns."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.factories import shipped_bank
from trainer.bank import lint as banklint
from trainer.models import Question, QuestionStatus
from trainer.services.authoring import bank_sync, lint_report
from trainer.services.authoring.permissions import AuthorScope


def test_figures_equal_bank_lint_on_the_shipped_bank(db, instructor_client):
    bank = shipped_bank()
    bank_sync.import_bank(bank)
    result = lint_report.lint_owner(AuthorScope(True, frozenset()), "shared")
    expected = banklint.lint_bank(bank)
    assert result.item_count == len(bank.items)
    assert result.report.topics == expected.topics
    assert result.report.targets == expected.targets
    assert [i.external_id for i in result.flagged] == [i.id for i in expected.flagged]

    page = instructor_client.get("/author/lint")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Key is the longest choice" in body
    assert f"({len(expected.flagged)} of {len(bank.items)})" in body


def _longest_key_item(db) -> Question:
    """ltr-030 of the shipped bank: its key is its longest choice (`bank lint` lists it)."""
    bank_sync.import_bank(shipped_bank())
    return db.session.scalar(select(Question).where(Question.external_id == "ltr-030"))


def test_clinic_items_are_linted_for_their_clinic_only(db, clinic_a, client_a, client_b):
    question = _longest_key_item(db)
    question.clinic_id = clinic_a.id
    db.session.commit()

    page = client_a.get("/author/lint").get_data(as_text=True)
    assert question.external_id in page
    assert "the key is the longest option" in page
    rows = list(csv.reader(io.StringIO(client_a.get("/author/lint.csv").get_data(as_text=True))))
    assert rows[0] == ["item", "topic", "type", "flags", "prompt"]
    assert [r[0] for r in rows[1:]] == [question.external_id]
    assert "longest_key" in rows[1][3]

    assert client_b.get("/author/lint?owner=alpha").status_code == 404
    assert client_b.get("/author/lint.csv?owner=alpha").status_code == 404
    assert question.external_id not in client_b.get("/author/lint").get_data(as_text=True)


def test_drafts_count_and_retired_items_do_not(db, clinic_a, client_a):
    question = _longest_key_item(db)
    question.clinic_id = clinic_a.id
    question.status = QuestionStatus.DRAFT
    db.session.commit()
    assert question.external_id in client_a.get("/author/lint").get_data(as_text=True)

    question.status = QuestionStatus.RETIRED
    db.session.commit()
    page = client_a.get("/author/lint").get_data(as_text=True)
    assert question.external_id not in page
    assert "There are no items to check here yet" in page
