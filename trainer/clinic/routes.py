"""Clinic pages. Competency tracking builds on these; the access rules are already enforced."""

from __future__ import annotations

from flask import g, render_template

from trainer.auth.access import clinic_role_required
from trainer.clinic import bp
from trainer.csv_export import csv_response
from trainer.models import ClinicRole
from trainer.services.clinics.staff import clinic_staff


@bp.route("/<slug>/")
@clinic_role_required(ClinicRole.STAFF)
def overview(slug: str):
    return render_template("clinic/overview.html", clinic=g.clinic, role=g.clinic_role)


@bp.route("/<slug>/staff")
@clinic_role_required(ClinicRole.MANAGER)
def staff(slug: str):
    return render_template("clinic/staff.html", clinic=g.clinic, staff=clinic_staff(g.clinic))


@bp.route("/<slug>/staff.csv")
@clinic_role_required(ClinicRole.MANAGER)
def staff_csv(slug: str):
    rows = clinic_staff(g.clinic)
    return csv_response(
        f"{g.clinic.slug}-staff.csv",
        ["name", "email", "role", "joined"],
        [[m.name, m.email, m.role.value, m.joined.date().isoformat()] for m in rows],
    )
