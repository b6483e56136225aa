"""Home page and the health check."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from trainer.extensions import db, limiter
from trainer.main import bp
from trainer.models import utcnow
from trainer.services.learning.home import home_summary


@bp.route("/")
def index():
    summary = home_summary(current_user, utcnow()) if current_user.is_authenticated else None
    return render_template("main/index.html", summary=summary)


@bp.route("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says.
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return jsonify(status="error", database="unreachable", detail=type(error).__name__), 503
    return jsonify(status="ok", database="ok", backend=db.engine.dialect.name)
