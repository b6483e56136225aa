"""Log in/out, registration, profile, password change and reset. Views parse, call, render."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME
from flask_wtf import FlaskForm

from trainer.auth import bp
from trainer.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupPasswordForm,
)
from trainer.extensions import db, limiter
from trainer.public_urls import public_url_for
from trainer.services import accounts
from trainer.services.learning import study_preferences
from trainer.services.mail import send_mail

LOGIN_FAILED = "Email or password is incorrect."


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def _password_limit() -> str:
    return current_app.config["PASSWORD_CHANGE_RATE_LIMIT"]


def _account_key() -> str:
    """Per-account limits: the email typed in the form (normalised), whatever the address."""
    email = request.form.get("email", "")
    return "account:" + accounts.normalise_email(email)[:254]


def _user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so `next` cannot send users elsewhere."""
    # Control characters would break the Location header; a backslash is read as "/" by browsers
    # ("/\\evil.example" is another host).
    if target and any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in target):
        return url_for("main.index")
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.index")


def _field_error(form: FlaskForm, error: accounts.AccountError) -> None:
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


# Per account (guessing one person's password) and, more loosely, per address: the staff of one
# clinic share a router, so a per-address limit as tight as the per-account one locks them out.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
@limiter.limit(_login_address_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        flash(LOGIN_FAILED, "danger")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Ending the generation, not only clearing this cookie, means a copied or replayed session
    # or remember cookie of this user is worthless after logout.
    accounts.end_all_sessions(current_user._get_current_object())
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm(invite_code=request.args.get("invite", ""))
    if form.validate_on_submit():
        signup = accounts.SignupRequest(
            form.email.data, form.display_name.data, form.invite_code.data or ""
        )
        try:
            accounts.check_invite_code(signup.invite_code)
        except accounts.AccountError as error:
            _field_error(form, error)
        else:
            _mail_signup_link(signup)
            # Same answer for a new and a taken address: registration cannot list accounts.
            flash(
                f"We sent a message to {signup.email}. Open the link in it to finish "
                "(it works for 24 hours).",
                "info",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


def _mail_signup_link(signup: accounts.SignupRequest) -> None:
    owner = accounts.find_user_by_email(signup.email)
    if owner is not None:
        send_mail(
            owner.email,
            "Someone tried to sign up with your address",
            f"Hello {owner.display_name},\n\nSomeone asked to create a Trigger Point Trainer "
            "account with this address, which already has one. If it was you, log in at\n"
            f"{public_url_for('auth.login')}\nor choose a new password at\n"
            f"{public_url_for('auth.reset_request')}\n\nIf it was not you, ignore this message.",
        )
        return
    token = accounts.make_signup_token(signup, current_app.config["SECRET_KEY"])
    send_mail(
        signup.email,
        "Finish creating your Trigger Point Trainer account",
        f"Hello {signup.display_name},\n\nTo choose your password and start, open:\n"
        f"{public_url_for('auth.register_confirm', token=token)}\n\n"
        "The link works for 24 hours. If you did not ask for an account, ignore this message.",
    )


@bp.route("/register/<token>", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register_confirm(token: str):
    signup = accounts.verify_signup_token(token, current_app.config["SECRET_KEY"])
    if signup is None:
        flash("This sign-up link is not valid or has expired. Ask for a new one.", "danger")
        return redirect(url_for("auth.register"))
    if accounts.find_user_by_email(signup.email) is not None:
        flash("This account exists already: log in.", "info")
        return redirect(url_for("auth.login"))
    form = SignupPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                signup.email, signup.display_name, form.new_password.data, signup.invite_code
            )
        except accounts.AccountError as error:
            if error.field == "password":
                error = accounts.AccountError("new_password", error.message)
            _field_error(form, error)
        else:
            study_preferences.set_initial_timezone(user.id, form.timezone.data)
            db.session.commit()
            login_user(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register_confirm.html", form=form, signup=signup)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.submit.data and form.validate_on_submit():
        accounts.update_profile(current_user, form.display_name.data)
        flash("Profile saved.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form)


@bp.route("/password", methods=["POST"])
@login_required
@limiter.limit(_password_limit, key_func=_user_key)
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, password_form.current_password.data, password_form.new_password.data
            )
        except accounts.AccountError as error:
            _field_error(password_form, error)
        else:
            # Every other session ended with the change; this one continues under the new id.
            cookie_name = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
            remembered = cookie_name in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash("Password changed. You are logged out on every other device.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form), 400


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
@limiter.limit(_login_address_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None and user.active:
            token = accounts.make_reset_token(user, current_app.config["SECRET_KEY"])
            link = public_url_for("auth.reset_password", token=token)
            send_mail(
                user.email,
                "Reset your Trigger Point Trainer password",
                f"Hello {user.display_name},\n\nTo choose a new password, open:\n{link}\n\n"
                f"The link works once and expires in "
                f"{current_app.config['PASSWORD_RESET_MAX_AGE'] // 60} minutes. "
                "If you did not ask for it, ignore this message.",
            )
        # Same answer whether or not the account exists: no address harvesting.
        flash("If an account exists for that email, a reset link is on its way.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    result = accounts.verify_reset_token(
        token, current_app.config["SECRET_KEY"], current_app.config["PASSWORD_RESET_MAX_AGE"]
    )
    if result.user is None:
        flash(result.error, "danger")
        return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(result.user, form.new_password.data)
        except accounts.AccountError as error:
            _field_error(form, error)
        else:
            flash("Your password is changed. Log in with it now.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
