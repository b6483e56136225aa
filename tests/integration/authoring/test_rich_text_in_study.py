"""Rich text written in the editor reaches the study screen, sanitised."""

from __future__ import annotations

from tests.factories import Factory
from tests.integration.authoring.conftest import created_id, first_reference, flashcard_form

JSON = {"Accept": "application/json"}


def test_a_learner_sees_the_items_bold_text_and_never_its_script(app, db, bank, client_b, factory,
                                                                 clinic_b):  # fmt: skip
    response = client_b.post(
        "/author/items/new",
        data=flashcard_form(
            owner="beta",
            prompt="Which <b>muscle</b> is it?<script>alert(1)</script>",
            explanation="Because of <i>this</i> finding.",
            **{"references-0-key": first_reference(db)},
        ),
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    question_id = created_id(response)
    assert client_b.post(f"/author/items/{question_id}/publish").status_code == 303

    member = factory.user(email="member@beta.example", clinic=clinic_b)
    learner = app.test_client()
    learner.post("/auth/login", data={"email": member.email, "password": Factory.PASSWORD})
    card = learner.get("/study/card?tag=editor-made", headers=JSON).get_json()
    assert "<b>muscle</b>" in card["html"]
    assert "<script" not in card["html"] and "alert(1)" not in card["html"]
    token = card["html"].split('name="token" value="')[1].split('"')[0]
    answered = learner.post(
        "/study/answer", json={"token": token, "response": {"rating": 3}, "tag": "editor-made"},
        headers=JSON,
    )
    assert answered.status_code == 200, answered.get_json()
    assert "<i>this</i>" in answered.get_json()["html"]
