"""Accounts: registration, authentication, passwords and reset tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_app_context
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, SiteRole, User, utcnow
from trainer.services.clinics.invites import resolve_code

MIN_PASSWORD_LENGTH = 10
RESET_SALT = "password-reset"
SIGNUP_SALT = "sign-up"
SIGNUP_MAX_AGE = 24 * 3600
# A hash to compare against when the email is unknown, so that timing does not tell.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A problem with user input, tied to the form field it concerns."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    # Werkzeug's default is scrypt, a current memory-hard algorithm. Tests may pick a cheaper
    # method through PASSWORD_HASH_METHOD; production never sets it.
    method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
    return (
        generate_password_hash(password, method=method)
        if method
        else generate_password_hash(password)
    )


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(field, f"Use at least {MIN_PASSWORD_LENGTH} characters.")


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(
    email: str,
    display_name: str,
    password: str,
    *,
    site_role: SiteRole | None = None,
    clinic: Clinic | None = None,
    clinic_role: ClinicRole = ClinicRole.STAFF,
) -> User:
    """Add a user (and membership) to the session; the caller commits."""
    email = normalise_email(email)
    check_password_strength(password)
    if find_user_by_email(email) is not None:
        raise AccountError("email", "An account with this email already exists. Log in instead?")
    user = User(
        email=email,
        display_name=display_name.strip() or email.split("@")[0],
        password_hash=hash_password(password),
        site_role=site_role,
    )
    db.session.add(user)
    if clinic is not None:
        db.session.add(Membership(user=user, clinic=clinic, role=clinic_role))
    return user


def register(email: str, display_name: str, password: str, invite_code: str = "") -> User:
    """Self-registration, optionally joining a clinic as staff with its invite code."""
    entry = None
    if invite_code.strip():
        entry = resolve_code(invite_code, utcnow())
        if entry is None:
            raise AccountError(
                "invite_code", "No clinic has this invite code. Check it with your clinic."
            )
    user = create_user(
        email,
        display_name,
        password,
        clinic=entry.clinic if entry else None,
        clinic_role=entry.role if entry else ClinicRole.STAFF,
    )
    if entry is not None and entry.invite is not None:
        entry.invite.uses += 1
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent registration with the same email won the race
        db.session.rollback()
        raise AccountError(
            "email", "An account with this email already exists. Log in instead?"
        ) from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the email and password match an active account, else None (no reason given)."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def set_password(user: User, new_password: str, now: datetime | None = None) -> None:
    """New password; every existing session and remember cookie of the user stops working."""
    check_password_strength(new_password, "new_password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now or utcnow()
    user.session_generation += 1
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Log the user out everywhere: sessions and remember cookies of every device."""
    user.session_generation += 1
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError("current_password", "This is not your current password.")
    set_password(user, new_password)


def update_profile(user: User, display_name: str) -> None:
    user.display_name = display_name.strip()
    db.session.commit()


# --- password reset tokens -------------------------------------------------------------------
# The token carries a fingerprint of the current password hash: once the password changes, every
# earlier token stops working, so a token can be used once.


@dataclass(frozen=True)
class ResetTokenResult:
    user: User | None
    error: str | None


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=RESET_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"uid": user.id, "fp": _fingerprint(user)})


def verify_reset_token(token: str, secret_key: str, max_age: int) -> ResetTokenResult:
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        return ResetTokenResult(None, "This reset link has expired. Ask for a new one.")
    except BadSignature:
        return ResetTokenResult(None, "This reset link is not valid. Ask for a new one.")
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return ResetTokenResult(None, "This reset link has already been used. Ask for a new one.")
    return ResetTokenResult(user, None)


# --- sign-up tokens ----------------------------------------------------------------------------
# Sign-up is confirmed from the mailbox: the link carries the name, email and invite code signed
# (nothing is stored before it is opened), and the password is chosen there.


@dataclass(frozen=True)
class SignupRequest:
    email: str
    display_name: str
    invite_code: str


def check_invite_code(invite_code: str) -> None:
    if invite_code.strip() and resolve_code(invite_code, utcnow()) is None:
        raise AccountError(
            "invite_code", "No clinic has this invite code. Check it with your clinic."
        )


def make_signup_token(request: SignupRequest, secret_key: str) -> str:
    payload = {
        "email": normalise_email(request.email),
        "name": request.display_name,
        "invite": request.invite_code,
    }
    return URLSafeTimedSerializer(secret_key, salt=SIGNUP_SALT).dumps(payload)


def verify_signup_token(token: str, secret_key: str) -> SignupRequest | None:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=SIGNUP_SALT).loads(
            token, max_age=SIGNUP_MAX_AGE
        )
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), str) for key in ("email", "name", "invite")
    ):
        return None
    return SignupRequest(data["email"], data["name"], data["invite"])
