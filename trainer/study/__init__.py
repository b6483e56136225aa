from flask import Blueprint

bp = Blueprint("study", __name__)

from trainer.study import pages, routes  # noqa: E402,F401 - registers the views
