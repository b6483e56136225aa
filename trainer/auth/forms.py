from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from trainer.forms import Form
from trainer.services.accounts import MIN_PASSWORD_LENGTH


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


_PASSWORD_HINT = f"Use at least {MIN_PASSWORD_LENGTH} characters (at most 200)."


class LoginForm(Form):
    email = EmailField("Email", filters=[_strip], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me logged in on this device")
    submit = SubmitField("Log in")


class RegisterForm(Form):
    """Step one of sign-up: who you are. The password is chosen from the emailed link, so the
    answer here is the same whether or not the address already has an account."""

    email = EmailField(
        "Email", filters=[_strip], validators=[DataRequired(), Email(), Length(max=254)]
    )
    display_name = StringField(
        "Your name", filters=[_strip], validators=[DataRequired(), Length(max=80)]
    )
    invite_code = StringField(
        "Clinic invite code",
        filters=[_strip],
        validators=[Optional(), Length(max=32)],
        description="Optional: joins your clinic's team.",
    )
    submit = SubmitField("Email me a sign-up link")


class ProfileForm(Form):
    display_name = StringField(
        "Your name", filters=[_strip], validators=[DataRequired(), Length(max=80)]
    )
    submit = SubmitField("Save")


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_HINT),
        ],
        description=_PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", message="The passwords do not match.")],
    )
    submit = SubmitField("Change password")


class ResetRequestForm(Form):
    email = EmailField(
        "Email", filters=[_strip], validators=[DataRequired(), Email(), Length(max=254)]
    )
    submit = SubmitField("Send reset link")


class ResetPasswordForm(Form):
    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=_PASSWORD_HINT),
        ],
        description=_PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", message="The passwords do not match.")],
    )
    submit = SubmitField("Set new password")


class SignupPasswordForm(ResetPasswordForm):
    """Step two of sign-up, reached from the emailed link: the reset form, worded for a first
    password."""

    submit = SubmitField("Create account")
    # Filled by static/js/timezone.js with the browser's zone; the account starts in it.
    timezone = HiddenField(filters=[lambda value: value[:64] if isinstance(value, str) else ""])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_password.label.text = "Password"
        self.confirm.label.text = "Repeat password"
