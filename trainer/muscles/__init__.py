from flask import Blueprint

bp = Blueprint("bank", __name__)

from trainer.muscles import routes  # noqa: E402,F401 - registers the views
