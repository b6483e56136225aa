"""Response headers that every page gets; HSTS only where the config asks for it (production)."""

from __future__ import annotations

from flask import Flask, Response, abort, request

# Scripts and styles come from our own origin only. Inline style attributes are allowed because the
# body-map SVG and Bootstrap components use them; inline scripts are not.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _contains_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def register_input_guard(app: Flask) -> None:
    """Refuse NUL characters anywhere in a request with a 400.

    PostgreSQL text cannot hold U+0000 and raises on the bind, so without this check a `%00` in a
    URL or a form field would be a 500 on PostgreSQL while SQLite quietly stores it. No legitimate
    input contains one.
    """

    @app.before_request
    def _reject_nul() -> None:
        payload = request.get_json(silent=True) if request.is_json else None
        if (
            "\x00" in request.path
            or _contains_nul(request.args.to_dict(flat=False))
            or _contains_nul(request.form.to_dict(flat=False))
            or _contains_nul(payload)
        ):
            abort(400, description="The request contains a NUL character, which is never valid.")


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
        hsts = app.config.get("HSTS_SECONDS", 0)
        if hsts:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        return response
