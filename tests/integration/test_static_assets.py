"""Static assets: content-versioned URLs cached for a year; text assets compressed, pages not."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli
from flask import url_for

STUDY_JS = Path(__file__).parents[2] / "trainer" / "static" / "js" / "study.js"


def _versioned(app, endpoint="static", filename="js/study.js") -> str:
    with app.test_request_context():
        return url_for(endpoint, filename=filename)


def test_static_urls_carry_the_content_hash(app):
    url = _versioned(app)
    expected = hashlib.sha256(STUDY_JS.read_bytes()).hexdigest()[:12]
    assert parse_qs(urlsplit(url).query)["v"] == [expected]


def test_the_current_version_is_cached_for_a_year(app, client):
    with client.get(_versioned(app)) as response:
        assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache
    assert "no-cache" not in cache


def test_an_old_or_missing_version_is_served_but_revalidated(app, client):
    for url in ("/static/js/study.js", "/static/js/study.js?v=0123456789ab"):
        with client.get(url) as response:
            assert response.status_code == 200
        assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_pages_link_to_versioned_assets_including_bootstraps(app, client):
    page = client.get("/").get_data(as_text=True)
    links = re.findall(r'(?:href|src)="([^"]+\.(?:css|js)[^"]*)"', page)
    assert links, "the landing page links no CSS or JS"
    assert all("v=" in link for link in links), links
    assert any("/bootstrap/" in link for link in links)


def test_text_assets_are_compressed_and_decompress_to_the_file(app, client):
    with client.get(_versioned(app), headers={"Accept-Encoding": "br"}) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert brotli.decompress(response.get_data()) == STUDY_JS.read_bytes()


def test_html_pages_are_never_compressed(client):
    # Pages hold the CSRF token next to user input: compressing them would expose it to BREACH.
    response = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
