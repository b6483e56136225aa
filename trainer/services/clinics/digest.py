"""The managers' weekly digest: where the clinic stands, who needs action, what expires soon.

``flask --app trainer clinic digest`` (cron, weekly; daily is harmless) mails each active manager
of each clinic one digest per ISO week (``sent_digests``), unless they muted it on their own
competency page. It is built from the same matrix as the pages (services/clinics/matrix.py), so
the mail and the matrix tell the same truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from trainer.domain.competency import Status
from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, SentDigest, User
from trainer.public_urls import public_url_for
from trainer.services.clinics.matrix import ClinicMatrix, clinic_matrix
from trainer.services.clinics.overview import expiring
from trainer.services.mail import send_mail

#: Expiries within this many days are listed under "expiring soon".
EXPIRY_WINDOW = timedelta(days=30)
_COUNTED = (Status.MET, Status.DUE_SOON, Status.IN_PROGRESS, Status.OVERDUE, Status.EXPIRED)
_ACTION = (Status.OVERDUE, Status.EXPIRED)


def week_of(now: datetime) -> date:
    """The Monday (UTC) of the ISO week ``now`` falls in: the digest's once-a-week key."""
    day = now.date()
    return day - timedelta(days=day.weekday())


def _label(status: Status) -> str:
    return status.value.replace("_", " ")


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str


def clinic_digest(clinic: Clinic, result: ClinicMatrix, now: datetime) -> Digest:
    """The digest's text from the clinic's matrix at ``now``."""
    lines = [f"Competencies of {clinic.name} on {now.date().isoformat()}, "
             f"{len(result.people)} active staff.", ""]  # fmt: skip
    action: list[str] = []
    for competency in result.competencies:
        counts = result.matrix.counts(competency.key)
        summary = ", ".join(f"{counts[s]} {_label(s)}" for s in _COUNTED if counts[s])
        lines.append(f"- {competency.title}: {summary or 'assigned to nobody'}")
        for person in result.people:
            cell = result.cell(person, competency)
            if cell.status in _ACTION:
                action.append(f"- {person.name}: {competency.title} ({_label(cell.status)})")
    soon = sorted(
        (e.expires_at, f"- {e.expires_at.date().isoformat()} {e.person}: {e.competency}")
        for e in expiring(result, now, EXPIRY_WINDOW)
    )
    if not result.competencies:
        lines.append("No competencies are defined yet.")
    lines += ["", f"Needs action ({len(action)}):", *(action or ["- nobody"])]
    lines += ["", f"Expiring in the next {EXPIRY_WINDOW.days} days ({len(soon)}):"]
    lines += [text for _, text in soon] or ["- nothing"]
    matrix = public_url_for("clinic.matrix", slug=clinic.slug)
    mine = public_url_for("clinic.my_competencies", slug=clinic.slug)
    lines += ["", f"The matrix: {matrix}", f"Mute this digest on your own page: {mine}", ""]
    subject = f"Weekly digest: {clinic.name}, {len(action)} need action"
    return Digest(subject, "\n".join(lines))


def send_digests(now: datetime) -> int:
    """Mail this week's digest to every active manager who has not had it or muted it."""
    week = week_of(now)
    sent = 0
    for clinic in db.session.execute(select(Clinic).order_by(Clinic.id)).scalars():
        managers = db.session.execute(
            select(User.id, User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.clinic_id == clinic.id,
                Membership.role == ClinicRole.MANAGER,
                Membership.active.is_(True),
                Membership.mute_digest.is_(False),
            )
            .where(
                ~select(SentDigest.id)
                .where(SentDigest.user_id == User.id, SentDigest.clinic_id == clinic.id,
                       SentDigest.week == week)
                .exists()
            )
            .order_by(User.id)
        ).all()  # fmt: skip
        if not managers:
            continue
        digest = clinic_digest(clinic, clinic_matrix(clinic, now), now)
        for user_id, email in managers:
            if send_mail(email, digest.subject, digest.body):
                db.session.add(
                    SentDigest(user_id=user_id, clinic_id=clinic.id, week=week, sent_at=now)
                )
                db.session.commit()  # one by one: a crash later never re-sends these
                sent += 1
    return sent
