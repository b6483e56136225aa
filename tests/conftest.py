"""Fixtures shared by every test: app, database, client, users per role, factories.

The same suite runs on SQLite (default, in memory) and on PostgreSQL when TEST_DATABASE_URL is
set (`make test` sets it when PostgreSQL answers). On PostgreSQL the session gets a database of
its own, created here and dropped at the end; every test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url
from tests.factories import Factory

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production.

    The `app` fixture keeps an app context pushed for the test body; without this, requests would
    reuse it and share `g` (Flask-Login caches the user there) and the test's database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def pytest_report_header(config) -> str:
    return f"database backend: {'postgresql' if PG_URL else 'sqlite'}"


def _admin_engine(url: str):
    return create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A database URL for this test session; a fresh PostgreSQL database when configured."""
    if not PG_URL:
        yield "sqlite:///:memory:"
        return
    base = make_url(normalise_database_url(PG_URL))
    name = f"tpt_test_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(PG_URL)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _pg_schema(database_url: str) -> Iterator[None]:
    """On PostgreSQL the tables are created once per session and emptied after each test."""
    from trainer.extensions import db

    if database_url.startswith("sqlite"):
        yield None
        return
    engine = create_engine(database_url)
    db.metadata.create_all(engine)
    yield None
    db.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def app(request, _pg_schema, database_url: str) -> Iterator[Flask]:
    """A fresh app per test (config changes never leak) on an empty database.

    `@pytest.mark.app_config(KEY=value)` sets config before the extensions read it.
    """
    from trainer import create_app
    from trainer.extensions import db

    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, **overrides)
    app.test_client_class = IsolatedClient
    sqlite = database_url.startswith("sqlite")
    with app.app_context():
        if sqlite:
            db.create_all()  # in-memory: a new engine is a new, empty database
        yield app
        db.session.remove()
        if not sqlite:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def db(app: Flask):
    from trainer.extensions import db

    return db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def factory(db) -> Factory:
    return Factory(db)


class AuthActions:
    def __init__(self, client: FlaskClient):
        self.client = client

    def login(self, email: str, password: str = Factory.PASSWORD, **extra):
        return self.client.post("/auth/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


def _logged_in(app: Flask, user) -> FlaskClient:
    client = app.test_client()
    response = AuthActions(client).login(user.email)
    assert response.status_code == 302, "login of a fixture user failed"
    return client


@pytest.fixture
def learner(factory: Factory):
    return factory.user(email="learner@example.com", name="Lee Learner")


@pytest.fixture
def clinic_a(factory: Factory):
    return factory.clinic("Alpha Physio", "alpha")


@pytest.fixture
def clinic_b(factory: Factory):
    return factory.clinic("Beta Physio", "beta")


@pytest.fixture
def manager_a(factory: Factory, clinic_a):
    from trainer.models import ClinicRole

    return factory.user(
        email="manager@alpha.example", clinic=clinic_a, clinic_role=ClinicRole.MANAGER
    )


@pytest.fixture
def staff_a(factory: Factory, clinic_a):
    return factory.user(email="staff@alpha.example", clinic=clinic_a)


@pytest.fixture
def site_instructor(factory: Factory):
    from trainer.models import SiteRole

    return factory.user(email="instructor@example.com", site_role=SiteRole.INSTRUCTOR)


@pytest.fixture
def site_admin(factory: Factory):
    from trainer.models import SiteRole

    return factory.user(email="admin@example.com", site_role=SiteRole.ADMIN)


@pytest.fixture
def learner_client(app: Flask, learner) -> FlaskClient:
    return _logged_in(app, learner)


@pytest.fixture
def manager_client(app: Flask, manager_a) -> FlaskClient:
    return _logged_in(app, manager_a)


@pytest.fixture
def staff_client(app: Flask, staff_a) -> FlaskClient:
    return _logged_in(app, staff_a)


@pytest.fixture
def instructor_client(app: Flask, site_instructor) -> FlaskClient:
    return _logged_in(app, site_instructor)


@pytest.fixture
def admin_client(app: Flask, site_admin) -> FlaskClient:
    return _logged_in(app, site_admin)
