"""Registration, reset and login tell an outsider nothing and cannot be hammered (issue 7, 6)."""

from __future__ import annotations

import re
import smtplib

import pytest
from sqlalchemy import func, select

from trainer.models import User


def _register(client, email, invite_code=""):
    return client.post(
        "/auth/register",
        data={"email": email, "display_name": "Someone", "invite_code": invite_code},
    )


def _flash(client, response) -> str:
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.sub(r'content="[^"]+"|value="[^"]+"', "TOKEN", page)  # CSRF tokens differ


def test_registering_a_taken_email_answers_like_a_new_one_and_mails_the_owner(app, learner):
    app.extensions["mail_outbox"] = []
    taken_client, new_client = app.test_client(), app.test_client()
    taken = _register(taken_client, learner.email)
    new = _register(new_client, "fresh@example.com")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    taken_page = _flash(taken_client, taken).replace(learner.email, "ADDRESS")
    new_page = _flash(new_client, new).replace("fresh@example.com", "ADDRESS")
    assert taken_page == new_page
    owner_mail, new_mail = app.extensions["mail_outbox"]
    assert owner_mail["To"] == learner.email and "already has one" in owner_mail.get_content()
    assert "/auth/register/" not in owner_mail.get_content()
    assert new_mail["To"] == "fresh@example.com" and "/auth/register/" in new_mail.get_content()


@pytest.mark.app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
def test_a_broken_mail_server_never_changes_the_answer(app, learner, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    for path, data in [
        ("/auth/reset", {"email": learner.email}),
        ("/auth/reset", {"email": "nobody@example.com"}),
        ("/auth/register", {"email": learner.email, "display_name": "x", "invite_code": ""}),
        ("/auth/register", {"email": "new@example.com", "display_name": "x", "invite_code": ""}),
    ]:
        response = app.test_client().post(path, data=data)
        assert response.status_code == 302, (path, data)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, REGISTER_RATE_LIMIT="3 per hour")
def test_registration_and_invite_code_guessing_are_rate_limited(app, db):
    client = app.test_client()
    codes = [_register(client, f"g{i}@example.com", f"GUESS-{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PASSWORD_CHANGE_RATE_LIMIT="3 per hour")
def test_wrong_current_passwords_are_rate_limited(learner_client):
    def attempt():
        return learner_client.post(
            "/auth/password",
            data={
                "pw-current_password": "not my password",
                "pw-new_password": "another password 1",
                "pw-confirm": "another password 1",
                "pw-submit": "Change password",
            },
        ).status_code

    assert [attempt() for _ in range(4)] == [400, 400, 400, 429]


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    LOGIN_RATE_LIMIT="2 per minute",
    LOGIN_ADDRESS_RATE_LIMIT="20 per minute",
)
def test_login_limit_is_per_account_so_colleagues_behind_one_router_are_not_locked_out(
    app, factory
):
    staff = [factory.user(email=f"staff{i}@clinic.example") for i in range(6)]
    router = {"REMOTE_ADDR": "203.0.113.9"}
    for user in staff:  # six people, one address, one typo each, then the right password
        client = app.test_client()
        wrong = client.post(
            "/auth/login", data={"email": user.email, "password": "typo typo"}, environ_base=router
        )
        assert wrong.status_code == 200
        right = client.post(
            "/auth/login",
            data={"email": user.email, "password": "correct horse battery"},
            environ_base=router,
        )
        assert right.status_code == 302, user.email
    # but one account guessed from many addresses is limited
    victim = staff[0].email
    codes = [
        app.test_client()
        .post(
            "/auth/login",
            data={"email": victim.upper(), "password": "guess"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i}"},
        )
        .status_code
        for i in range(3)
    ]
    assert codes[-1] == 429


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    LOGIN_RATE_LIMIT="50 per minute",
    LOGIN_ADDRESS_RATE_LIMIT="3 per minute",
)
def test_login_is_also_limited_per_address(app):
    client = app.test_client()
    codes = [
        client.post(
            "/auth/login", data={"email": f"spray{i}@example.com", "password": "x"}
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    LOGIN_RATE_LIMIT="50 per minute",
    LOGIN_ADDRESS_RATE_LIMIT="2 per minute",
    TRUST_PROXY_HOPS=1,
)
def test_behind_a_proxy_the_limit_is_per_forwarded_client_not_per_proxy(app):
    client = app.test_client()

    def attempt(address):
        return client.post(
            "/auth/login",
            data={"email": "someone@example.com", "password": "x"},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},  # the load balancer
        ).status_code

    assert [attempt("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert attempt("198.51.100.2") == 200


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    LOGIN_RATE_LIMIT="50 per minute",
    LOGIN_ADDRESS_RATE_LIMIT="2 per minute",
)
def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(app):
    client = app.test_client()
    codes = [
        client.post(
            "/auth/login",
            data={"email": "someone@example.com", "password": "x"},
            headers={"X-Forwarded-For": f"198.51.100.{i}"},
        ).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
