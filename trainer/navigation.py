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
    ("Author", "author.index", "instructor"),
]


def nav_links() -> list[NavLink]:
    links = []
    for label, endpoint, audience in _AREAS:
        if endpoint not in current_app.view_functions:
            continue
        if audience == "instructor" and not current_user.is_site_instructor:
            continue
        links.append(NavLink(label, url_for(endpoint)))
    for membership in current_user.memberships:
        links.append(
            NavLink(membership.clinic.name, url_for("clinic.overview", slug=membership.clinic.slug))
        )
    return links


def register_navigation(app: Flask) -> None:
    app.context_processor(lambda: {"nav_links": nav_links})
