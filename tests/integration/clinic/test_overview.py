"""The clinic overview: compliance now and by month, expiries, quiet staff, most-missed."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from tests.conftest import AuthActions
from tests.factories import make_bank
from tests.integration.clinic.helpers import topic_items
from tests.integration.clinic.test_reminders import ISSUED, _credential_competency
from trainer.models import CardState, ComplianceSnapshot, Question, ReviewLog, Topic

EXPIRY = ISSUED + timedelta(days=365)
NOW = EXPIRY - timedelta(days=40)  # 2026-12-01: the licence expires within 60 days


def _reviews(db, user, item: int, ratings: list[int], at) -> None:
    version = db.session.execute(
        select(Question.current_version_id).where(Question.id == item)
    ).scalar_one()
    card = CardState(user_id=user.id, question_id=item, state=2, stability=5.0, difficulty=5.0,
                     due=at, last_review=at, reps=len(ratings))  # fmt: skip
    db.session.add(card)
    db.session.flush()
    for n, rating in enumerate(ratings):
        db.session.add(
            ReviewLog(user_id=user.id, card_id=card.id, question_version_id=version,
                      rating=rating, reviewed_at=at - timedelta(days=n),
                      state_before={"stability": 5.0})
        )  # fmt: skip
    db.session.commit()


def _overview_at(app, user, when) -> str:
    """The overview as ``user`` sees it at ``when`` (logged in then: sessions know the time)."""
    with time_machine.travel(when, tick=False):
        client = app.test_client()
        assert AuthActions(client).login(user.email).status_code == 302
        return client.get("/clinics/alpha/").get_data(as_text=True)


def test_the_overview_tells_compliance_expiries_quiet_staff_and_misses(
    app, db, clinic_a, staff_a, manager_a
):
    make_bank(db, per_topic=2)
    staff_a.display_name, manager_a.display_name = "Sam Staff", "Mia Manager"
    _credential_competency(db, clinic_a, staff_a, manager_a)
    safety = topic_items(db, "safety")
    _reviews(db, manager_a, safety[0], [1, 1, 3, 3], NOW - timedelta(days=2))  # 50% missed
    _reviews(db, manager_a, safety[1], [3, 3, 3, 1], NOW - timedelta(days=3))  # 25% missed
    db.session.add_all([
        ComplianceSnapshot(clinic_id=clinic_a.id, day=date(2026, 3, 5), assigned=4, compliant=1),
        ComplianceSnapshot(clinic_id=clinic_a.id, day=date(2026, 3, 28), assigned=4, compliant=3),
        ComplianceSnapshot(clinic_id=clinic_a.id, day=date(2025, 11, 30), assigned=4, compliant=4),
    ])  # fmt: skip
    db.session.commit()
    page = _overview_at(app, manager_a, NOW)
    # staff_a holds the licence, the manager does not: 1 of 2 cells.
    assert 'data-compliance="50"' in page and "1 of 2 staff" in page
    # March's last day (75%), and today recorded by this view; Nov 2025 is over 12 months ago.
    assert "2026-03: 75" in page and "2026-12: 50" in page and "2025-11" not in page
    today = db.session.execute(
        select(ComplianceSnapshot.assigned, ComplianceSnapshot.compliant).where(
            ComplianceSnapshot.day == NOW.date()
        )
    ).one()
    assert tuple(today) == (2, 1)
    expiries = page.split('id="expiries-title"')[1].split("</section>")[0]
    assert EXPIRY.date().isoformat() in expiries and staff_a.display_name in expiries
    quiet = page.split('id="quiet-title"')[1].split("</section>")[0]
    assert staff_a.display_name in quiet and "never studied" in quiet
    assert manager_a.display_name not in quiet  # reviewed two days ago
    missed = page.split('id="missed-title"')[1].split("</section>")[0]
    safety_title = db.session.execute(select(Topic.title).where(Topic.slug == "safety")).scalar()
    assert safety_title in missed
    first, second = missed.index(">50%<"), missed.index(">25%<")
    assert first < second  # the most missed item first
    later = _overview_at(app, manager_a, NOW + timedelta(days=20))
    assert manager_a.display_name in later.split('id="quiet-title"')[1].split("</section>")[0]
    assert "No misses yet" not in later


def test_staff_see_no_clinic_figures(db, clinic_a, staff_a, manager_a, staff_client):
    manager_a.display_name = "Mia Manager"
    _credential_competency(db, clinic_a, staff_a, manager_a)
    page = staff_client.get("/clinics/alpha/").get_data(as_text=True)
    assert "See my competencies" in page
    assert "compliance-title" not in page and manager_a.display_name not in page
    assert db.session.execute(select(ComplianceSnapshot)).first() is None


def test_an_empty_clinic_says_what_to_do_next(db, clinic_a, manager_a, manager_client):
    page = manager_client.get("/clinics/alpha/").get_data(as_text=True)
    assert "No competency is assigned to anyone yet" in page
    assert "No misses yet" in page


def test_the_daily_reminder_run_records_the_day(app, db, runner, clinic_a, staff_a, manager_a):
    _credential_competency(db, clinic_a, staff_a, manager_a)
    result = runner.invoke(args=["clinic", "remind", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    rows = db.session.execute(
        select(ComplianceSnapshot.day, ComplianceSnapshot.assigned, ComplianceSnapshot.compliant)
    ).all()
    assert [tuple(r) for r in rows] == [(NOW.date(), 2, 1)]


def test_another_clinics_private_items_stay_out_of_the_misses(
    app, db, clinic_a, clinic_b, staff_a, manager_a
):
    from trainer.models import ClinicRole, Membership

    make_bank(db, per_topic=2)
    private, shared = topic_items(db, "safety")[:2]
    db.session.get(Question, private).clinic_id = clinic_b.id  # clinic B's own item
    # manager_a also works at clinic B, and studies B's item there.
    db.session.add(Membership(user_id=manager_a.id, clinic_id=clinic_b.id, role=ClinicRole.STAFF))
    db.session.commit()
    _reviews(db, manager_a, private, [1, 1, 1, 1], NOW - timedelta(days=2))
    page = _overview_at(app, manager_a, NOW)
    assert "No misses yet" in page
    _reviews(db, manager_a, shared, [1, 3, 3, 3], NOW - timedelta(days=2))
    missed = _overview_at(app, manager_a, NOW).split('id="missed-title"')[1]
    assert ">25%<" in missed and ">100%<" not in missed
