"""Static files: content-versioned URLs cached for a year, and compression of text assets.

``url_for("static", filename=...)`` (and every blueprint's static endpoint, e.g. Bootstrap's)
gets ``?v=<content hash>``; a request carrying the file's current hash is answered with a
year's ``Cache-Control: public, immutable``, so a browser fetches each asset once per change.
An old hash (a page cached from before a deploy) still gets the file, with the default
revalidating headers.

Compression (flask-compress) covers static assets and JSON only, not HTML: pages carry the
session's CSRF token beside text a user typed, the mix the BREACH attack reads through
compressed sizes. Static files and JSON replies hold no such secret.
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, request
from flask_compress import Compress
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600
COMPRESSED_TYPES = [
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "application/json",
]

compress = Compress()


def _is_static(endpoint: str | None) -> bool:
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))


class _Versions:
    """Content hashes of static files, computed once per file (and again when its mtime
    changes, so the development server picks up edits)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.known: dict[str, tuple[float, str]] = {}

    def folder(self, endpoint: str) -> str | None:
        if endpoint == "static":
            return self.app.static_folder
        blueprint = self.app.blueprints.get(endpoint.rsplit(".", 1)[0])
        return blueprint.static_folder if blueprint is not None else None

    def of(self, endpoint: str, filename: str) -> str | None:
        folder = self.folder(endpoint)
        path = safe_join(folder, filename) if folder else None
        if path is None:
            return None
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        known = self.known.get(path)
        if known is None or known[0] != mtime:
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()[:12]
            known = self.known[path] = (mtime, digest)
        return known[1]


def init_static_assets(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    compress.init_app(app)
    versions = _Versions(app)

    @app.url_defaults
    def _add_version(endpoint: str, values: dict) -> None:
        if _is_static(endpoint) and "v" not in values and values.get("filename"):
            version = versions.of(endpoint, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cache_versioned(response: Response) -> Response:
        if not _is_static(request.endpoint) or response.status_code not in (200, 304):
            return response
        if response.status_code == 200 and response.mimetype in COMPRESSED_TYPES:
            # Read the (small) file into the response so flask-compress compresses it whole,
            # with gzip too, and the file is closed with the response (its streaming path
            # leaves the file to the garbage collector).
            response.direct_passthrough = False
            response.make_sequence()
        asked = request.args.get("v")
        filename = (request.view_args or {}).get("filename")
        if asked and filename and asked == versions.of(request.endpoint, filename):
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.public = True
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
