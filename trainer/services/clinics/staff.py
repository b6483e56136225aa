"""Clinic membership queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, User


@dataclass(frozen=True)
class StaffMember:
    name: str
    email: str
    role: ClinicRole
    joined: datetime


def clinic_staff(clinic: Clinic) -> list[StaffMember]:
    rows = db.session.execute(
        select(User.display_name, User.email, Membership.role, Membership.created_at)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic.id)
        .order_by(User.display_name)
    ).all()
    return [StaffMember(*row) for row in rows]
