"""A member's own reminder settings: what was sent, and muting the courtesy mail."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, redirect, url_for
from flask_login import current_user

from trainer.auth.access import clinic_role_required
from trainer.clinic import bp
from trainer.clinic.forms import ReminderMutesForm
from trainer.models import Clinic, ClinicRole, Membership
from trainer.services.clinics.reminders import SentNotice, reminders_sent_to, set_mutes
from trainer.services.clinics.staff import membership_of


@dataclass(frozen=True)
class ReminderView:
    form: ReminderMutesForm
    sent: list[SentNotice]
    manager: bool


def reminder_view(clinic: Clinic, membership: Membership) -> ReminderView:
    """What the own competency page shows about reminders."""
    form = ReminderMutesForm(
        formdata=None,
        mute_due_soon=membership.mute_due_soon,
        mute_digest=membership.mute_digest,
    )
    return ReminderView(
        form, reminders_sent_to(clinic, membership.user_id), membership.role is ClinicRole.MANAGER
    )


@bp.route("/<slug>/me/reminders", methods=["POST"])
@clinic_role_required(ClinicRole.STAFF)
def reminder_mutes(slug: str):
    membership = membership_of(g.clinic, current_user.id)
    if membership is None:  # a site admin looking in: no reminders of their own here
        abort(404)
    form = ReminderMutesForm()
    if not form.validate_on_submit():
        abort(400)
    set_mutes(membership, due_soon=form.mute_due_soon.data, digest=form.mute_digest.data)
    flash("Reminder settings saved.", "success")
    return redirect(url_for("clinic.my_competencies", slug=slug, _anchor="reminders"), code=303)
