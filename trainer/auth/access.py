"""Who may see what. Every blueprint uses these helpers; none checks roles by hand.

Clinic pages answer 404 to users outside the clinic (so a clinic's existence is not revealed)
and 403 to members whose role is not enough. Site admins may see every clinic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, g, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from trainer.extensions import db, login_manager
from trainer.models import Clinic, ClinicRole, Membership, SiteRole, User

CLINIC_ROLE_RANK = {ClinicRole.STAFF: 1, ClinicRole.INSTRUCTOR: 2, ClinicRole.MANAGER: 3}


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(session_id: str) -> User | None:
        return load_session_user(session_id)

    @login_manager.unauthorized_handler
    def _unauthorized():
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return jsonify(error="Unauthorized", status=401, message="Log in first."), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def load_session_user(session_id: str) -> User | None:
    """The user a session or remember cookie names, if that session has not been ended.

    The id is "<user id>.<session generation>" (User.get_id); a cookie from before a logout or a
    password change carries an older generation and loads nobody.
    """
    user_id, _, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()) or len(user_id) > 18:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_generation) != generation:
        return None
    return user


def clinic_role(user: User, clinic: Clinic) -> ClinicRole | None:
    """The user's role in the clinic; ``None`` outside it or once deactivated there."""
    membership = db.session.execute(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.clinic_id == clinic.id,
            Membership.active.is_(True),
        )
    ).scalar_one_or_none()
    return membership.role if membership else None


def has_clinic_role(user: User, clinic: Clinic, minimum: ClinicRole) -> bool:
    if user.is_site_admin:
        return True
    role = clinic_role(user, clinic)
    return role is not None and CLINIC_ROLE_RANK[role] >= CLINIC_ROLE_RANK[minimum]


def site_role_required(*roles: SiteRole) -> Callable:
    """Only users with one of these site roles (admins always pass)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if not (current_user.is_site_admin or current_user.site_role in roles):
                names = " or ".join(f"site {role.value}s" for role in roles) or "site admins"
                abort(403, description=f"This page is for {names}; your account is not one.")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def clinic_role_required(minimum: ClinicRole) -> Callable:
    """For views taking `slug`: loads the clinic into `g.clinic`; 404 outside it, 403 below role."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, slug: str, **kwargs: Any):
            clinic = db.session.execute(
                select(Clinic).where(Clinic.slug == slug)
            ).scalar_one_or_none()
            if clinic is None:
                abort(404)
            role = None if current_user.is_site_admin else clinic_role(current_user, clinic)
            if role is None and not current_user.is_site_admin:
                abort(404)
            if not has_clinic_role(current_user, clinic, minimum):
                abort(
                    403,
                    description=(
                        f"This page of {clinic.name} is for its {minimum.value}s"
                        f"{'' if minimum == ClinicRole.MANAGER else ' and managers'}; "
                        f"your role there is {role.value if role else 'none'}. "
                        "Ask a manager of the clinic if you need it."
                    ),
                )
            g.clinic = clinic
            g.clinic_role = role
            return view(*args, slug=slug, **kwargs)

        return wrapped

    return decorator
