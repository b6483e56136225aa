"""Links in mail come from configuration, never from the request's Host (issue 7, defect 1)."""

from __future__ import annotations

import pytest

from config import DEV_SECRET_KEY
from trainer import create_app


def _reset_mail(app, client, email: str):
    app.extensions["mail_outbox"] = []
    response = client.post("/auth/reset", data={"email": email})
    assert response.status_code == 302
    (message,) = app.extensions["mail_outbox"]
    return message.get_content()


def test_reset_link_ignores_a_forged_host_header(app, learner):
    client = app.test_client()
    body = _reset_mail(app, client, learner.email)
    assert "http://localhost/auth/reset/" in body
    forged = app.test_client()
    app.extensions["mail_outbox"] = []
    response = forged.post(
        "/auth/reset", data={"email": learner.email}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 302
    (message,) = app.extensions["mail_outbox"]
    assert "evil.example" not in message.get_content()
    assert "http://localhost/auth/reset/" in message.get_content()


@pytest.mark.app_config(PUBLIC_URL="https://trainer.clinic.example/tpt/")
def test_reset_link_uses_public_url_with_its_path_prefix(app, learner):
    body = _reset_mail(app, app.test_client(), learner.email)
    assert "https://trainer.clinic.example/tpt/auth/reset/" in body


@pytest.mark.app_config(
    PUBLIC_URL="", SERVER_NAME="trainer.example", PREFERRED_URL_SCHEME="https"
)
def test_reset_link_falls_back_to_server_name(app, learner):
    body = _reset_mail(app, app.test_client(), learner.email)
    assert "https://trainer.example/auth/reset/" in body


def _production_env(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        "SECRET_KEY": "s" * 40,
    }


def test_production_refuses_to_start_without_a_public_url(monkeypatch, tmp_path):
    overrides = _production_env(monkeypatch, tmp_path)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app("production", PUBLIC_URL="", **overrides)


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "short-secret"])
def test_production_refuses_the_development_or_a_short_secret_key(monkeypatch, tmp_path, secret):
    overrides = _production_env(monkeypatch, tmp_path)
    overrides["SECRET_KEY"] = secret
    with pytest.raises(RuntimeError, match="SECRET_KEY must be a random value"):
        create_app("production", PUBLIC_URL="https://trainer.example", **overrides)


def test_production_answers_400_to_unknown_hosts(monkeypatch, tmp_path):
    overrides = _production_env(monkeypatch, tmp_path)
    app = create_app("production", PUBLIC_URL="https://trainer.example", **overrides)
    assert app.config["TRUSTED_HOSTS"] == ["trainer.example"]
    client = app.test_client()
    assert client.get("/auth/login", base_url="https://trainer.example").status_code == 200
    evil = client.get("/auth/login", base_url="https://evil.example")
    assert evil.status_code == 400


def test_production_trusted_hosts_from_the_environment_win(monkeypatch, tmp_path):
    overrides = _production_env(monkeypatch, tmp_path)
    app = create_app(
        "production",
        PUBLIC_URL="https://trainer.example",
        TRUSTED_HOSTS=["trainer.example", "10.0.0.5"],
        **overrides,
    )
    client = app.test_client()
    assert client.get("/auth/login", base_url="https://10.0.0.5").status_code == 200
    assert client.get("/auth/login", base_url="https://other.example").status_code == 400
