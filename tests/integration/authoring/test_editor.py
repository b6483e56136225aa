"""The editor: every type saves through the bank's rules; errors sit beside fields; nothing
typed is lost; list buttons work without JavaScript; rich text is cleaned."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.authoring.conftest import created_id, first_reference, flashcard_form
from trainer.models import Question, QuestionStatus


def test_instructor_creates_a_flashcard_draft(db, bank, instructor_client):
    ref = first_reference(db)
    response = instructor_client.post(
        "/author/items/new", data=flashcard_form(**{"references-0-key": ref})
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    question = db.session.get(Question, created_id(response))
    assert question.status == QuestionStatus.DRAFT and question.current_version_id is None
    version = question.pending_version
    assert version.content["prompt"] == "What does an authoring test ask?"
    assert version.rich == {"prompt": "What does an <b>authoring</b> test ask?"}
    assert version.content["references"] == [{"key": ref}]
    assert question.external_id.startswith("phy-")
    page = instructor_client.get(f"/author/items/{question.id}")
    assert page.status_code == 200 and b"<b>authoring</b>" in page.data


def test_errors_are_shown_beside_fields_and_input_is_kept(db, bank, instructor_client):
    response = instructor_client.post(
        "/author/items/new",
        data=flashcard_form(prompt="My prompt stays", answer_text="", explanation="Kept too"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert 'data-error-for="answer_text"' in html
    assert 'data-error-for="references[0].key"' in html
    assert "My prompt stays" in html and "Kept too" in html
    assert (
        db.session.execute(select(Question).where(Question.status == QuestionStatus.DRAFT)).first()
        is None
    )


def test_add_remove_and_move_choices_without_javascript(db, bank, instructor_client):
    data = {
        "type": "single_choice",
        "owner": "shared",
        "topic": "physiology",
        "difficulty": "2",
        "prompt": "Which?",
        "explanation": "Because.",
        "choices-0-text": "first",
        "choices-1-text": "second",
        "choices-2-text": "third",
        "references-0-key": "",
        "action": "add:choices",
    }
    added = instructor_client.post("/author/items/new", data=data)
    assert added.status_code == 200
    html = added.get_data(as_text=True)
    assert 'name="choices-3-text"' in html and "error-summary" not in html
    assert 'value="third"' in html
    moved = instructor_client.post("/author/items/new", data={**data, "action": "up:choices:2"})
    html = moved.get_data(as_text=True)
    assert html.index('value="third"') < html.index('value="second"')
    removed = instructor_client.post(
        "/author/items/new", data={**data, "action": "remove:choices:0"}
    )
    html = removed.get_data(as_text=True)
    assert 'value="first"' not in html and 'name="choices-2-text"' not in html


def test_bank_rules_apply_to_choices(db, bank, instructor_client):
    ref = first_reference(db)
    data = {
        "type": "single_choice",
        "owner": "shared",
        "topic": "physiology",
        "difficulty": "2",
        "prompt": "Which one is right?",
        "explanation": "Because.",
        "choices-0-text": "same",
        "choices-0-correct": "y",
        "choices-1-text": "Same",
        "choices-1-correct": "y",
        "choices-2-text": "other",
        "references-0-key": ref,
        "action": "save",
    }
    response = instructor_client.post("/author/items/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-error-for="choices[1].text"' in html  # duplicate choice text
    assert "2 choices are marked correct" in html


def test_rich_text_is_sanitised(db, bank, instructor_client):
    ref = first_reference(db)
    response = instructor_client.post(
        "/author/items/new",
        data=flashcard_form(
            prompt='Safe <i>italic</i><script>alert(1)</script> <a href="javascript:x">link</a>',
            **{"references-0-key": ref},
        ),
    )
    question = db.session.get(Question, created_id(response))
    rich = question.pending_version.rich["prompt"]
    assert "<i>italic</i>" in rich and "script" not in rich and "javascript" not in rich
    assert "<" not in question.pending_version.content["prompt"]


def test_every_type_saves(db, bank, instructor_client):
    from trainer.models import Muscle

    ref = first_reference(db)
    muscle = db.session.execute(select(Muscle).order_by(Muscle.position)).scalars().first()
    zone = sorted({r for tp in muscle.content["trigger_points"] for r in tp["referral_regions"]})
    others = [
        m.slug
        for m in db.session.execute(select(Muscle).order_by(Muscle.position)).scalars()
        if zone[0] not in {r for tp in m.content["trigger_points"] for r in tp["referral_regions"]}
    ]
    common = {
        "owner": "shared",
        "topic": "referral-patterns",
        "difficulty": "2",
        "explanation": "Because.",
        "references-0-key": ref,
        "action": "save",
    }
    forms = {
        "true_false": {"prompt": "Editor true/false?", "answer_bool": "true"},
        "multiple_response": {
            "prompt": "Editor multiple, select all that apply.",
            "choices-0-text": "a",
            "choices-0-correct": "y",
            "choices-1-text": "b",
            "choices-1-correct": "y",
            "choices-2-text": "c",
        },
        "matching": {
            "prompt": "Editor matching?",
            "pairs-0-left": "l1",
            "pairs-0-right": "r1",
            "pairs-1-left": "l2",
            "pairs-1-right": "r2",
            "pairs-2-left": "l3",
            "pairs-2-right": "r3",
            "distractors": "r4",
        },
        "body_map:select_regions": {
            "prompt": "Editor select regions?",
            "muscle": muscle.slug,
            "regions": zone[:2],
        },
        "body_map:identify_muscle": {
            "prompt": "Editor identify?",
            "regions": zone[:1],
            "muscle_choices-0-muscle": muscle.slug,
            "muscle_choices-0-correct": "y",
            "muscle_choices-1-muscle": others[0],
            "muscle_choices-2-muscle": others[1],
        },
    }
    for type_key, fields in forms.items():
        response = instructor_client.post(
            "/author/items/new", data={"type": type_key, **common, **fields}
        )
        html = response.get_data(as_text=True)
        summary = html[html.find("error-summary") : html.find("</ul>", html.find("error-summary"))]
        assert response.status_code == 303, (type_key, summary)
        question = db.session.get(Question, created_id(response))
        assert question.pending_version.content["type"] == type_key.split(":")[0]
        assert instructor_client.get(f"/author/items/{question.id}").status_code == 200
        assert instructor_client.get(f"/author/items/{question.id}/edit").status_code == 200


def test_select_regions_outside_the_zone_is_refused_beside_regions(db, bank, instructor_client):
    from trainer.models import Muscle

    ref = first_reference(db)
    muscle = db.session.execute(select(Muscle).order_by(Muscle.position)).scalars().first()
    response = instructor_client.post(
        "/author/items/new",
        data={
            "type": "body_map:select_regions",
            "owner": "shared",
            "topic": "referral-patterns",
            "difficulty": "2",
            "prompt": "Zone?",
            "explanation": "Because.",
            "muscle": muscle.slug,
            "regions": ["no-such-region"],
            "references-0-key": ref,
            "action": "save",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-error-for="regions"' in html and "no-such-region" in html
    assert 'value="no-such-region"' not in html or "checked" in html


def test_preview_grades_with_the_study_registry(db, bank, instructor_client):
    ref = first_reference(db)
    created = instructor_client.post(
        "/author/items/new",
        data={
            "type": "true_false",
            "owner": "shared",
            "topic": "physiology",
            "difficulty": "1",
            "prompt": "Preview me?",
            "answer_bool": "false",
            "explanation": "No.",
            "references-0-key": ref,
            "action": "save",
        },
    )
    question_id = created_id(created)
    right = instructor_client.post(f"/author/items/{question_id}/check", data={"answer": "false"})
    assert right.status_code == 200 and b'data-result="correct"' in right.data
    wrong = instructor_client.post(f"/author/items/{question_id}/check", data={"answer": "true"})
    assert b'data-result="wrong"' in wrong.data
    bad = instructor_client.post(f"/author/items/{question_id}/check", data={"answer": "maybe"})
    assert bad.status_code == 422
