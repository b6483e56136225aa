from flask import Blueprint

bp = Blueprint("clinic", __name__)

from trainer.clinic import (  # noqa: E402,F401 - registers the views
    competency_routes,
    evidence_routes,
    reminder_routes,
    routes,
)
