"""Joining a clinic: its standing invite code (which a manager can regenerate) and per-use
invites with a role, an expiry and a revoke."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from trainer.extensions import db
from trainer.models import Clinic, ClinicInvite, ClinicRole, Membership, User
from trainer.services.clinics import audit

MAX_INVITE_DAYS = 90


def new_code() -> str:
    """An unguessable code that is still easy to read out: 10 hex digits in two groups."""
    raw = secrets.token_hex(5).upper()
    return f"{raw[:5]}-{raw[5:]}"


def regenerate_clinic_code(clinic: Clinic, actor: User) -> str:
    """A new standing code; the old one stops working at once."""
    clinic.invite_code = new_code()
    audit.record(clinic, actor, "invite_code_regenerated", clinic.name)
    db.session.commit()
    return clinic.invite_code


def create_invite(
    clinic: Clinic, actor: User, role: ClinicRole, days: int, note: str, now: datetime
) -> ClinicInvite:
    invite = ClinicInvite(
        clinic_id=clinic.id,
        code=new_code(),
        role=role,
        note=note,
        expires_at=now + timedelta(days=days),
        created_by_id=actor.id,
    )
    db.session.add(invite)
    audit.record(
        clinic, actor, "invite_created", invite.code, f"role {role.value}, {days} days; {note}"
    )
    db.session.commit()
    return invite


def clinic_invites(clinic: Clinic) -> list[ClinicInvite]:
    return list(
        db.session.execute(
            select(ClinicInvite)
            .where(ClinicInvite.clinic_id == clinic.id)
            .order_by(ClinicInvite.created_at.desc(), ClinicInvite.id.desc())
        ).scalars()
    )


def invite_in(clinic: Clinic, invite_id: int) -> ClinicInvite | None:
    return db.session.execute(
        select(ClinicInvite).where(
            ClinicInvite.id == invite_id, ClinicInvite.clinic_id == clinic.id
        )
    ).scalar_one_or_none()


def revoke_invite(clinic: Clinic, actor: User, invite: ClinicInvite, now: datetime) -> None:
    if invite.revoked_at is None:
        invite.revoked_at = now
        audit.record(clinic, actor, "invite_revoked", invite.code)
        db.session.commit()


def invite_usable(invite: ClinicInvite, now: datetime) -> bool:
    return invite.revoked_at is None and invite.expires_at > now


@dataclass(frozen=True)
class Entry:
    """Where a code lets someone in, and as what."""

    clinic: Clinic
    role: ClinicRole
    invite: ClinicInvite | None  # None: the clinic's standing code


def resolve_code(code: str, now: datetime) -> Entry | None:
    """The clinic a code opens, if it still does: the standing code (as staff) or a live invite."""
    wanted = code.strip().upper()
    if not wanted or len(wanted) > 32:
        return None
    clinic = db.session.execute(
        select(Clinic).where(func.upper(Clinic.invite_code) == wanted)
    ).scalar_one_or_none()
    if clinic is not None:
        return Entry(clinic, ClinicRole.STAFF, None)
    invite = db.session.execute(
        select(ClinicInvite).where(func.upper(ClinicInvite.code) == wanted)
    ).scalar_one_or_none()
    if invite is None or not invite_usable(invite, now):
        return None
    return Entry(invite.clinic, invite.role, invite)


class JoinError(ValueError):
    pass


def join(user: User, code: str, now: datetime) -> Clinic:
    """Make ``user`` a member through ``code``. A member already is one (their role stays); a
    deactivated member is not let back in by a code -- a manager reactivates them."""
    entry = resolve_code(code, now)
    if entry is None:
        raise JoinError("This code does not open any clinic: it may have expired or been revoked.")
    membership = db.session.execute(
        select(Membership).where(
            Membership.clinic_id == entry.clinic.id, Membership.user_id == user.id
        )
    ).scalar_one_or_none()
    if membership is not None:
        if not membership.active:
            raise JoinError("Your membership of this clinic was ended; ask its manager.")
        return entry.clinic
    db.session.add(Membership(user_id=user.id, clinic_id=entry.clinic.id, role=entry.role))
    if entry.invite is not None:
        entry.invite.uses += 1
    via = f"invite {entry.invite.code}" if entry.invite else "the clinic code"
    audit.record(entry.clinic, user, "member_joined", user.email, f"as {entry.role.value}, {via}")
    db.session.commit()
    return entry.clinic
