"""Workflow: draft -> in review -> published -> retired; the approval rule; only published
versions reach learners; a save of a published item makes a new version, reviews stay put."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.integration.authoring.conftest import created_id, first_reference, flashcard_form
from trainer.models import Approval, Question, QuestionStatus, ReviewComment
from trainer.services.authoring import policy
from trainer.services.learning import study_queue

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def draft(db, bank, instructor_client):
    response = instructor_client.post(
        "/author/items/new", data=flashcard_form(**{"references-0-key": first_reference(db)})
    )
    return db.session.get(Question, created_id(response))


def _refresh(db, question):
    db.session.expire_all()
    return db.session.get(Question, question.id)


def test_draft_submit_publish_retire_reinstate(db, draft, instructor_client):
    assert instructor_client.post(f"/author/items/{draft.id}/submit").status_code == 303
    assert _refresh(db, draft).workflow_state == QuestionStatus.IN_REVIEW
    assert instructor_client.post(f"/author/items/{draft.id}/publish").status_code == 303
    q = _refresh(db, draft)
    assert q.status == QuestionStatus.PUBLISHED and q.pending_version_id is None
    assert q.current_version.number == 1
    approval = db.session.execute(select(Approval)).scalar_one()
    assert approval.version_id == q.current_version_id
    instructor_client.post(f"/author/items/{draft.id}/retire")
    assert _refresh(db, draft).status == QuestionStatus.RETIRED
    instructor_client.post(f"/author/items/{draft.id}/reinstate")
    assert _refresh(db, draft).status == QuestionStatus.PUBLISHED


def test_with_the_rule_on_the_author_cannot_approve_their_own_item(
    db, draft, instructor_client, second_client
):
    policy.set_needs_second_approval(None, True)
    # From draft: must go through review first.
    instructor_client.post(f"/author/items/{draft.id}/publish")
    assert _refresh(db, draft).status == QuestionStatus.DRAFT
    instructor_client.post(f"/author/items/{draft.id}/submit")
    own = instructor_client.post(f"/author/items/{draft.id}/publish")
    assert own.status_code == 403
    assert _refresh(db, draft).status == QuestionStatus.IN_REVIEW
    other = second_client.post(f"/author/items/{draft.id}/publish", data={"note": "Looks right."})
    assert other.status_code == 303
    q = _refresh(db, draft)
    assert q.status == QuestionStatus.PUBLISHED
    comment = db.session.execute(select(ReviewComment)).scalar_one()
    assert comment.version_id == q.current_version_id and comment.body == "Looks right."


def test_clinic_rule_overrides_the_site_rule(db, bank, client_a, factory, clinic_a, app):
    from tests.conftest import _logged_in
    from trainer.models import ClinicRole

    policy.set_needs_second_approval(None, False)
    policy.set_needs_second_approval(clinic_a.id, True)
    response = client_a.post(
        "/author/items/new",
        data=flashcard_form(owner="alpha", **{"references-0-key": first_reference(db)}),
    )
    question = db.session.get(Question, created_id(response))
    client_a.post(f"/author/items/{question.id}/submit")
    assert client_a.post(f"/author/items/{question.id}/publish").status_code == 403
    colleague = factory.user(
        email="t2@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.INSTRUCTOR
    )
    assert (
        _logged_in(app, colleague).post(f"/author/items/{question.id}/publish").status_code == 303
    )
    assert _refresh(db, question).status == QuestionStatus.PUBLISHED


def test_send_back_keeps_the_comment_on_the_version(db, draft, instructor_client, second_client):
    instructor_client.post(f"/author/items/{draft.id}/submit")
    second_client.post(f"/author/items/{draft.id}/send-back", data={"note": "Cite a page."})
    q = _refresh(db, draft)
    assert q.workflow_state == QuestionStatus.DRAFT
    comment = db.session.execute(select(ReviewComment)).scalar_one()
    assert comment.version_id == q.pending_version_id
    assert b"Cite a page." in instructor_client.get(f"/author/items/{draft.id}").data


def test_only_published_versions_reach_learners(db, draft, instructor_client, learner):
    def learner_sees() -> set[int]:
        scope = study_queue._Scope(learner.id, study_queue.SessionFilter())
        return set(
            db.session.execute(
                study_queue._new_questions(learner.id, scope).with_only_columns(Question.id)
            ).scalars()
        )

    assert draft.id not in learner_sees()
    instructor_client.post(f"/author/items/{draft.id}/publish")
    assert draft.id in learner_sees()
    published = _refresh(db, draft).current_version_id

    edit = flashcard_form(
        prompt="An edited prompt, not yet published?",
        **{"references-0-key": first_reference(db)},
    )
    edit.pop("owner"), edit.pop("topic")
    assert instructor_client.post(f"/author/items/{draft.id}/edit", data=edit).status_code == 303
    q = _refresh(db, draft)
    assert q.status == QuestionStatus.PUBLISHED and q.workflow_state == QuestionStatus.DRAFT
    assert q.current_version_id == published and q.pending_version.number == 2
    assert draft.id in learner_sees()  # still studies version 1


def test_unchanged_save_makes_no_version(db, draft, instructor_client):
    edit = flashcard_form(**{"references-0-key": first_reference(db)})
    edit.pop("owner"), edit.pop("topic")
    instructor_client.post(f"/author/items/{draft.id}/edit", data=edit)
    assert len(_refresh(db, draft).versions) == 1


def test_a_review_keeps_pointing_at_the_version_answered(db, draft, instructor_client, learner):
    from trainer.models import ReviewLog
    from trainer.services.learning import study

    instructor_client.post(f"/author/items/{draft.id}/publish")
    v1 = _refresh(db, draft).current_version_id
    for _ in range(40):
        nxt = study_queue.next_card(learner.id, NOW)
        presented = study.present(learner.id, nxt.card, nxt.kind, NOW, "secret")
        outcome = study.answer(learner.id, presented.token, {"rating": 3}, NOW, "secret")
        if nxt.card.question_id == draft.id:
            break
    else:
        pytest.fail("the new item never came up")
    assert outcome is not None
    edit = flashcard_form(
        prompt="Edited after the answer?", **{"references-0-key": first_reference(db)}
    )
    edit.pop("owner"), edit.pop("topic")
    instructor_client.post(f"/author/items/{draft.id}/edit", data=edit)
    instructor_client.post(f"/author/items/{draft.id}/publish")
    q = _refresh(db, draft)
    assert q.current_version_id != v1
    logs = (
        db.session.execute(
            select(ReviewLog.question_version_id).where(ReviewLog.card.has(question_id=draft.id))
        )
        .scalars()
        .all()
    )
    assert logs == [v1]


def test_bulk_publish_skips_own_versions_under_the_rule(
    db, draft, instructor_client, second_client
):
    policy.set_needs_second_approval(None, True)
    instructor_client.post(f"/author/items/{draft.id}/submit")
    own = instructor_client.post("/author/bulk", data={"ids": [str(draft.id)], "action": "publish"})
    assert b"0 items will change." in own.data and b"a second instructor must approve" in own.data
    other = second_client.post("/author/bulk", data={"ids": [str(draft.id)], "action": "publish"})
    assert b"1 item will change." in other.data
    second_client.post(
        "/author/bulk", data={"ids": [str(draft.id)], "action": "publish", "confirm": "yes"}
    )
    assert _refresh(db, draft).status == QuestionStatus.PUBLISHED


def test_bank_export_writes_published_browser_edits_only(db, draft, instructor_client):
    from trainer.services.authoring import bank_sync

    assert draft.external_id not in {i.id for i in bank_sync.current_bank().items}
    instructor_client.post(f"/author/items/{draft.id}/publish")
    assert draft.external_id in {i.id for i in bank_sync.current_bank().items}
    edit = flashcard_form(
        prompt="A later, unpublished prompt?", **{"references-0-key": first_reference(db)}
    )
    edit.pop("owner"), edit.pop("topic")
    instructor_client.post(f"/author/items/{draft.id}/edit", data=edit)
    exported = {i.id: i for i in bank_sync.current_bank().items}[draft.external_id]
    assert exported.prompt == "What does an authoring test ask?"
