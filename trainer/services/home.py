"""What the home page shows a logged-in user."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, User


@dataclass(frozen=True)
class ClinicLink:
    slug: str
    name: str
    role: ClinicRole


@dataclass(frozen=True)
class HomeSummary:
    clinics: list[ClinicLink]


def home_summary(user: User) -> HomeSummary:
    rows = db.session.execute(
        select(Clinic.slug, Clinic.name, Membership.role)
        .join(Membership, Membership.clinic_id == Clinic.id)
        .where(Membership.user_id == user.id)
        .order_by(Clinic.name)
    ).all()
    return HomeSummary(clinics=[ClinicLink(slug, name, role) for slug, name, role in rows])
