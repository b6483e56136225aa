from flask import Blueprint

bp = Blueprint("author", __name__)

from trainer.author import editor_routes, filters, history_routes, item_routes, routes  # noqa: E402,F401 - registers the views
