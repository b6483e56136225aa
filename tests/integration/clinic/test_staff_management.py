"""Staff management: invites (expiry, revoke, regenerated code), joining, roles, deactivation,
instructors on the staff list, and the audit log with its CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import _logged_in
from trainer.models import AuditEvent, ClinicInvite, ClinicRole, Membership
from trainer.services.clinics import invites


def _membership(db, clinic, user):
    db.session.expire_all()  # the requests changed rows this session may hold
    return db.session.execute(
        select(Membership).where(Membership.clinic_id == clinic.id, Membership.user_id == user.id)
    ).scalar_one_or_none()


def test_invite_lets_a_signed_in_user_join_with_its_role(
    app, db, factory, clinic_a, manager_client
):
    response = manager_client.post(
        "/clinics/alpha/invites", data={"role": "instructor", "days": "7", "note": "Sam"}
    )
    assert response.status_code == 303
    invite = db.session.execute(select(ClinicInvite)).scalar_one()
    newcomer = factory.user(email="new@example.com")
    client = _logged_in(app, newcomer)
    assert client.get(f"/clinics/join?code={invite.code}").status_code == 200
    joined = client.post("/clinics/join", data={"code": invite.code.lower()})
    assert joined.status_code == 303 and joined.headers["Location"].endswith("/clinics/alpha/")
    membership = _membership(db, clinic_a, newcomer)
    assert membership.role == ClinicRole.INSTRUCTOR
    db.session.refresh(invite)
    assert invite.uses == 1


def test_expired_and_revoked_invites_open_nothing(app, db, factory, clinic_a, manager_a):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    invite = invites.create_invite(clinic_a, manager_a, ClinicRole.STAFF, 3, "", now)
    assert invites.resolve_code(invite.code, now + timedelta(days=2)) is not None
    assert invites.resolve_code(invite.code, now + timedelta(days=3)) is None  # expired
    other = invites.create_invite(clinic_a, manager_a, ClinicRole.STAFF, 3, "", now)
    invites.revoke_invite(clinic_a, manager_a, other, now)
    assert invites.resolve_code(other.code, now) is None
    user = factory.user(email="late@example.com")
    client = _logged_in(app, user)
    refused = client.post("/clinics/join", data={"code": other.code})
    assert refused.status_code == 422 and b"expired or been revoked" in refused.data
    assert _membership(db, clinic_a, user) is None


def test_revoke_through_the_page(db, clinic_a, manager_a, manager_client):
    invite = invites.create_invite(clinic_a, manager_a, ClinicRole.STAFF, 3, "", datetime.now(UTC))
    assert manager_client.post(f"/clinics/alpha/invites/{invite.id}/revoke").status_code == 303
    db.session.refresh(invite)
    assert invite.revoked_at is not None


def test_regenerated_code_replaces_the_old_one(app, db, factory, clinic_a, manager_client):
    old = clinic_a.invite_code
    assert manager_client.post("/clinics/alpha/invites/code").status_code == 303
    db.session.refresh(clinic_a)
    assert clinic_a.invite_code != old
    client = _logged_in(app, factory.user(email="x@example.com"))
    assert client.post("/clinics/join", data={"code": old}).status_code == 422
    assert client.post("/clinics/join", data={"code": clinic_a.invite_code}).status_code == 303


def test_registration_accepts_a_live_invite(db, clinic_a, manager_a):
    from trainer.services import accounts

    invite = invites.create_invite(
        clinic_a, manager_a, ClinicRole.INSTRUCTOR, 3, "", datetime.now(UTC)
    )
    user = accounts.register("fresh@example.com", "Fresh", "a long password here", invite.code)
    assert _membership(db, clinic_a, user).role == ClinicRole.INSTRUCTOR


def test_manager_changes_role_and_deactivates_keeping_history(
    app, db, clinic_a, staff_a, manager_client
):
    assert (
        manager_client.post(
            f"/clinics/alpha/staff/{staff_a.id}/role", data={"role": "instructor"}
        ).status_code
        == 303
    )
    assert _membership(db, clinic_a, staff_a).role == ClinicRole.INSTRUCTOR
    staff_client = _logged_in(app, staff_a)
    assert staff_client.get("/clinics/alpha/staff").status_code == 200  # instructors see it
    assert (
        manager_client.post(
            f"/clinics/alpha/staff/{staff_a.id}/active", data={"active": "0"}
        ).status_code
        == 303
    )
    membership = _membership(db, clinic_a, staff_a)
    assert membership is not None and membership.active is False  # kept, not deleted
    assert staff_client.get("/clinics/alpha/").status_code == 404  # access ended
    page = manager_client.get("/clinics/alpha/staff").get_data(as_text=True)
    assert "deactivated" in page and staff_a.email in page
    # a code does not let a deactivated member back in
    assert (
        staff_client.post("/clinics/join", data={"code": clinic_a.invite_code}).status_code == 422
    )


def test_the_last_manager_cannot_step_down(db, clinic_a, manager_a, manager_client):
    response = manager_client.post(
        f"/clinics/alpha/staff/{manager_a.id}/role", data={"role": "staff"}, follow_redirects=True
    )
    assert b"at least one active manager" in response.data
    assert _membership(db, clinic_a, manager_a).role == ClinicRole.MANAGER


def test_member_of_another_clinic_is_404(db, factory, clinic_a, clinic_b, manager_client):
    outsider = factory.user(email="b@beta.example", clinic=clinic_b)
    assert (
        manager_client.post(
            f"/clinics/alpha/staff/{outsider.id}/role", data={"role": "manager"}
        ).status_code
        == 404
    )
    assert _membership(db, clinic_b, outsider).role == ClinicRole.STAFF
    other = invites.create_invite(clinic_b, outsider, ClinicRole.STAFF, 3, "", datetime.now(UTC))
    assert manager_client.post(f"/clinics/alpha/invites/{other.id}/revoke").status_code == 404


def test_every_manager_action_is_audited_and_exported(db, clinic_a, staff_a, manager_client):
    manager_client.post("/clinics/alpha/invites", data={"role": "staff", "days": "5"})
    manager_client.post(f"/clinics/alpha/staff/{staff_a.id}/role", data={"role": "instructor"})
    manager_client.post(f"/clinics/alpha/staff/{staff_a.id}/active", data={"active": "0"})
    manager_client.post("/clinics/alpha/invites/code")
    actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert actions == {
        "invite_created",
        "role_changed",
        "member_deactivated",
        "invite_code_regenerated",
    }
    page = manager_client.get("/clinics/alpha/audit").get_data(as_text=True)
    assert "role_changed" in page and "staff -&gt; instructor" in page
    rows = list(csv.reader(io.StringIO(manager_client.get("/clinics/alpha/audit.csv").text)))
    assert rows[0][0] == "when (UTC)" and len(rows) == 5
    assert {row[2] for row in rows[1:]} == actions


def test_invite_form_errors_keep_the_values(manager_client):
    response = manager_client.post(
        "/clinics/alpha/invites", data={"role": "staff", "days": "999", "note": "for Robin"}
    )
    assert response.status_code == 422
    assert b"for Robin" in response.data and b"between 1 and 90" in response.data
