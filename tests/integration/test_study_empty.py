"""An empty answer (nothing chosen) is refused with "Choose at least one …" and never recorded,
on the JSON page endpoint, the no-JavaScript form and the JSON API (issue 12)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.domain import grading
from trainer.models import Question, QuestionStatus, ReviewLog

JSON = {"Accept": "application/json"}
EMPTY = {
    "multiple_response": ({"choices": []}, "Choose at least one answer."),
    "body_map:select_regions": ({"regions": []}, "Choose at least one region."),
    "matching": ({"pairs": {}}, "Choose at least one match."),
}


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=12)


def study_only(db, bank, type_key: str):
    """Retire every item but the first of this type, so it is the one card shown."""
    item = next(i for i in bank.items if grading.type_key(i.to_content()) == type_key)
    for question in db.session.execute(select(Question)).scalars():
        if question.external_id != item.id:
            question.status = QuestionStatus.RETIRED
    db.session.commit()
    return item


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _logs(db) -> int:
    return db.session.execute(select(func.count(ReviewLog.id))).scalar_one()


@pytest.mark.parametrize("type_key", sorted(EMPTY))
def test_json_empty_answer_is_refused_and_the_token_still_works(learner_client, bank, db, type_key):
    item = study_only(db, bank, type_key)
    token = _token(learner_client.get("/study/card", headers=JSON).json["html"])
    empty, message = EMPTY[type_key]
    refused = learner_client.post(
        "/study/answer", json={"token": token, "response": empty}, headers=JSON
    )
    assert refused.status_code == 400
    assert refused.json["error"] == message and refused.json["code"] == "not_answered"
    assert _logs(db) == 0
    # Nothing was used up: the same showing is answered normally afterwards.
    right = grading.correct_response(item.to_content())
    answered = learner_client.post(
        "/study/answer", json={"token": token, "response": right}, headers=JSON
    )
    assert answered.status_code == 200 and answered.json["rating"] == 3
    assert _logs(db) == 1


@pytest.mark.parametrize("type_key", sorted(EMPTY))
def test_form_empty_answer_shows_the_same_card_with_the_message(learner_client, bank, db, type_key):
    item = study_only(db, bank, type_key)
    page = learner_client.get("/study/").get_data(as_text=True)
    response = learner_client.post(
        "/study/answer", data={"token": _token(page), "type_key": type_key}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EMPTY[type_key][1] in html
    assert item.id in html and 'name="token"' in html  # the card is still there to answer
    assert "All done" not in html
    assert _logs(db) == 0


def test_api_empty_answer_is_a_400_with_a_clear_message(learner_client, bank, db):
    study_only(db, bank, "multiple_response")
    card = learner_client.get("/api/v1/study/next").json["card"]
    response = learner_client.post(
        "/api/v1/study/answers", json={"token": card["token"], "response": {"choices": []}}
    )
    assert response.status_code == 400
    assert response.json["error"] == "Choose at least one answer."
    assert _logs(db) == 0


def test_an_undone_new_card_comes_back_as_new_not_again(learner_client, bank, db):
    item = study_only(db, bank, "multiple_response")
    token = _token(learner_client.get("/study/card", headers=JSON).json["html"])
    right = grading.correct_response(item.to_content())
    learner_client.post("/study/answer", json={"token": token, "response": right}, headers=JSON)
    undone = learner_client.post("/study/undo", json={}, headers=JSON).json
    assert '<span class="badge text-bg-light">new</span>' in undone["html"]
