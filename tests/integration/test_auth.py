"""Registration, login, logout, profile and password change, including bad input."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from trainer.models import Membership, User


def _register(client, **overrides):
    data = {"email": "new@example.com", "display_name": "New Person", "invite_code": ""}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def _signup_link(app) -> str:
    (message,) = app.extensions["mail_outbox"]
    match = re.search(r"http://localhost(/auth/register/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def _finish(client, link, password="long enough password", confirm=None):
    return client.post(
        link, data={"new_password": password, "confirm": confirm or password}
    )


def test_register_by_emailed_link_logs_in_and_hashes_password(app, client, db):
    app.extensions["mail_outbox"] = []
    response = _register(client)
    assert response.status_code == 302
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0  # not yet
    link = _signup_link(app)
    assert "Choose your password" in client.get(link).get_data(as_text=True)
    assert _finish(client, link).status_code == 302
    user = db.session.execute(select(User)).scalar_one()
    assert user.email == "new@example.com"
    assert user.password_hash != "long enough password"
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert b"New Person" in client.get("/").data
    # the link is spent once the account exists
    again = app.test_client().get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/auth/login")


def test_register_normalises_email_case(app, client, db):
    app.extensions["mail_outbox"] = []
    _register(client, email="  Mixed@Example.COM ")
    _finish(client, _signup_link(app))
    assert db.session.execute(select(User.email)).scalar_one() == "mixed@example.com"


def test_register_short_password(app, client, db):
    app.extensions["mail_outbox"] = []
    _register(client)
    response = _finish(client, _signup_link(app), password="short")
    assert response.status_code == 200
    assert b"Use at least 10 characters" in response.data
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_register_mismatched_confirmation_and_bad_email(app, client, db):
    response = _register(client, email="not-an-email")
    assert response.status_code == 200
    assert b"Invalid email address." in response.data
    app.extensions["mail_outbox"] = []
    _register(client)
    mismatch = _finish(client, _signup_link(app), confirm="something else entirely")
    assert b"The passwords do not match." in mismatch.data
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_register_keeps_entered_values_on_error(client):
    response = _register(client, email="not-an-email", display_name="Keep Me")
    assert b'value="Keep Me"' in response.data
    assert b'value="not-an-email"' in response.data


def test_tampered_signup_link_is_refused(app, client, db):
    app.extensions["mail_outbox"] = []
    _register(client)
    link = _signup_link(app)
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 302 and "/auth/register" in response.headers["Location"]
    assert _finish(client, link[:-3] + "xyz").status_code == 302
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_register_with_invite_code_joins_clinic_as_staff(app, client, db, clinic_a):
    app.extensions["mail_outbox"] = []
    _register(client, invite_code=clinic_a.invite_code.lower())
    assert _finish(client, _signup_link(app)).status_code == 302
    membership = db.session.execute(select(Membership)).scalar_one()
    assert membership.clinic_id == clinic_a.id
    assert membership.role.value == "staff"


def test_register_with_unknown_invite_code(client, db):
    response = _register(client, invite_code="NOPE-123")
    assert response.status_code == 200
    assert b"No clinic has this invite code" in response.data
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_login_and_logout(client, auth, learner):
    response = auth.login(learner.email)
    assert response.status_code == 302
    assert b"Lee Learner" in client.get("/").data
    assert auth.logout().status_code == 302
    assert b"Log in" in client.get("/").data


def test_login_is_case_insensitive_on_email(auth, learner):
    assert auth.login("LEARNER@EXAMPLE.COM").status_code == 302


def test_login_wrong_password_and_unknown_user_say_the_same(auth, learner):
    wrong = auth.login(learner.email, "wrong password!!")
    unknown = auth.login("nobody@example.com")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert b"Email or password is incorrect." in response.data


def test_login_refuses_inactive_user(auth, factory):
    user = factory.user(email="gone@example.com", active=False)
    response = auth.login(user.email)
    assert response.status_code == 200
    assert b"Email or password is incorrect." in response.data


def test_login_empty_fields_are_field_errors(client):
    response = client.post("/auth/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert b"This field is required." in response.data


def test_login_next_only_follows_local_paths(auth, learner):
    local = auth.login(learner.email, next=None)
    assert local.headers["Location"] == "/"
    auth.logout()
    response = auth.client.post(
        "/auth/login?next=https://evil.example/x",
        data={"email": learner.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"
    auth.logout()
    response = auth.client.post(
        "/auth/login?next=/auth/profile",
        data={"email": learner.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/auth/profile"


def test_remember_me_sets_cookie(auth, learner):
    response = auth.login(learner.email, remember="y")
    assert "remember_token=" in response.headers.get("Set-Cookie", "") or any(
        "remember_token" in c for c in response.headers.getlist("Set-Cookie")
    )


def test_pages_need_login(client):
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_change_password(learner_client, auth, learner):
    response = learner_client.post(
        "/auth/password",
        data={
            "pw-current_password": "correct horse battery",
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
        },
    )
    assert response.status_code == 302
    assert auth.login(learner.email, "correct horse battery").status_code == 200
    assert auth.login(learner.email, "a brand new password").status_code == 302


def test_change_password_wrong_current(learner_client):
    response = learner_client.post(
        "/auth/password",
        data={
            "pw-current_password": "not my password",
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
        },
    )
    assert response.status_code == 400
    assert b"This is not your current password." in response.data


def test_profile_update(learner_client, db, learner):
    response = learner_client.post(
        "/auth/profile", data={"display_name": "Renamed", "submit": "Save"}
    )
    assert response.status_code == 302
    db.session.refresh(learner)
    assert learner.display_name == "Renamed"
