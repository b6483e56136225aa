"""History: versions with author and time, side-by-side diffs, restore, "key changed"."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.authoring.conftest import created_id, first_reference
from trainer.models import Question
from trainer.services.authoring import history


def _single_choice(ref, correct=0, prompt="Which muscle is it?", explanation="Because."):
    data = {
        "type": "single_choice",
        "owner": "shared",
        "topic": "physiology",
        "difficulty": "2",
        "prompt": prompt,
        "explanation": explanation,
        "references-0-key": ref,
        "choices-0-text": "alpha",
        "choices-1-text": "beta",
        "choices-2-text": "gamma",
        "action": "save",
    }
    data[f"choices-{correct}-correct"] = "y"
    return data


def _edit(data):
    return {k: v for k, v in data.items() if k not in ("owner", "topic")}


def test_history_lists_versions_and_flags_a_key_change(
    db, bank, instructor_client, site_instructor
):
    ref = first_reference(db)
    question_id = created_id(instructor_client.post("/author/items/new", data=_single_choice(ref)))
    instructor_client.post(
        f"/author/items/{question_id}/edit", data=_edit(_single_choice(ref, explanation="Better."))
    )
    instructor_client.post(
        f"/author/items/{question_id}/edit",
        data=_edit(_single_choice(ref, correct=2, explanation="Better.")),
    )
    question = db.session.get(Question, question_id)
    rows = history.versions(question)
    assert [r.version.number for r in rows] == [3, 2, 1]
    assert [r.key_changed for r in rows] == [True, False, False]
    assert rows[0].author == site_instructor.display_name
    page = instructor_client.get(f"/author/items/{question_id}/history")
    assert page.status_code == 200
    assert page.data.count(b"data-key-changed") == 1


def test_diff_shows_every_changed_field_side_by_side(db, bank, instructor_client):
    ref = first_reference(db)
    question_id = created_id(instructor_client.post("/author/items/new", data=_single_choice(ref)))
    instructor_client.post(
        f"/author/items/{question_id}/edit",
        data=_edit(_single_choice(ref, correct=1, prompt="Which one now?", explanation="New.")),
    )
    page = instructor_client.get(f"/author/items/{question_id}/diff?a=1&b=2")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for key in ("prompt", "choices", "explanation"):
        assert f'data-field="{key}" data-changed="yes"' in html
    assert 'data-field="references" data-changed="no"' in html
    assert "Which muscle is it?" in html and "Which one now?" in html
    assert "[x] beta" in html and "data-key-changed" in html
    assert instructor_client.get(f"/author/items/{question_id}/diff?a=1&b=9").status_code == 404
    assert instructor_client.get(f"/author/items/{question_id}/diff?a=x").status_code in (200, 404)


def test_field_diff_rows():
    old = {"type": "flashcard", "prompt": "a", "answer": "x", "explanation": "e", "references": []}
    new = {**old, "answer": "y"}
    fields = {f.key: f for f in history.diff(old, new)}
    assert fields["answer"].changed and not fields["prompt"].changed
    assert [(r.left, r.right) for r in fields["answer"].rows] == [("x", "y")]
    assert history.key_changed(old, new) and not history.key_changed(old, {**old, "prompt": "b"})


def test_restore_makes_a_new_version_with_the_old_content(db, bank, instructor_client):
    ref = first_reference(db)
    question_id = created_id(instructor_client.post("/author/items/new", data=_single_choice(ref)))
    instructor_client.post(f"/author/items/{question_id}/publish")
    instructor_client.post(
        f"/author/items/{question_id}/edit", data=_edit(_single_choice(ref, explanation="Worse."))
    )
    response = instructor_client.post(f"/author/items/{question_id}/versions/1/restore")
    assert response.status_code == 303
    db.session.expire_all()
    question = db.session.get(Question, question_id)
    assert [v.number for v in question.versions] == [1, 2, 3]
    v1, _v2, v3 = question.versions
    assert v3.content == v1.content and v3.restored_from_id == v1.id
    assert question.pending_version_id == v3.id and question.current_version_id == v1.id
    assert (
        instructor_client.post(f"/author/items/{question_id}/versions/7/restore").status_code == 404
    )
    rows = history.versions(question)
    assert rows[0].restored_from == 1


def test_restore_of_another_items_version_is_refused(db, bank, instructor_client):
    ref = first_reference(db)
    first = created_id(instructor_client.post("/author/items/new", data=_single_choice(ref)))
    other = db.session.execute(select(Question.id).where(Question.id != first)).scalars().first()
    # Version numbers are per item: restoring "version 1" of `other` uses other's own version 1.
    instructor_client.post(f"/author/items/{other}/versions/1/restore")
    db.session.expire_all()
    assert (
        db.session.get(Question, other).pending_version.content
        == db.session.get(Question, other).versions[0].content
    )
