"""Response headers that every page gets; HSTS only where the config asks for it (production)."""

from __future__ import annotations

import re

from flask import Flask, Response, abort, request
from flask_login import current_user

# Scripts and styles come from our own origin only. Inline style attributes are allowed because the
# body-map SVG and Bootstrap components use them; inline scripts are not.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# U+0000 cannot be stored by PostgreSQL; lone surrogates (JSON "\\ud800") cannot be encoded as
# UTF-8 by any database driver. No legitimate input contains either.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32


class _BadInput(ValueError):
    pass


def _check_values(root: object) -> None:
    """Walk nested lists and dicts without recursion (a deep body must not exhaust the stack)."""
    stack: list[tuple[object, int]] = [(root, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise _BadInput(
                    "The request contains a NUL character or an unpaired surrogate, "
                    "which is never valid."
                )
        elif isinstance(value, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _BadInput(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack.append((key, depth + 1))
                stack.append((item, depth + 1))


def _json_payload() -> object:
    if not request.is_json:
        return None
    try:
        return request.get_json(silent=True)
    except RecursionError:  # the JSON decoder recurses; a deep enough body exhausts the stack
        raise _BadInput(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.") from None


def register_input_guard(app: Flask) -> None:
    """Refuse unstorable characters and absurd nesting anywhere in a request with a 400.

    Without this a `%00` in a URL or a form field would be a 500 on PostgreSQL while SQLite
    quietly stores it, and `"\\ud800"` in a JSON token a 500 on both.
    """

    @app.before_request
    def _reject_unstorable() -> None:
        try:
            _check_values(request.path)
            _check_values(request.args.to_dict(flat=False))
            _check_values(request.form.to_dict(flat=False))
            _check_values(_json_payload())
        except _BadInput as error:
            abort(400, description=str(error))


def _is_private(response: Response) -> bool:
    """Pages of a logged-in user, and every CSV or JSON answer (exports, study, API)."""
    if response.mimetype in {"text/csv", "application/json"}:
        return True
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return False
    return bool(current_user and current_user.is_authenticated)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        if not app.config.get("SECURITY_HEADERS", True):
            return response
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if "Cache-Control" not in headers and _is_private(response):
            # A shared computer's browser cache or a proxy must not keep someone's pages.
            headers["Cache-Control"] = "no-store"
        hsts = app.config.get("HSTS_SECONDS", 0)
        if hsts:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        return response
