"""The JSON study API: no answer leaks before answering, once-only answers, CSRF, auth."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.domain import grading
from trainer.models import ReviewLog


@pytest.fixture
def bank(db):
    return make_bank(db, per_topic=12)  # each file starts with flashcards: take enough to mix


def test_next_card_never_carries_the_answer(learner_client, bank):
    seen = set()
    for _ in range(12):
        body = learner_client.get("/api/v1/study/next?counts=1&topic=referral-patterns").json
        card = body["card"]
        content = bank.item(card["item"]).to_content()
        seen.add(card["type"])
        text = str(card)
        assert "correct" not in text and "explanation" not in card and "feedback" not in text
        if card["type"] == "true_false":
            assert "answer" not in card
        if card["type"] == "body_map:select_regions":
            assert "regions" not in card and "shaded_regions" not in card
        answer = learner_client.post(
            "/api/v1/study/answers",
            json={"token": card["token"], "response": grading.correct_response(content)},
        )
        assert answer.status_code == 201
    assert len(seen) >= 3


def test_answer_is_recorded_once(learner_client, bank, db):
    card = learner_client.get("/api/v1/study/next").json["card"]
    content = bank.item(card["item"]).to_content()
    payload = {"token": card["token"], "response": grading.correct_response(content)}
    first = learner_client.post("/api/v1/study/answers", json=payload)
    retry = learner_client.post("/api/v1/study/answers", json=payload)
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json["duplicate"] and retry.json["log_id"] == first.json["log_id"]
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 1


@pytest.mark.parametrize("payload", [None, [], {"token": 5}, {"token": "x", "response": []}])
def test_bad_payloads_are_400(learner_client, bank, payload):
    response = learner_client.post("/api/v1/study/answers", json=payload)
    assert response.status_code == 400 and response.json["error"]


def test_api_needs_login_and_csrf(app, client, bank, learner):
    assert client.get("/api/v1/study/next").status_code == 401
    app.config["WTF_CSRF_ENABLED"] = True
    logged = app.test_client()
    page = logged.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    logged.post(
        "/auth/login",
        data={"email": learner.email, "password": "correct horse battery", "csrf_token": token},
    )
    card = logged.get("/api/v1/study/next").json["card"]
    without = logged.post("/api/v1/study/answers", json={"token": card["token"], "response": {}})
    assert without.status_code == 400  # CSRF missing
    with_header = logged.post(
        "/api/v1/study/answers",
        json={"token": card["token"], "response": {"rating": 3}},
        headers={"X-CSRFToken": token},
    )
    assert with_header.status_code in (201, 400)  # 400 only if the card is not a flashcard
    assert "CSRF" not in (with_header.json or {}).get("error", "")
