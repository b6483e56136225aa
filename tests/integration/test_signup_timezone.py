"""A new account takes the browser's time zone at registration (issue 12), checked against the
zone database; anything else means UTC."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.test_auth import _register, _signup_link
from trainer.models import StudySettings, User


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Mars/Olympus", "UTC"),
        ("", "UTC"),
        (None, "UTC"),
        ("../../etc/passwd", "UTC"),
    ],
)
def test_signup_saves_the_browsers_time_zone(app, client, db, sent, saved):
    app.extensions["mail_outbox"] = []
    _register(client)
    link = _signup_link(app)
    assert 'name="timezone" type="hidden"' in client.get(link).get_data(as_text=True)
    data = {"new_password": "long enough password", "confirm": "long enough password"}
    if sent is not None:
        data["timezone"] = sent
    assert client.post(link, data=data).status_code == 302
    user = db.session.execute(select(User)).scalar_one()
    assert db.session.get(StudySettings, user.id).timezone == saved
