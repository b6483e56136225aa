"""Error pages that answer HTML or JSON by `Accept`, and roll back on 500."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError, SecurityError

from trainer.extensions import db

BUSY_RETRY_AFTER_SECONDS = 1
# SQLSTATE classes of PostgreSQL contention: serialization_failure, deadlock_detected,
# lock_not_available, query_canceled (statement or lock timeout).
_PG_CONTENTION = {"40001", "40P01", "55P03", "57014"}


def is_contention(error: OperationalError) -> bool:
    """True when the database refused only because someone else held a lock."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _PG_CONTENTION
    message = str(error.orig).lower()
    return "database is locked" in message or "database table is locked" in message


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and (
        request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(code: int, name: str, description: str):
    if wants_json():
        return jsonify(error=name, status=code, message=description), code
    return render_template("errors/error.html", code=code, name=name, description=description), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def _untrusted_host(error: SecurityError):
        # Raised before URL matching (Host not in TRUSTED_HOSTS): no url_for, so no page layout.
        return (
            "400 Bad Request: this server does not answer for that host name.\n",
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code == 429:
            # Flask-Limiter's description ("5 per 1 minute") is technical; say what to do.
            body, code = error_response(
                429, "Too Many Requests", "Too many attempts. Wait a minute, then try again."
            )
            return body, code, {"Retry-After": "60"}
        if error.code == 413:
            limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
            return error_response(
                413,
                "Request Too Large",
                f"What you sent is larger than this server accepts ({limit // (1024 * 1024)} MB "
                "at most). Nothing was saved.",
            )
        if error.code == 403 and error.description == Forbidden.description:
            # Werkzeug's default speaks of "read-protected" resources; say what the user lacks.
            return error_response(
                403, "Forbidden", "Your account does not have the role this page needs."
            )
        return error_response(error.code or 500, error.name, error.description or "")

    @app.errorhandler(InternalServerError)
    def _internal_error(error: InternalServerError):
        db.session.rollback()
        return error_response(
            500,
            "Internal Server Error",
            "Something went wrong on our side. Nothing you entered was saved half-way; "
            "please try again.",
        )

    @app.errorhandler(OperationalError)
    def _operational_error(error: OperationalError):
        db.session.rollback()
        if not is_contention(error):
            current_app.logger.exception("database error", exc_info=error)
            return _internal_error(InternalServerError())
        # Another writer held the database past the busy timeout (SQLite) or a lock or
        # serialisation conflict (PostgreSQL): nothing was written, and the same request can be
        # sent again (answers carry their presentation token, so a retry counts once).
        current_app.logger.warning("database busy: %s", error.orig)
        body, code = error_response(
            503, "Service Unavailable", "The database is busy. Retrying in a moment…"
        )
        return body, code, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}

    @app.errorhandler(DataError)
    def _data_error(error: DataError):
        # A value the database refuses for its type (out of range, too long, NUL) came from the
        # request: the input guards should have caught it, so log it loudly, but answer 400.
        db.session.rollback()
        current_app.logger.error("database refused a request value: %s", error.orig)
        return error_response(
            400, "Bad Request", "A value in the request is not valid. Nothing was saved."
        )
