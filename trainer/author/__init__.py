from flask import Blueprint

bp = Blueprint("author", __name__)

from trainer.author import (  # noqa: E402,F401 - registers the views
    editor_routes,
    exchange_routes,
    filters,
    history_routes,
    item_routes,
    lint_routes,
    reference_routes,
    routes,
)
