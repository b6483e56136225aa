"""Forms of the clinic pages (staff, invites, joining)."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from trainer.forms import Form
from trainer.models import ClinicRole
from trainer.services.clinics.invites import MAX_INVITE_DAYS


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice_values(field) -> set:
    return {choice.value for choice in field.choices}


ROLE_CHOICES = options((role.value, role.value) for role in ClinicRole)


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class RoleForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Change role")


class ActiveForm(Form):
    active = SelectField(
        "Membership",
        choices=options([("0", "deactivate"), ("1", "reactivate")]),
        validators=[DataRequired()],
    )
    submit = SubmitField("Apply")


class InviteForm(Form):
    role = SelectField("Joins as", choices=ROLE_CHOICES, default="staff")
    days = IntegerField(
        "Valid for (days)",
        default=14,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_INVITE_DAYS)],
    )
    note = StringField(
        "Note (who it is for)", filters=[strip], validators=[Optional(), Length(max=120)]
    )
    submit = SubmitField("Create invite")


class PlainForm(Form):
    """A button: the CSRF token is its only field."""

    submit = SubmitField("Confirm")


class JoinForm(Form):
    code = StringField("Invite code", filters=[strip], validators=[DataRequired(), Length(max=32)])
    submit = SubmitField("Join the clinic")


class ReminderMutesForm(Form):
    mute_due_soon = BooleanField("Mute the 30- and 7-day “due soon” reminders")
    mute_digest = BooleanField("Mute the weekly digest")
    submit = SubmitField("Save reminder settings")
