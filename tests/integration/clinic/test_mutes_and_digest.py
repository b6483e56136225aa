"""Muting courtesy reminders on one's own page, and the managers' weekly digest."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.integration.clinic.test_reminders import ISSUED, _credential_competency, _remind
from trainer.models import Membership, SentDigest
from trainer.services.clinics.digest import week_of

EXPIRY = ISSUED + timedelta(days=365)


def _membership(db, user) -> Membership:
    return db.session.execute(select(Membership).where(Membership.user_id == user.id)).scalar_one()


def _digest(app, runner, when) -> list:
    app.extensions["mail_outbox"] = []
    result = runner.invoke(args=["clinic", "digest", "--now", when.isoformat()])
    assert result.exit_code == 0, result.output
    return list(app.extensions["mail_outbox"])


def test_muted_staff_get_only_the_mandatory_notices(app, db, runner, clinic_a, staff_a, manager_a):
    _credential_competency(db, clinic_a, staff_a, manager_a)
    _membership(db, staff_a).mute_due_soon = True
    db.session.commit()
    assert _remind(app, runner, EXPIRY - timedelta(days=30)) == []
    assert _remind(app, runner, EXPIRY - timedelta(days=7)) == []
    assert _remind(app, runner, EXPIRY - timedelta(hours=20)) == ["Licence expires today"]
    assert _remind(app, runner, EXPIRY) == ["Expired: Licence"]


def test_a_member_mutes_on_their_page_and_sees_what_was_sent(
    app, db, runner, clinic_a, staff_a, manager_a, staff_client
):
    _credential_competency(db, clinic_a, staff_a, manager_a)
    assert _remind(app, runner, EXPIRY - timedelta(days=30)) == ["Licence expires in 30 days"]
    page = staff_client.get("/clinics/alpha/me").get_data(as_text=True)
    assert 'id="reminders"' in page and "due in 30 days" in page
    assert EXPIRY.date().isoformat() in page
    assert "mute_digest" not in page  # the digest is a manager's
    response = staff_client.post(
        "/clinics/alpha/me/reminders", data={"mute_due_soon": "y", "mute_digest": "y"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    membership = _membership(db, staff_a)
    assert membership.mute_due_soon and not membership.mute_digest  # staff get no digest
    assert _remind(app, runner, EXPIRY - timedelta(days=7)) == []
    page = staff_client.get("/clinics/alpha/me").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="mute_due_soon"[^>]*>', page)
    assert box and "checked" in box.group(0)  # the page shows the saved choice
    staff_client.post("/clinics/alpha/me/reminders", data={})  # both boxes cleared
    db.session.expire_all()
    assert not _membership(db, staff_a).mute_due_soon


def test_the_digest_goes_to_managers_once_a_week_and_tells_the_matrix(
    app, db, runner, factory, clinic_a, clinic_b, staff_a, manager_a
):
    _credential_competency(db, clinic_a, staff_a, manager_a)
    other = factory.user(email="other@alpha.example", name="Oona Other", clinic=clinic_a)
    monday = EXPIRY - timedelta(days=20) - timedelta(days=(EXPIRY - timedelta(days=20)).weekday())
    mails = _digest(app, runner, monday)
    assert [m["To"] for m in mails] == [manager_a.email]  # staff and clinic B's nobody: none
    body = mails[0].get_content()
    assert "Licence: 1 due soon, 2 in progress" in body  # the manager and Oona hold none
    assert f"{EXPIRY.date().isoformat()} {staff_a.display_name}: Licence" in body
    assert "http://localhost/clinics/alpha/matrix" in body
    assert mails[0]["Subject"] == "Weekly digest: Alpha Physio, 0 need action"
    assert _digest(app, runner, monday + timedelta(days=2)) == []  # once a week
    assert db.session.execute(select(SentDigest.week)).scalars().all() == [week_of(monday)]
    # After the expiry the staff member needs action; Oona never had a deadline.
    later = _digest(app, runner, EXPIRY + timedelta(days=3))
    assert len(later) == 1
    body = later[0].get_content()
    assert f"- {staff_a.display_name}: Licence (expired)" in body
    assert other.display_name not in body.split("Needs action")[1]
    _membership(db, manager_a).mute_digest = True
    db.session.commit()
    assert _digest(app, runner, EXPIRY + timedelta(days=10)) == []
