"""App-wide behaviour: health check, error pages, CSRF, rate limit, headers, config."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from trainer import create_app
from trainer.models import User


def test_healthz_checks_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"


def test_healthz_reports_database_failure(client, monkeypatch, db):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_404_html_and_json(client):
    html = client.get("/no/such/page")
    assert html.status_code == 404 and b"404" in html.data and html.mimetype == "text/html"
    as_json = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.json["error"] == "Not Found"


def test_500_rolls_back_and_answers_json_or_html(app, db, factory):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/_boom")
    def boom():
        db.session.add(User(email="half@example.com", display_name="x", password_hash="x"))
        db.session.flush()
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/_boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert client.get("/_boom", headers={"Accept": "application/json"}).json["status"] == 500
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_csrf_rejects_form_without_token(app, learner):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": learner.email, "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert b"CSRF" in response.data


def test_csrf_accepts_form_with_token(app, learner):
    import re

    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/auth/login",
        data={"email": learner.email, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
def test_login_rate_limited_with_clear_message(app):
    client = app.test_client()

    def attempt():
        return client.post("/auth/login", data={"email": "x@example.com", "password": "nope"})

    assert [attempt().status_code for _ in range(4)] == [200, 200, 200, 429]
    response = attempt()
    assert b"Too many attempts" in response.data
    assert response.headers["Retry-After"]
    # Looking at the login page is not limited, only attempts are.
    assert client.get("/auth/login").status_code == 200


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379", socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False
    return True


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    LOGIN_RATE_LIMIT="2 per minute",
    RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
    RATELIMIT_KEY_PREFIX="tpt-test",
)
def test_login_rate_limit_with_redis_storage(app):
    import uuid

    # A fresh (made-up, loopback) client address per run, so counters left in Redis by earlier
    # runs do not count; Redis keeps them only for the window anyway.
    address = f"127.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    email = f"x-{uuid.uuid4().hex[:12]}@example.com"  # the per-account counter is keyed by it
    client = app.test_client()

    def attempt():
        return client.post(
            "/auth/login",
            data={"email": email, "password": "nope"},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    assert [attempt() for _ in range(3)] == [200, 200, 429]


def test_security_headers(client):
    headers = client.get("/auth/login").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in headers


def test_no_cdn_in_pages(client):
    import re

    page = client.get("/auth/login").get_data(as_text=True)
    external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', page)
    assert external == []


def test_bootstrap_assets_served_locally(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "/bootstrap/static/css/bootstrap.min.css" in page
    asset = client.get("/bootstrap/static/css/bootstrap.min.css")
    assert asset.status_code == 200
    asset.close()


def test_production_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL, PUBLIC_URL"):
        create_app("production")


def test_production_cookie_and_header_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    app = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite3'}",
        SECRET_KEY="x" * 32,
        PUBLIC_URL="https://localhost",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["DEBUG"] is False
    response = app.test_client().get("/auth/login")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_unknown_env_name():
    with pytest.raises(RuntimeError, match="unknown TRAINER_ENV"):
        create_app("staging")


def test_postgres_url_is_normalised():
    from config import normalise_database_url

    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"
