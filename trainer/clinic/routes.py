"""Clinic pages: overview, staff and their management, invites, joining, the audit log."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from trainer.auth.access import CLINIC_ROLE_RANK, clinic_role_required
from trainer.charts import bar_chart_svg
from trainer.clinic import bp
from trainer.clinic.forms import ActiveForm, InviteForm, JoinForm, PlainForm, RoleForm
from trainer.csv_export import csv_response
from trainer.models import ClinicRole, utcnow
from trainer.public_urls import public_url_for
from trainer.services.clinics import audit, invites
from trainer.services.clinics.overview import clinic_overview
from trainer.services.clinics.staff import (
    StaffError,
    change_role,
    clinic_staff,
    membership_of,
    set_active,
)


def is_manager() -> bool:
    return g.clinic_role is None or g.clinic_role == ClinicRole.MANAGER  # None: site admin


def is_teacher() -> bool:
    """Managers and instructors of the clinic (and site admins) see everyone's evidence."""
    role = g.clinic_role
    return role is None or CLINIC_ROLE_RANK[role] >= CLINIC_ROLE_RANK[ClinicRole.INSTRUCTOR]


@bp.route("/<slug>/")
@clinic_role_required(ClinicRole.STAFF)
def overview(slug: str):
    now = utcnow()
    data = clinic_overview(g.clinic, now) if is_teacher() else None
    chart = None
    if data is not None:
        chart = bar_chart_svg(
            data.history, title="Compliance at each month's last recorded day", y_label="% met"
        )
    return render_template(
        "clinic/overview.html", clinic=g.clinic, role=g.clinic_role, overview=data, chart=chart,
        now=now,
    )  # fmt: skip


@bp.route("/<slug>/staff")
@clinic_role_required(ClinicRole.INSTRUCTOR)
def staff(slug: str):
    return render_template(
        "clinic/staff.html",
        clinic=g.clinic,
        staff=clinic_staff(g.clinic),
        manager=is_manager(),
        role_form=RoleForm(),
        active_form=ActiveForm(),
    )


@bp.route("/<slug>/staff.csv")
@clinic_role_required(ClinicRole.INSTRUCTOR)
def staff_csv(slug: str):
    rows = clinic_staff(g.clinic)
    return csv_response(
        f"{g.clinic.slug}-staff.csv",
        ["name", "email", "role", "joined", "active"],
        [
            [
                m.name,
                m.email,
                m.role.value,
                m.joined.date().isoformat(),
                "yes" if m.active else "no",
            ]
            for m in rows
        ],
    )


def _member_or_404(user_id: int):
    membership = membership_of(g.clinic, user_id)
    if membership is None:
        abort(404)
    return membership


@bp.route("/<slug>/staff/<int:user_id>/role", methods=["POST"])
@clinic_role_required(ClinicRole.MANAGER)
def set_role(slug: str, user_id: int):
    membership = _member_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, description="Choose a role: staff, instructor or manager.")
    try:
        change_role(g.clinic, current_user, membership, ClinicRole(form.role.data))
    except StaffError as error:
        flash(str(error), "danger")
    else:
        flash(f"{membership.user.display_name} is now {form.role.data}.", "success")
    return redirect(url_for("clinic.staff", slug=slug), code=303)


@bp.route("/<slug>/staff/<int:user_id>/active", methods=["POST"])
@clinic_role_required(ClinicRole.MANAGER)
def set_member_active(slug: str, user_id: int):
    membership = _member_or_404(user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400, description="Say whether to deactivate (0) or reactivate (1).")
    try:
        set_active(g.clinic, current_user, membership, form.active.data == "1", utcnow())
    except StaffError as error:
        flash(str(error), "danger")
    else:
        done = "reactivated" if form.active.data == "1" else "deactivated; their records stay"
        flash(f"{membership.user.display_name} {done}.", "success")
    return redirect(url_for("clinic.staff", slug=slug), code=303)


@bp.route("/<slug>/invites", methods=["GET", "POST"])
@clinic_role_required(ClinicRole.MANAGER)
def invite_list(slug: str):
    form = InviteForm()
    if form.validate_on_submit():
        invite = invites.create_invite(
            g.clinic, current_user, ClinicRole(form.role.data), form.days.data,
            form.note.data or "", utcnow(),
        )  # fmt: skip
        flash(f"Invite {invite.code} created.", "success")
        return redirect(url_for("clinic.invite_list", slug=slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "clinic/invites.html",
        clinic=g.clinic,
        form=form,
        button=PlainForm(),
        invites=invites.clinic_invites(g.clinic),
        now=utcnow(),
        usable=invites.invite_usable,
        public_url_for=public_url_for,
    ), status


@bp.route("/<slug>/invites/<int:invite_id>/revoke", methods=["POST"])
@clinic_role_required(ClinicRole.MANAGER)
def revoke_invite(slug: str, invite_id: int):
    invite = invites.invite_in(g.clinic, invite_id)
    if invite is None:
        abort(404)
    if not PlainForm().validate_on_submit():
        abort(400)
    invites.revoke_invite(g.clinic, current_user, invite, utcnow())
    flash(f"Invite {invite.code} revoked: it no longer lets anyone in.", "success")
    return redirect(url_for("clinic.invite_list", slug=slug), code=303)


@bp.route("/<slug>/invites/code", methods=["POST"])
@clinic_role_required(ClinicRole.MANAGER)
def regenerate_code(slug: str):
    if not PlainForm().validate_on_submit():
        abort(400)
    code = invites.regenerate_clinic_code(g.clinic, current_user)
    flash(f"New clinic code {code}; the old one no longer works.", "success")
    return redirect(url_for("clinic.invite_list", slug=slug), code=303)


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    form = JoinForm(code=request.args.get("code", "")[:32])
    if form.validate_on_submit():
        try:
            clinic = invites.join(current_user, form.code.data, utcnow())
        except invites.JoinError as error:
            form.code.errors.append(str(error))
        else:
            flash(f"You are a member of {clinic.name}.", "success")
            return redirect(url_for("clinic.overview", slug=clinic.slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("clinic/join.html", form=form), status


@bp.route("/<slug>/audit")
@clinic_role_required(ClinicRole.MANAGER)
def audit_log(slug: str):
    return render_template(
        "clinic/audit.html", clinic=g.clinic, lines=audit.audit_lines(g.clinic, limit=500)
    )


@bp.route("/<slug>/audit.csv")
@clinic_role_required(ClinicRole.MANAGER)
def audit_csv(slug: str):
    return csv_response(
        f"{g.clinic.slug}-audit.csv",
        ["when (UTC)", "who", "action", "about", "detail"],
        [
            [
                line.at.isoformat(timespec="seconds"),
                line.actor,
                line.action,
                line.subject,
                line.detail,
            ]
            for line in audit.audit_lines(g.clinic)
        ],  # fmt: skip
    )
