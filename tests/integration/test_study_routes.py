"""The review screen's HTTP endpoints, JSON (study.js) and plain forms (no JavaScript)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from tests.integration.test_study import right_response
from trainer.domain import grading
from trainer.models import ReviewLog

JSON = {"Accept": "application/json"}


@pytest.fixture
def bank(db):
    return make_bank(db)


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _content_of(bank, html: str) -> dict:
    external_id = re.search(r"\b((?:act|phy|ltr|ref|saf|trt)-\d{3})\b", html).group(1)
    return bank.item(external_id).to_content()


def test_study_page_shows_a_card_with_counts(learner_client, bank):
    page = learner_client.get("/study/").get_data(as_text=True)
    assert 'data-count="new">' in page and 'name="token"' in page
    assert "/static/js/study.js" in page


def test_json_answer_then_next(learner_client, bank, db):
    card = learner_client.get("/study/card", headers=JSON).json
    content = _content_of(bank, card["html"])
    response = learner_client.post(
        "/study/answer",
        json={
            "token": _token(card["html"]),
            "response": right_response(content),
            "duration_ms": 4000,
        },
        headers=JSON,
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["rating"] == 3 and "Explanation" in body["html"]
    assert body["counts"]["learning"] == 1
    # A second POST of the same token counts once.
    again = learner_client.post(
        "/study/answer",
        json={"token": _token(card["html"]), "response": right_response(content)},
        headers=JSON,
    )
    assert again.json["duplicate"] is True
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 1


def test_json_bad_input_never_500(learner_client, bank):
    card = learner_client.get("/study/card", headers=JSON).json
    for body in [
        {"token": "nonsense", "response": {}},
        {"token": _token(card["html"]), "response": {"choice": "x", "regions": 5}},
        {"token": _token(card["html"]), "response": "not an object"},
        {},
    ]:
        response = learner_client.post("/study/answer", json=body, headers=JSON)
        assert response.status_code == 400, (body, response.json)
        assert response.json["error"]
    assert learner_client.post(
        "/study/rating", json={"log_id": "x", "rating": 9}, headers=JSON
    ).status_code in (400, 409)
    assert learner_client.post("/study/undo", json={}, headers=JSON).status_code == 409


def test_form_answer_rating_change_and_undo_without_javascript(learner_client, bank, db):
    from tests.integration.test_study_empty import study_only

    item = study_only(db, bank, "single_choice")
    page = learner_client.get("/study/").get_data(as_text=True)
    right = grading.correct_response(item.to_content())["choice"]
    data = {"token": _token(page), "type_key": "single_choice", "choice": str(right)}
    response = learner_client.post("/study/answer", data=data)
    assert response.status_code == 200
    feedback = response.get_data(as_text=True)
    assert "Explanation" in feedback
    log_id = re.search(r'name="log_id" value="(\d+)"', feedback).group(1)
    changed = learner_client.post("/study/rating", data={"log_id": log_id, "rating": "1"})
    assert changed.status_code == 200
    assert db.session.execute(select(ReviewLog.rating)).scalar_one() == 1
    undo = learner_client.post("/study/undo")
    assert undo.status_code == 302 and "card=" in undo.headers["Location"]
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 0


def test_form_flashcard_rating_goes_straight_to_the_next_card(learner_client, bank, db):
    """No feedback screen for a flashcard: its rating is the answer (issue 12), undo still works
    and names the card by topic and prompt, not by id."""
    from tests.integration.test_study_empty import study_only

    item = study_only(db, bank, "flashcard")
    page = learner_client.get("/study/").get_data(as_text=True)
    data = {"token": _token(page), "type_key": "flashcard", "rating": "3"}
    response = learner_client.post("/study/answer", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Rated Good" in html
    assert 'data-mode="feedback"' not in html and "Explanation" not in html
    assert db.session.execute(select(ReviewLog.rating)).scalar_one() == 3
    undone = learner_client.post("/study/undo", follow_redirects=True).get_data(as_text=True)
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 0
    title = next(t.title for t in bank.topics if t.id == item.topic)
    assert f"Undone: {title}: {item.prompt.split()[0]}" in undone
    assert item.id not in undone.split("Undone:")[1].split("</div>")[0]


def test_json_flashcard_answer_says_it_is_self_rated(learner_client, bank, db):
    from tests.integration.test_study_empty import study_only

    study_only(db, bank, "flashcard")
    card = learner_client.get("/study/card", headers=JSON).json
    body = learner_client.post(
        "/study/answer",
        json={"token": _token(card["html"]), "response": {"rating": 4}},
        headers=JSON,
    ).json
    assert body["self_rated"] is True and body["rating"] == 4
    undone = learner_client.post("/study/undo", json={}, headers=JSON).json
    assert undone["undone_label"].split(": ", 1)[0] in undone["html"]  # the topic shown


def test_someone_elses_token_is_refused(app, learner_client, bank, factory):
    card = learner_client.get("/study/card", headers=JSON).json
    other = factory.user(email="other@example.com")
    client = app.test_client()
    client.post("/auth/login", data={"email": other.email, "password": "correct horse battery"})
    response = client.post(
        "/study/answer",
        json={"token": _token(card["html"]), "response": {"rating": 3}},
        headers=JSON,
    )
    assert response.status_code == 403


def test_study_needs_login(client):
    assert client.get("/study/").status_code == 302
    assert client.get("/study/card", headers=JSON).status_code == 401


def test_muscle_flashcard_back_shows_the_referral_zone(learner_client, bank, db):
    from trainer.models import Question, QuestionStatus

    flashcard = next(i for i in bank.items if i.type.value == "flashcard" and i.muscle)
    # Study only this card: retire everything else.
    for question in db.session.execute(select(Question)).scalars():
        if question.external_id != flashcard.id:
            question.status = QuestionStatus.RETIRED
    db.session.commit()
    html = learner_client.get("/study/card", headers=JSON).json["html"]
    zone = bank.muscle(flashcard.muscle).referral_zone
    shown = set(re.findall(r'class="region is-highlighted" data-region="([a-z0-9-]+)"', html))
    assert shown == set(zone)


def test_a_retried_flashcard_answer_still_goes_straight_on(learner_client, bank, db):
    from tests.integration.test_study_empty import study_only

    study_only(db, bank, "flashcard")
    token = _token(learner_client.get("/study/card", headers=JSON).json["html"])
    body = {"token": token, "response": {"rating": 3}}
    learner_client.post("/study/answer", json=body, headers=JSON)
    retry = learner_client.post("/study/answer", json=body, headers=JSON).json
    assert retry["duplicate"] is True and retry["self_rated"] is True
