"""A database held by another writer answers 503 with Retry-After, and a retry counts once."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tests.conftest import PG_URL
from tests.factories import Factory, make_bank
from tests.integration.test_study import right_response
from trainer import create_app
from trainer.errors import is_contention
from trainer.models import ReviewLog

JSON = {"Accept": "application/json"}


@pytest.fixture
def file_app(tmp_path):
    from trainer.extensions import db

    path = tmp_path / "busy.sqlite3"
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=50
    )
    with app.app_context():
        db.create_all()
        factory = Factory(db)
        user = factory.user(email="busy@example.com")
        bank = make_bank(db, per_topic=1)
        yield app, path, user, bank
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(bool(PG_URL), reason="SQLite file locking; PostgreSQL is covered below")
def test_answer_while_another_writer_holds_the_lock_is_503_then_retry_counts_once(file_app):
    from trainer.extensions import db

    app, path, user, bank = file_app
    client = app.test_client()
    assert client.post(
        "/auth/login", data={"email": user.email, "password": Factory.PASSWORD}
    ).status_code == 302
    card = client.get("/study/card", headers=JSON).json
    token = re.search(r'name="token" value="([^"]+)"', card["html"]).group(1)
    external_id = re.search(r"\b((?:act|phy|ltr|ref|saf|trt)-\d{3})\b", card["html"]).group(1)
    body = {"token": token, "response": right_response(bank.item(external_id).to_content())}

    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # a write lock, held past the app's busy timeout
    try:
        busy = client.post("/study/answer", json=body, headers=JSON)
    finally:
        holder.rollback()
        holder.close()
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "1"
    assert "busy" in busy.json["message"]
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 0

    retried = client.post("/study/answer", json=body, headers=JSON)
    assert retried.status_code == 200, retried.json
    again = client.post("/study/answer", json=body, headers=JSON)
    assert again.json["duplicate"] is True
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 1


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
@pytest.mark.app_config(PG_LOCK_TIMEOUT_MS=100)
def test_postgres_lock_held_by_another_session_is_503(app, db, factory, learner_client):
    from sqlalchemy import create_engine, text

    bank = make_bank(db, per_topic=1)
    card = learner_client.get("/study/card", headers=JSON).json
    token = re.search(r'name="token" value="([^"]+)"', card["html"]).group(1)
    external_id = re.search(r"\b((?:act|phy|ltr|ref|saf|trt)-\d{3})\b", card["html"]).group(1)
    body = {"token": token, "response": right_response(bank.item(external_id).to_content())}
    other = create_engine(db.engine.url)
    with other.connect() as conn:
        conn.execute(text("LOCK TABLE review_logs IN EXCLUSIVE MODE"))
        busy = learner_client.post("/study/answer", json=body, headers=JSON)
        conn.rollback()
    other.dispose()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    retried = learner_client.post("/study/answer", json=body, headers=JSON)
    assert retried.status_code == 200
    assert db.session.execute(select(func.count(ReviewLog.id))).scalar_one() == 1


class _PgError(Exception):
    def __init__(self, sqlstate):
        super().__init__("pg")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: x"), False),
        (_PgError("55P03"), True),  # lock_not_available
        (_PgError("40P01"), True),  # deadlock_detected
        (_PgError("40001"), True),  # serialization_failure
        (_PgError("08006"), False),  # connection failure: a real outage, not contention
    ],
)
def test_contention_is_told_apart_from_other_database_errors(orig, expected):
    assert is_contention(OperationalError("stmt", {}, orig)) is expected


def test_other_operational_errors_stay_500(app, db):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/_broken")
    def broken():
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))

    assert app.test_client().get("/_broken").status_code == 500
