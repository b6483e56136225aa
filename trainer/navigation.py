"""The navigation bar: links a user's roles allow, for the areas this build has."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


# (label, endpoint, who may see it); areas not yet built simply have no endpoint.
_AREAS = [
    ("Study", "study.index", "learner"),
    ("Statistics", "study.stats", "learner"),
    ("Muscles", "bank.muscles", "learner"),
    ("Quizzes", "quiz.index", "learner"),
    ("Author", "author.index", "author"),
]

#: Clinic roles that author their clinic's items (as in services/authoring/permissions.py).
_AUTHOR_CLINIC_ROLES = {"instructor", "manager"}


def _is_author(user) -> bool:
    """Site instructors and admins (shared bank), clinic instructors and managers (their clinic)."""
    return user.is_site_instructor or any(
        m.role.value in _AUTHOR_CLINIC_ROLES for m in user.memberships
    )


def nav_links() -> list[NavLink]:
    links = []
    for label, endpoint, audience in _AREAS:
        if endpoint not in current_app.view_functions:
            continue
        if audience == "author" and not _is_author(current_user):
            continue
        links.append(NavLink(label, url_for(endpoint)))
    for membership in current_user.memberships:
        links.append(
            NavLink(membership.clinic.name, url_for("clinic.overview", slug=membership.clinic.slug))
        )
    return links


def register_navigation(app: Flask) -> None:
    app.context_processor(lambda: {"nav_links": nav_links})
