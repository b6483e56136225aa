"""Log in/out, registration, profile, password change and reset. Views parse, call, render."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
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
)
from trainer.extensions import limiter
from trainer.public_urls import public_url_for
from trainer.services import accounts
from trainer.services.mail import send_mail

LOGIN_FAILED = "Email or password is incorrect."


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so `next` cannot send users elsewhere."""
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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm(invite_code=request.args.get("invite", ""))
    if form.validate_on_submit():
        try:
            user = accounts.register(
                form.email.data,
                form.display_name.data,
                form.password.data,
                form.invite_code.data or "",
            )
        except accounts.AccountError as error:
            _field_error(form, error)
        else:
            login_user(user)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


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
@limiter.limit(_login_limit, methods=["POST"])
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
