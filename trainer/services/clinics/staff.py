"""Clinic membership: the staff list, role changes and deactivation (history is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, User
from trainer.services.clinics import audit


class StaffError(ValueError):
    """A membership change that is refused, with the reason in words for the manager."""


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    name: str
    email: str
    role: ClinicRole
    joined: datetime
    active: bool = True


def clinic_staff(clinic: Clinic, *, include_inactive: bool = True) -> list[StaffMember]:
    statement = (
        select(User.id, User.display_name, User.email, Membership.role, Membership.created_at,
               Membership.active)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic.id)
        .order_by(Membership.active.desc(), User.display_name, User.id)
    )  # fmt: skip
    if not include_inactive:
        statement = statement.where(Membership.active.is_(True))
    return [StaffMember(*row) for row in db.session.execute(statement).all()]


def membership_of(clinic: Clinic, user_id: int) -> Membership | None:
    """The membership of ``user_id`` in this clinic (active or not); ``None`` outside it."""
    return db.session.execute(
        select(Membership).where(Membership.clinic_id == clinic.id, Membership.user_id == user_id)
    ).scalar_one_or_none()


def _other_active_managers(clinic: Clinic, user_id: int) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.clinic_id == clinic.id,
            Membership.user_id != user_id,
            Membership.role == ClinicRole.MANAGER,
            Membership.active.is_(True),
        )
    ).scalar_one()


def _keep_a_manager(clinic: Clinic, membership: Membership) -> None:
    if membership.role == ClinicRole.MANAGER and not _other_active_managers(
        clinic, membership.user_id
    ):
        raise StaffError("A clinic needs at least one active manager: appoint another first.")


def change_role(clinic: Clinic, actor: User, membership: Membership, role: ClinicRole) -> None:
    if membership.role == role:
        return
    if role != ClinicRole.MANAGER:
        _keep_a_manager(clinic, membership)
    before = membership.role
    membership.role = role
    audit.record(
        clinic, actor, "role_changed", membership.user.email, f"{before.value} -> {role.value}"
    )
    db.session.commit()


def set_active(
    clinic: Clinic, actor: User, membership: Membership, active: bool, now: datetime
) -> None:
    """Deactivate (access ends, the person leaves the matrix; every record stays) or
    reactivate a member."""
    if membership.active == active:
        return
    if not active:
        _keep_a_manager(clinic, membership)
    membership.active = active
    membership.deactivated_at = None if active else now
    action = "member_reactivated" if active else "member_deactivated"
    audit.record(clinic, actor, action, membership.user.email)
    db.session.commit()
