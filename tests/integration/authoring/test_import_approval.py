"""File imports under the approval rule: new and changed items wait in review, never published.

Without the rule an import publishes at once (test_exchange_*); with it, an import never changes
what learners see: a second instructor approves each imported version, as for the editor's.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from trainer.exchange import gift
from trainer.models import Question, QuestionStatus, VersionOrigin
from trainer.services.authoring import exchange_import, policy, workflow
from trainer.services.authoring.bank_sync import current_bank

GIFT = """$CATEGORY: $course$/top/Safety

// @tag reference:namtpt
::First::Imported question one?{TRUE####Because one.}

// @tag reference:namtpt
::Second::Imported question two?{FALSE####Because two.}
"""
EDITED = GIFT.replace("Because one.", "Because one, edited.")


def _question(db, item_id: str) -> Question:
    return db.session.execute(select(Question).where(Question.external_id == item_id)).scalar_one()


def _items(text: str, clinic=None):
    parsed = gift.parse(text, "t.txt", exchange_import.import_context(clinic))
    assert parsed.errors == []
    return [i.item for i in parsed.items]


def _live_ids(clinic=None) -> set[str]:
    return {i.id for i in current_bank(clinic_id=clinic.id if clinic else None).items}


def test_with_the_rule_new_items_wait_in_review_and_learners_do_not_see_them(db, bank):
    policy.set_needs_second_approval(None, True)
    items = _items(GIFT)
    report = exchange_import.import_items(items)
    assert sorted(report.created) == sorted(i.id for i in items)
    assert report.needs_approval
    assert {report.state_of(i.id) for i in items} == {"in_review"}
    for item in items:
        question = _question(db, item.id)
        assert (question.status, question.pending_state) == (QuestionStatus.IN_REVIEW,) * 2
        assert question.current_version is None
        assert question.pending_version.origin == VersionOrigin.FILE
        assert question.pending_version.content == item.to_content()
    assert not _live_ids() & {i.id for i in items}


def test_without_the_rule_an_import_still_publishes(db, bank):
    items = _items(GIFT)
    report = exchange_import.import_items(items)
    assert not report.needs_approval
    assert {report.state_of(i.id) for i in items} == {"published"}
    assert _live_ids() >= {i.id for i in items}


def test_with_the_rule_a_changed_item_gets_a_pending_version_and_learners_keep_theirs(db, bank):
    items = _items(GIFT)
    exchange_import.import_items(items)  # published: no rule yet
    first = _question(db, items[0].id)
    published = first.current_version
    policy.set_needs_second_approval(None, True)

    edited = _items(EDITED)
    assert [i.id for i in edited] == [i.id for i in items]  # found again by prompt
    dry = exchange_import.import_items(edited, dry_run=True)
    real = exchange_import.import_items(edited)
    assert (dry.updated, dry.unchanged) == (real.updated, real.unchanged)
    assert (real.updated, real.unchanged) == ([items[0].id], [items[1].id])
    assert dry.states == real.states == {items[0].id: "in_review", items[1].id: "published"}

    db.session.refresh(first)
    assert first.status == QuestionStatus.PUBLISHED
    assert first.current_version_id == published.id
    assert first.pending_state == QuestionStatus.IN_REVIEW
    assert first.pending_version.content["explanation"] == "Because one, edited."
    assert current_bank().item(items[0].id) == items[0]  # learners still see the old one

    again = exchange_import.import_items(_items(EDITED))
    assert (again.created, again.updated) == ([], [])  # equal to the version waiting: unchanged
    assert again.states[items[0].id] == "in_review"


def test_the_file_equal_to_the_published_version_leaves_a_draft_alone(db, bank, site_instructor):
    items = _items(GIFT)
    exchange_import.import_items(items)
    policy.set_needs_second_approval(None, True)
    question = _question(db, items[0].id)
    draft = _items(EDITED)[0]
    workflow.save_edit(question, site_instructor, draft, None, question.created_at)

    report = exchange_import.import_items(_items(GIFT))
    assert items[0].id in report.unchanged
    assert report.states[items[0].id] == "draft"
    db.session.refresh(question)
    assert question.pending_version.content["explanation"] == "Because one, edited."


def test_with_the_rule_a_retired_item_stays_retired(db, bank):
    items = _items(GIFT)
    exchange_import.import_items(items)
    question = _question(db, items[0].id)
    workflow.retire(question)
    policy.set_needs_second_approval(None, True)

    edited = replace(_items(EDITED)[0], id=items[0].id)  # the retired item, by its id
    same = exchange_import.import_items([replace(items[0])])
    assert (same.updated, same.unchanged) == ([], [items[0].id])  # no silent reinstatement
    assert same.states[items[0].id] == "retired"
    report = exchange_import.import_items([edited])
    assert report.updated == [items[0].id]
    assert report.states[items[0].id] == "retired"
    db.session.refresh(question)
    assert question.status == QuestionStatus.RETIRED
    assert question.pending_state == QuestionStatus.IN_REVIEW
    assert question.pending_version.content["explanation"] == "Because one, edited."


def test_the_clinic_rule_applies_to_the_clinic_import_only(db, bank, clinic_a):
    policy.set_needs_second_approval(clinic_a.id, True)
    shared = exchange_import.import_items(_items(GIFT))
    assert set(shared.states.values()) == {"published"}
    other = GIFT.replace("one?", "three?").replace("two?", "four?")
    mine = exchange_import.import_items(_items(other, clinic_a), clinic=clinic_a)
    assert set(mine.states.values()) == {"in_review"}
    assert not _live_ids(clinic_a)


def _upload(client, data: str, action="import", owner="shared"):
    form = {"fmt": "gift", "owner": owner, "action": action}
    form["file"] = (io.BytesIO(data.encode()), "quiz.txt")
    return client.post("/author/import", data=form, content_type="multipart/form-data")


def test_an_uploaded_import_waits_for_a_second_instructor(
    db, bank, instructor_client, second_client, site_instructor
):
    policy.set_needs_second_approval(None, True)
    checked = _upload(instructor_client, GIFT, action="check").get_data(as_text=True)
    assert 'data-state="in_review"' in checked
    assert 'id="import-approval"' in checked

    done = _upload(instructor_client, GIFT)
    html = done.get_data(as_text=True)
    assert done.status_code == 200, html
    assert html.count('data-state="in_review"') == 2
    assert 'id="import-approval"' in html
    question = (
        db.session.execute(select(Question).where(Question.status == QuestionStatus.IN_REVIEW))
        .scalars()
        .first()
    )
    assert question.pending_version.created_by_id == site_instructor.id
    own = instructor_client.post(f"/author/items/{question.id}/publish", data={"note": ""})
    assert own.status_code == 403
    assert second_client.post(f"/author/items/{question.id}/publish").status_code == 303
    db.session.refresh(question)
    assert question.status == QuestionStatus.PUBLISHED


def test_the_upload_page_says_items_are_published_without_the_rule(db, bank, instructor_client):
    html = _upload(instructor_client, GIFT).get_data(as_text=True)
    assert html.count('data-state="published"') == 2
    assert 'id="import-approval"' not in html


@pytest.mark.parametrize("dry_run", [True, False])
def test_cli_json_keeps_its_keys_and_gives_each_item_its_state(db, bank, runner, tmp_path, dry_run):
    policy.set_needs_second_approval(None, True)
    path = tmp_path / "quiz.txt"
    path.write_text(GIFT, encoding="utf-8")
    args = ["bank", "import-file", str(path), "--format", "gift", "--json"]
    result = runner.invoke(args=args + (["--dry-run"] if dry_run else []))
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    keys = ["would_create", "would_update"] if dry_run else ["created", "updated"]
    assert list(out) == [*keys, "skipped", "errors", "items"]
    assert [i["state"] for i in out["items"]] == ["in_review", "in_review"]
    assert out[keys[0]] == 2
    states = db.session.execute(select(Question.status)).scalars().all()
    assert states.count(QuestionStatus.IN_REVIEW) == (0 if dry_run else 2)


def test_cli_text_output_says_the_items_wait_for_approval(db, bank, runner, tmp_path):
    policy.set_needs_second_approval(None, True)
    path = tmp_path / "quiz.txt"
    path.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["bank", "import-file", str(path), "--format", "gift"])
    assert result.exit_code == 0, result.output
    assert "in_review" in result.output
    assert "wait in review" in result.output


def test_cli_author_is_recorded_and_cannot_approve_their_import(
    db, bank, runner, tmp_path, site_instructor, second_instructor, instructor_a
):
    policy.set_needs_second_approval(None, True)
    path = tmp_path / "quiz.txt"
    path.write_text(GIFT, encoding="utf-8")
    args = ["bank", "import-file", str(path), "--format", "gift", "--author"]
    for email, why in (("nobody@example.com", "no user"), (instructor_a.email, "not an author")):
        refused = runner.invoke(args=[*args, email])
        assert refused.exit_code != 0 and why in refused.output
    assert (
        db.session.execute(
            select(Question).where(Question.status == QuestionStatus.IN_REVIEW)
        ).first()
        is None
    )

    done = runner.invoke(args=[*args, site_instructor.email.upper()])
    assert done.exit_code == 0, done.output
    waiting = (
        db.session.execute(select(Question).where(Question.status == QuestionStatus.IN_REVIEW))
        .scalars()
        .all()
    )
    assert len(waiting) == 2
    for question in waiting:
        assert question.pending_version.created_by_id == site_instructor.id
        own = workflow.publish_check(question, site_instructor)
        assert own is not None and own.forbidden
        assert workflow.publish_check(question, second_instructor) is None
