"""`flask clinic remind`: 30, 7 and 0 days before expiry and when overdue, each only once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from trainer.domain.competency import CompetencyStatus, Status
from trainer.models import Competency, Credential, Membership, SentReminder
from trainer.services.clinics.reminders import Due, reminder_for

ISSUED = datetime(2026, 1, 10, tzinfo=UTC)


def _credential_competency(db, clinic, user, signer, *, deadline_days=None):
    db.session.add(
        Competency(
            clinic_id=clinic.id, key="licence", title="Licence", valid_for_months=12,
            due_soon_days=30, deadline_days=deadline_days,
            requirements=[{"kind": "credential", "key": "lic", "label": "licence",
                           "credential_kind": "licence"}],
            assigned_at=ISSUED - timedelta(days=400),
        )
    )  # fmt: skip
    if user is not None:
        db.session.add(
            Credential(
                clinic_id=clinic.id, user_id=user.id, kind="licence", issued_at=ISSUED,
                expires_at=ISSUED + timedelta(days=365), signed_by_id=signer.id,
                signed_at=ISSUED,
            )
        )  # fmt: skip
    db.session.commit()


def _remind(app, runner, when: datetime) -> list[str]:
    app.extensions["mail_outbox"] = []
    result = runner.invoke(args=["clinic", "remind", "--now", when.isoformat()])
    assert result.exit_code == 0, result.output
    return [message["Subject"] for message in app.extensions["mail_outbox"]]


def test_each_mark_once_in_its_window(app, db, runner, clinic_a, staff_a, manager_a):
    _credential_competency(db, clinic_a, staff_a, manager_a)
    expiry = ISSUED + timedelta(days=365)
    assert _remind(app, runner, expiry - timedelta(days=31)) == []
    first = _remind(app, runner, expiry - timedelta(days=30))
    assert first == ["Licence expires in 30 days"]  # the manager never held it: no expiry
    assert _remind(app, runner, expiry - timedelta(days=29)) == []  # never twice
    assert _remind(app, runner, expiry - timedelta(days=7)) == ["Licence expires in 7 days"]
    assert _remind(app, runner, expiry - timedelta(days=6)) == []
    assert _remind(app, runner, expiry - timedelta(hours=20)) == ["Licence expires today"]
    assert _remind(app, runner, expiry - timedelta(hours=2)) == []
    assert _remind(app, runner, expiry) == ["Expired: Licence"]  # lapsed at the expiry
    assert _remind(app, runner, expiry + timedelta(days=3)) == []
    marks = db.session.execute(
        select(SentReminder.mark).where(SentReminder.user_id == staff_a.id)
    ).scalars()
    assert sorted(marks) == ["0d", "30d", "7d", "expired"]


def test_overdue_once_and_deactivated_staff_get_nothing(
    app, db, runner, factory, clinic_a, manager_a
):
    newcomer = factory.user(email="new@alpha.example", clinic=clinic_a)
    leaver = factory.user(email="leaver@alpha.example", clinic=clinic_a)
    membership = db.session.execute(
        select(Membership).where(Membership.user_id == leaver.id)
    ).scalar_one()
    membership.active = False
    db.session.commit()
    _credential_competency(db, clinic_a, None, manager_a, deadline_days=30)
    joined = db.session.execute(
        select(Membership.created_at).where(Membership.user_id == newcomer.id)
    ).scalar_one()
    assert _remind(app, runner, joined + timedelta(days=29)) == []
    later = joined + timedelta(days=31)
    app.extensions["mail_outbox"] = []
    runner.invoke(args=["clinic", "remind", "--now", later.isoformat()])
    recipients = sorted(m["To"] for m in app.extensions["mail_outbox"])
    assert recipients == sorted([newcomer.email, manager_a.email])
    assert _remind(app, runner, later + timedelta(days=1)) == []


def test_a_bad_now_is_a_usage_error(runner):
    result = runner.invoke(args=["clinic", "remind", "--now", "yesterday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output


def test_only_the_nearest_mark_reached_is_sent():
    expiry = datetime(2027, 1, 10, tzinfo=UTC)
    cell = CompetencyStatus(Status.DUE_SOON, 1.0, ISSUED, expiry)
    assert reminder_for(cell, expiry - timedelta(days=5)) == Due("7d", expiry)
    assert reminder_for(cell, expiry - timedelta(days=40)) is None
    assert reminder_for(cell, expiry - timedelta(hours=3)) == Due("0d", expiry)
    assert reminder_for(CompetencyStatus(Status.IN_PROGRESS, 0.5), expiry) is None
