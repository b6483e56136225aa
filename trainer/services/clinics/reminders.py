"""Competency reminders: staff are emailed 30, 7 and 0 days before a competency expires, and
once when it is overdue or has expired; never the same reminder twice (``sent_reminders``).

The "today" reminder goes out in the last 24 hours before the expiry. The 30- and 7-day marks are
courtesy (``COURTESY_MARKS``): a member can mute them per clinic; the rest are mandatory. Run
from cron (daily) by
``flask --app trainer clinic remind``; each run computes every clinic's matrix (set-based, see
services/clinics/matrix.py) and sends what is due and not yet sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from trainer.domain.competency import REMINDER_OFFSETS, CompetencyStatus, Status
from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Competency, Membership, SentReminder
from trainer.public_urls import public_url_for
from trainer.services.clinics.matrix import clinic_matrix
from trainer.services.clinics.overview import record_compliance
from trainer.services.mail import send_mail

_DAY = timedelta(days=1)
#: Marks a member may mute: a heads-up, not a compliance notice.
COURTESY_MARKS = frozenset({"30d", "7d"})


@dataclass(frozen=True)
class Due:
    """One reminder to send: which mark ("30d", "7d", "0d", "overdue", "expired") of which
    moment (the expiry, the deadline, or when it lapsed)."""

    mark: str
    due_at: datetime


def reminder_for(cell: CompetencyStatus, now: datetime) -> Due | None:
    """The reminder a cell calls for at ``now``, if any.

    Before an expiry only the nearest mark reached counts: a person first seen 5 days before
    expiry gets the 7-day reminder, not a late 30-day one as well.
    """
    if cell.status in (Status.MET, Status.DUE_SOON) and cell.expires_at is not None:
        # The 0-day mark is the expiry itself, when the cell is no longer met; cron runs daily,
        # so "expires today" goes out in the last day before it instead.
        reached = [o for o in REMINDER_OFFSETS if now >= cell.expires_at - max(o, _DAY)]
        if not reached:
            return None
        nearest = min(reached)
        return Due(f"{nearest // timedelta(days=1)}d", cell.expires_at)
    if cell.status is Status.OVERDUE and cell.deadline is not None:
        return Due("overdue", cell.deadline)
    if cell.status is Status.EXPIRED:
        lapsed = [r.lapsed_at for r in cell.requirements if r.lapsed_at is not None]
        if lapsed:
            return Due("expired", max(lapsed))
    return None


_SUBJECTS = {
    "overdue": "Overdue: {title}",
    "expired": "Expired: {title}",
    "0d": "{title} expires today",
}


def _message(clinic: Clinic, title: str, due: Due, cell: CompetencyStatus) -> tuple[str, str]:
    subject = _SUBJECTS.get(due.mark, "{title} expires in {days} days").format(
        title=title, days=due.mark.rstrip("d")
    )
    missing = [m.to_meet for m in cell.missing] or ["renew your evidence before it expires"]
    link = public_url_for("clinic.my_competencies", slug=clinic.slug)
    body = (
        f"{subject} ({clinic.name}, {due.due_at.date().isoformat()}).\n\n"
        + "\n".join(f"- {line}" for line in missing)
        + f"\n\nYour competencies: {link}\n"
    )
    return subject, body


def send_reminders(now: datetime) -> int:
    """Send every reminder due at ``now`` in every clinic; returns how many were sent."""
    sent = 0
    for clinic in db.session.execute(select(Clinic).order_by(Clinic.id)).scalars():
        result = clinic_matrix(clinic, now)
        record_compliance(clinic, result, now)  # the daily point of the overview's chart
        ids = {c.key: c.id for c in result.competencies}
        muted = set(
            db.session.execute(
                select(Membership.user_id).where(
                    Membership.clinic_id == clinic.id, Membership.mute_due_soon.is_(True)
                )
            ).scalars()
        )
        wanted = []
        for person in result.people:
            for competency in result.competencies:
                cell = result.cell(person, competency)
                due = reminder_for(cell, now)
                if due is not None and not (due.mark in COURTESY_MARKS and person.user_id in muted):
                    wanted.append((person, competency, cell, due))
        if not wanted:
            continue
        done = set(
            db.session.execute(
                select(SentReminder.user_id, SentReminder.competency_id, SentReminder.due_at,
                       SentReminder.mark)
                .where(SentReminder.competency_id.in_(ids.values()))
                .where(SentReminder.user_id.in_({p.user_id for p, *_ in wanted}))
            ).all()
        )  # fmt: skip
        for person, competency, cell, due in wanted:
            key = (person.user_id, competency.id, due.due_at, due.mark)
            if key in done:
                continue
            subject, body = _message(clinic, competency.title, due, cell)
            if send_mail(person.email, subject, body):
                db.session.add(
                    SentReminder(
                        user_id=person.user_id, competency_id=competency.id,
                        due_at=due.due_at, mark=due.mark, sent_at=now,
                    )
                )  # fmt: skip
                db.session.commit()  # one by one: a crash later never re-sends these
                done.add(key)
                sent += 1
    return sent


_MARK_WORDS = {"30d": "due in 30 days", "7d": "due in 7 days", "0d": "expires today",
               "overdue": "overdue", "expired": "expired"}  # fmt: skip


@dataclass(frozen=True)
class SentNotice:
    competency: str
    mark: str
    due_at: datetime
    sent_at: datetime

    @property
    def what(self) -> str:
        """The reminder in words, as the own page lists it."""
        return _MARK_WORDS.get(self.mark, self.mark)


def reminders_sent_to(clinic: Clinic, user_id: int, limit: int = 20) -> list[SentNotice]:
    """The latest reminders this person was sent about this clinic's competencies."""
    rows = db.session.execute(
        select(Competency.title, SentReminder.mark, SentReminder.due_at, SentReminder.sent_at)
        .join(Competency, Competency.id == SentReminder.competency_id)
        .where(Competency.clinic_id == clinic.id, SentReminder.user_id == user_id)
        .order_by(SentReminder.sent_at.desc(), SentReminder.id.desc())
        .limit(limit)
    ).all()
    return [SentNotice(*row) for row in rows]


def set_mutes(membership: Membership, *, due_soon: bool, digest: bool) -> None:
    """Mute or unmute a member's courtesy mail in one clinic (digest only for managers)."""
    membership.mute_due_soon = due_soon
    membership.mute_digest = digest if membership.role is ClinicRole.MANAGER else False
    db.session.commit()
