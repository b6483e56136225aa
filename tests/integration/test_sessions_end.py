"""Logout, password change and reset end every session of the user (issue 7, defect 2)."""

from __future__ import annotations

import re

from flask_login.config import COOKIE_NAME

from tests.factories import Factory


def _login(app, email, remember=False):
    client = app.test_client()
    data = {"email": email, "password": Factory.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def _copy_cookies(source, target, names):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def _is_logged_in(client) -> bool:
    return client.get("/auth/profile").status_code == 200


def test_replayed_session_cookie_after_logout_is_refused(app, learner):
    client = _login(app, learner.email)
    thief = app.test_client()
    _copy_cookies(client, thief, ["session"])
    assert _is_logged_in(thief)
    client.post("/auth/logout")
    assert not _is_logged_in(client)
    assert not _is_logged_in(thief)


def test_remember_cookie_does_not_survive_logout(app, learner):
    client = _login(app, learner.email, remember=True)
    assert client.get_cookie(COOKIE_NAME) is not None
    kept = app.test_client()
    _copy_cookies(client, kept, [COOKIE_NAME])  # a remember cookie alone, as after a restart
    assert _is_logged_in(kept)
    client.post("/auth/logout")
    stale = app.test_client()
    _copy_cookies(kept, stale, [COOKIE_NAME])
    assert not _is_logged_in(stale)


def test_password_change_ends_other_sessions_and_keeps_this_one(app, learner):
    laptop = _login(app, learner.email, remember=True)
    phone = _login(app, learner.email)
    remembered = app.test_client()
    _copy_cookies(laptop, remembered, [COOKIE_NAME])
    response = laptop.post(
        "/auth/password",
        data={
            "pw-current_password": Factory.PASSWORD,
            "pw-new_password": "a brand new password",
            "pw-confirm": "a brand new password",
            "pw-submit": "Change password",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _is_logged_in(laptop)
    assert not _is_logged_in(phone)
    assert not _is_logged_in(remembered)
    # the laptop kept "remember me": its new cookie works on its own
    fresh = app.test_client()
    _copy_cookies(laptop, fresh, [COOKIE_NAME])
    assert _is_logged_in(fresh)


def test_password_reset_ends_every_session(app, learner):
    logged_in = _login(app, learner.email, remember=True)
    app.extensions["mail_outbox"] = []
    anonymous = app.test_client()
    anonymous.post("/auth/reset", data={"email": learner.email})
    (message,) = app.extensions["mail_outbox"]
    link = re.search(r"http://localhost(/auth/reset/\S+)", message.get_content()).group(1)
    response = anonymous.post(
        link, data={"new_password": "reset password 123", "confirm": "reset password 123"}
    )
    assert response.status_code == 302
    assert not _is_logged_in(logged_in)


def test_malformed_session_ids_load_nobody(app, learner):
    from trainer.auth.access import load_session_user

    good = learner.get_id()
    assert load_session_user(good) == learner
    for bad in [str(learner.id), f"{learner.id}.", f"{learner.id}.x", "9" * 40 + ".0", ".0", ""]:
        assert load_session_user(bad) is None, bad
    assert load_session_user(f"{learner.id}.{learner.session_generation + 1}") is None
