"""Absolute URLs for mail and other places outside a page, built from configuration only.

A request's Host header is chosen by whoever sends the request, so a link built from it (Flask's
`url_for(..., _external=True)`) lets an attacker have the victim mailed a valid reset token on a
host the attacker controls. Links that leave the browser are built from PUBLIC_URL instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app


def public_base_url(config: dict) -> str:
    """The configured public origin (and path prefix), without a trailing slash."""
    if config.get("PUBLIC_URL"):
        return str(config["PUBLIC_URL"]).rstrip("/")
    if config.get("SERVER_NAME"):
        scheme = config.get("PREFERRED_URL_SCHEME") or "http"
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{scheme}://{config['SERVER_NAME']}{root}"
    return str(config["DEV_PUBLIC_URL"]).rstrip("/")


def public_url_for(endpoint: str, **values) -> str:
    """`url_for` for links that leave the app (mail): scheme, host and prefix from config."""
    base = urlsplit(public_base_url(current_app.config))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def configure_trusted_hosts(app: Flask) -> None:
    """In production, answer 400 to any Host but ours unless TRUSTED_HOSTS lists more."""
    if app.config.get("TRUSTED_HOSTS") is None:
        host = urlsplit(public_base_url(app.config)).hostname
        if host:
            app.config["TRUSTED_HOSTS"] = [host]
