from flask import Blueprint

bp = Blueprint("clinic", __name__)

from trainer.clinic import routes  # noqa: E402,F401 - registers the views
