"""Malformed input is the client's error (400 or the form again), never a 500 or a half write.

Each class of issue 7's defect 4 has its tests here: a JSON body that is not an object, non-finite
numbers in JSON and in form fields, and learning steps the scheduler cannot use (refused when
typed, survived when already in the database). tests/fuzz/ drives the same classes at random.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_bank
from trainer.domain import grading
from trainer.models import CardState, ReviewLog, StudySettings

JSON = {"Accept": "application/json"}
JSON_BODY_ENDPOINTS = ["/study/answer", "/study/rating", "/study/undo", "/api/v1/study/answers"]
NOT_OBJECTS = ["[1, 2]", '"abc"', "5", "true", "null", "[{}]", "{", "{'a': 1}"]
NON_FINITE_JSON = ["Infinity", "-Infinity", "NaN", "1e400", "-1e400"]
NON_FINITE_TEXT = ["Infinity", "-inf", "NaN", "sNaN", "1e400", "-1e400", "1e999999999"]


@pytest.fixture
def bank(db):
    return make_bank(db)


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _fresh_token(client) -> str:
    return _token(client.get("/study/card", headers=JSON).json["html"])


def _answer_one(client, bank):
    """Answer the next card rightly through the JSON page endpoint; the response."""
    card = client.get("/api/v1/study/next").json["card"]
    right = grading.correct_response(bank.item(card["item"]).to_content())
    return client.post(
        "/study/answer", json={"token": card["token"], "response": right}, headers=JSON
    )


def _writes(db) -> tuple:
    db.session.expire_all()
    logs = db.session.execute(select(func.count(ReviewLog.id))).scalar_one()
    cards = db.session.execute(
        select(CardState.id, CardState.reps, CardState.due, CardState.state).order_by(CardState.id)
    ).all()
    return logs, tuple(cards)


# --- a JSON body that is not an object ---------------------------------------------------------


@pytest.mark.parametrize("path", JSON_BODY_ENDPOINTS)
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_json_body_that_is_not_an_object_is_a_400(learner_client, bank, db, path, body):
    before = _writes(db)
    response = learner_client.post(path, data=body, content_type="application/json", headers=JSON)
    assert response.status_code == 400, (path, body, response.status_code)
    assert "JSON" in response.json["error"]
    assert _writes(db) == before


def test_an_empty_json_body_counts_as_none(learner_client, bank):
    # study.js sends Content-Type: application/json on its GETs, with no body.
    response = learner_client.get("/study/card", content_type="application/json", headers=JSON)
    assert response.status_code == 200 and response.json["html"]
    assert (
        learner_client.post(
            "/study/undo", data="{}", content_type="application/json", headers=JSON
        ).status_code
        == 409
    )


# --- non-finite numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("number", NON_FINITE_JSON)
@pytest.mark.parametrize(
    "template",
    [
        '{"token": "%(token)s", "response": {"rating": %(n)s}}',
        '{"token": "%(token)s", "response": {"choice": %(n)s}, "duration_ms": 10}',
        '{"token": "%(token)s", "response": {"rating": 3}, "duration_ms": %(n)s}',
        '{"token": "%(token)s", "response": {"choices": [0, %(n)s]}}',
    ],
)
@pytest.mark.parametrize("path", ["/study/answer", "/api/v1/study/answers"])
def test_non_finite_numbers_in_an_answer_are_a_400(
    learner_client, bank, db, path, template, number
):
    body = template % {"token": _fresh_token(learner_client), "n": number}
    before = _writes(db)
    response = learner_client.post(path, data=body, content_type="application/json", headers=JSON)
    assert response.status_code == 400, (body, response.status_code)
    assert "finite" in response.json["error"]
    assert _writes(db) == before


@pytest.mark.parametrize("number", NON_FINITE_JSON)
@pytest.mark.parametrize("field", ["rating", "log_id"])
def test_non_finite_numbers_in_a_rating_change_are_a_400(learner_client, bank, db, field, number):
    log_id = _answer_one(learner_client, bank).json["log_id"]
    values = {"log_id": str(log_id), "rating": "2", field: number}
    body = '{{"log_id": {log_id}, "rating": {rating}}}'.format(**values)
    before = _writes(db)
    response = learner_client.post(
        "/study/rating", data=body, content_type="application/json", headers=JSON
    )
    assert response.status_code == 400, (body, response.status_code)
    assert _writes(db) == before


@pytest.mark.parametrize("value", [*NON_FINITE_TEXT, "2.5", "1" * 5000, "true"])
def test_a_form_rating_change_that_is_not_a_rating_is_a_400(learner_client, bank, db, value):
    before = _writes(db)
    response = learner_client.post("/study/rating", data={"log_id": "1", "rating": value})
    assert response.status_code == 400
    assert _writes(db) == before


@pytest.mark.parametrize("value", [*NON_FINITE_TEXT, "1.5", "soon", "1" * 5000])
def test_a_form_answer_with_a_bad_duration_is_a_400(learner_client, bank, db, value):
    token = _fresh_token(learner_client)
    before = _writes(db)
    response = learner_client.post(
        "/study/answer",
        data={"token": token, "type_key": "flashcard", "rating": "3", "duration_ms": value},
    )
    assert response.status_code == 400
    assert "duration" in response.get_data(as_text=True)
    assert _writes(db) == before


def _settings_form(**overrides):
    data = {
        "desired_retention": "0.85",
        "new_per_day": "5",
        "max_reviews_per_day": "100",
        "learning_steps": "1 10",
        "relearning_steps": "10",
        "timezone": "Europe/Berlin",
        "day_start_hour": "4",
    }
    data.update(overrides)
    return data


NUMERIC_SETTINGS = [
    "desired_retention",
    "new_per_day",
    "max_reviews_per_day",
    "day_start_hour",
    "learning_steps",
    "relearning_steps",
]


@pytest.mark.parametrize("value", NON_FINITE_TEXT)
@pytest.mark.parametrize("field", NUMERIC_SETTINGS)
def test_non_finite_settings_are_field_errors(learner_client, db, learner, field, value):
    response = learner_client.post("/study/settings", data=_settings_form(**{field: value}))
    assert response.status_code == 400, (field, value, response.status_code)
    page = response.get_data(as_text=True)
    assert re.search(rf'id="{field}"[^>]*is-invalid|is-invalid[^>]*id="{field}"', page), page
    assert db.session.get(StudySettings, learner.id) is None


# --- learning steps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("0.0000001", "at least 1 minute"),
        ("1e-300", "at least 1 minute"),
        ("0.5", "at least 1 minute"),
        ("0", "at least 1 minute"),
        ("-5", "at least 1 minute"),
        ("43201", "at most 30 days"),
        ("31d", "at most 30 days"),
        (" ".join(["1"] * 11), "at most 10 steps"),
    ],
)
@pytest.mark.parametrize("field", ["learning_steps", "relearning_steps"])
def test_steps_outside_one_minute_to_thirty_days_are_field_errors(
    learner_client, db, learner, field, steps, message
):
    response = learner_client.post("/study/settings", data=_settings_form(**{field: steps}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.get(StudySettings, learner.id) is None


def test_steps_at_the_bounds_and_with_units_are_saved(learner_client, db, learner):
    response = learner_client.post(
        "/study/settings",
        data=_settings_form(learning_steps="1m 2h 30d", relearning_steps=" ".join(["1"] * 10)),
    )
    assert response.status_code == 302
    saved = db.session.get(StudySettings, learner.id)
    assert saved.learning_steps_minutes == [1, 120, 43200]
    assert saved.relearning_steps_minutes == [1] * 10


@pytest.mark.parametrize(
    "broken",
    [
        {"learning_steps_minutes": [1e-9], "relearning_steps_minutes": [0]},
        {"learning_steps_minutes": ["ten", None], "relearning_steps_minutes": "10"},
        {"learning_steps_minutes": [1e308], "relearning_steps_minutes": [-3]},
        {"learning_steps_minutes": [1] * 50, "relearning_steps_minutes": {"a": 1}},
        {"desired_retention": 7.0, "parameters": [1.0, 2.0]},
        {"day_start_hour": 30, "timezone": "Nowhere/Else"},
    ],
)
def test_a_bad_setting_already_saved_cannot_break_study_pages(
    learner_client, bank, db, learner, broken
):
    from trainer.services.learning.study_settings import load_settings, saved_settings

    saved_settings(learner.id)
    db.session.commit()
    row = db.session.get(StudySettings, learner.id)
    for name, value in broken.items():
        setattr(row, name, value)
    db.session.commit()
    db.session.info.pop("study_settings", None)
    assert load_settings(learner.id).learning_steps_minutes is not None

    assert learner_client.get("/study/").status_code == 200
    assert learner_client.get("/study/settings").status_code == 200
    assert learner_client.get("/study/stats").status_code == 200
    assert learner_client.get("/api/v1/study/next?counts=1").status_code == 200
    answered = _answer_one(learner_client, bank)
    assert answered.status_code == 200, answered.json
    log_id = answered.json["log_id"]
    rerated = learner_client.post(
        "/study/rating", json={"log_id": log_id, "rating": 3}, headers=JSON
    )
    assert rerated.status_code == 200
    assert learner_client.get("/").status_code == 200


# --- forms filled from a JSON body -------------------------------------------------------------

FORM_ENDPOINTS = [
    ("anonymous", "/auth/login"),
    ("anonymous", "/auth/register"),
    ("anonymous", "/auth/reset"),
    ("learner", "/auth/profile"),
    ("learner", "/auth/password"),
    ("learner", "/study/settings"),
    ("learner", "/study/settings/optimise"),
]


@pytest.mark.parametrize(("who", "path"), FORM_ENDPOINTS)
@pytest.mark.parametrize(
    "body", ["[1, 2]", "true", "5", '"x"', '{"email": {"a": 1}}', '{"password": [[1]]}', "{"]
)
def test_a_form_sent_as_json_that_is_not_an_object_of_fields_is_a_400(
    app, learner_client, db, who, path, body
):
    client = learner_client if who == "learner" else app.test_client()
    before = db.session.execute(select(func.count(StudySettings.user_id))).scalar_one()
    response = client.post(path, data=body, content_type="application/json", headers=JSON)
    assert response.status_code == 400, (path, body, response.status_code)
    assert db.session.execute(select(func.count(StudySettings.user_id))).scalar_one() == before


def test_a_form_sent_as_a_json_object_of_fields_still_works(learner_client, db, learner):
    response = learner_client.post("/study/settings", json=_settings_form(new_per_day=7))
    assert response.status_code == 302
    assert db.session.get(StudySettings, learner.id).new_per_day == 7
