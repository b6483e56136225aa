"""Odd input never produces a server error."""

from __future__ import annotations

import pytest

from tests.factories import make_bank

JSON = {"Accept": "application/json"}


@pytest.fixture
def bank(db):
    return make_bank(db)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/study/?card=abc", {}),
        ("get", "/study/?card=999999", {}),
        ("get", "/study/?topic=no-such-topic&tag=%00%ff", {}),
        ("get", "/study/card?card=-1", {"headers": JSON}),
        ("post", "/study/answer", {"data": {"token": "x" * 5000, "type_key": "matching"}}),
        ("post", "/study/answer", {"data": b"\xff\xfe", "content_type": "application/json"}),
        ("post", "/study/rating", {"data": {"log_id": "1e9", "rating": "abc"}}),
        ("post", "/study/rating", {"json": {"log_id": None, "rating": None}, "headers": JSON}),
        ("post", "/study/leeches/999999/unsuspend", {}),
        ("post", "/study/settings", {"data": {"desired_retention": "nan", "topics": ["x"]}}),
        ("post", "/study/settings/optimise", {"data": {}}),
        ("get", "/bank/muscles/%2e%2e", {}),
        ("get", "/api/v1/study/next?topic=&tag=%20", {}),
        ("post", "/api/v1/study/answers", {"data": "not json", "content_type": "application/json"}),
        ("post", "/api/v1/study/undo", {}),
        ("get", "/study/stats", {}),
        ("get", "/clinics/%00/", {}),
        ("get", "/clinics/%00/staff.csv", {}),
        ("get", "/bank/muscles/%00", {}),
        ("get", "/study/?card=99999999999999999999999", {}),
        ("post", "/study/leeches/99999999999999999999999/unsuspend", {}),
        ("get", "/api/v1/study/next?tag=a%00b", {}),
        ("get", "/study/?%00=1", {}),
        ("post", "/study/settings", {"data": {"new_per_day": "5", "learning_steps": "1m\x00"}}),
        ("post", "/api/v1/study/answers", {"json": {"token": "t\u0000", "response": "\x00"}}),
        ("post", "/auth/login", {"data": {"email": "a\x00@example.com", "password": "x"}}),
        ("get", "/auth/reset/" + "a" * 3000, {}),
    ],
)
def test_odd_input_is_never_a_500(learner_client, bank, method, path, kwargs):
    response = getattr(learner_client, method)(path, **kwargs)
    assert response.status_code < 500, (path, response.status_code)


def test_a_nul_character_is_refused_with_a_clear_400(learner_client):
    response = learner_client.get("/clinics/%00/", headers=JSON)
    assert response.status_code == 400
    assert "NUL" in response.get_json()["message"]
    response = learner_client.post("/api/v1/study/answers", json={"token": "a", "x": ["\u0000"]})
    assert response.status_code == 400


def test_an_id_beyond_the_integer_range_is_not_found(learner_client):
    assert learner_client.post("/study/leeches/2147483648/unsuspend").status_code == 404
    assert learner_client.post("/study/leeches/2147483647/unsuspend").status_code != 500
