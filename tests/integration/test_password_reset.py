"""Reset by emailed token: works once, expires, cannot be forged."""

from __future__ import annotations

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from trainer.services import accounts


def _request_reset(client, app, email):
    app.extensions["mail_outbox"] = []
    response = client.post("/auth/reset", data={"email": email})
    assert response.status_code == 302
    return app.extensions["mail_outbox"]


def _link(message) -> str:
    match = re.search(r"http://localhost(/auth/reset/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_reset_flow_and_single_use(client, app, auth, learner):
    outbox = _request_reset(client, app, learner.email)
    assert len(outbox) == 1 and outbox[0]["To"] == learner.email
    link = _link(outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(
        link, data={"new_password": "fresh password 1", "confirm": "fresh password 1"}
    )
    assert response.status_code == 302
    assert auth.login(learner.email, "fresh password 1").status_code == 302
    auth.logout()
    reused = client.get(link)
    assert reused.status_code == 302
    assert "already been used" in client.get(reused.headers["Location"]).get_data(as_text=True)


def test_reset_unknown_email_looks_the_same_and_sends_nothing(client, app):
    outbox = _request_reset(client, app, "nobody@example.com")
    assert outbox == []


def test_expired_token(app, learner):
    token = accounts.make_reset_token(learner, app.config["SECRET_KEY"])
    result = accounts.verify_reset_token(token, app.config["SECRET_KEY"], max_age=-1)
    assert result.user is None and "expired" in result.error


def test_forged_token(app, learner):
    forged = URLSafeTimedSerializer("not the secret", salt=accounts.RESET_SALT).dumps(
        {"uid": learner.id, "fp": "x"}
    )
    result = accounts.verify_reset_token(forged, app.config["SECRET_KEY"], max_age=3600)
    assert result.user is None and "not valid" in result.error


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_garbage_token_redirects_with_message(client, token):
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code == 302
    assert "not valid" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_token_of_another_user_id_is_refused(app, learner):
    token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=accounts.RESET_SALT).dumps(
        {"uid": learner.id + 999, "fp": "x"}
    )
    assert accounts.verify_reset_token(token, app.config["SECRET_KEY"], 3600).user is None
