"""Request size and shape: 413 over the limit, 400 for deep nesting and unstorable text."""

from __future__ import annotations

import pytest

from tests.factories import Factory


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024 * 1024)
def test_an_upload_over_the_limit_is_413_with_a_clear_message(client):
    response = client.post(
        "/auth/login",
        data=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 413
    assert b"larger than this server accepts (1 MB at most)" in response.data


def test_the_default_limit_refuses_50_mb(client):
    response = client.post(
        "/auth/login",
        data={"email": "a@example.com", "password": "x" * (50 * 1024 * 1024)},
    )
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/", "/auth/login", "/healthz", "/study/answer"])
def test_deeply_nested_json_is_400_on_any_url(client, path):
    body = "[" * 328 + "]" * 328  # 656 bytes
    response = client.open(
        path, method="POST" if path == "/study/answer" else "GET",
        data=body, content_type="application/json",
    )
    assert response.status_code == 400
    assert b"nested" in response.data


def test_json_too_deep_for_the_decoder_is_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.get("/", data=body, content_type="application/json")
    assert response.status_code == 400


def test_moderate_nesting_is_accepted(client):
    body = "[" * 10 + "]" * 10
    assert client.get("/auth/login", data=body, content_type="application/json").status_code == 200


def test_lone_surrogate_in_a_json_token_is_400(learner_client):
    response = learner_client.post(
        "/study/answer",
        data='{"token": "\\ud800", "response": {}}',
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "surrogate" in response.json["message"]


@pytest.mark.parametrize(
    "next_value",
    ["/study/\r\nSet-Cookie: x=1", "/\nevil", "/\\evil.example", "/ok\x7f", "//evil.example"],
)
def test_login_next_with_control_characters_or_backslashes_goes_home(client, learner, next_value):
    response = client.post(
        "/auth/login",
        query_string={"next": next_value},
        data={"email": learner.email, "password": Factory.PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_to_a_page_of_ours_is_kept(client, learner):
    response = client.post(
        "/auth/login",
        query_string={"next": "/study/stats"},
        data={"email": learner.email, "password": Factory.PASSWORD},
    )
    assert response.headers["Location"] == "/study/stats"
