"""Migrations: an empty database upgrades to head, matches the models, and downgrades to base."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import normalise_database_url
from tests.conftest import PG_URL
from trainer import create_app
from trainer.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new database of the backend under test."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    admin = create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"tpt_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(normalise_database_url(PG_URL)).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_check_downgrade_round_trip(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "users",
            "clinics",
            "memberships",
            "questions",
            "question_versions",
            "card_states",
            "review_logs",
            "alembic_version",
        } <= tables

        # Models and migrations agree: autogenerate finds nothing to do.
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []

        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()  # and back up again: downgrade left nothing behind
        db.engine.dispose()


def test_every_revision_has_a_downgrade():
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    for revision in script.walk_revisions():
        source = Path(revision.path).read_text()
        body = source.split("def downgrade():", 1)[1]
        assert body.strip() and body.strip() + "\n" != "pass\n", revision.revision


def _alembic_config():
    app = create_app("testing")
    with app.app_context():
        return app.extensions["migrate"].migrate.get_config("migrations")


def test_history_is_linear():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    assert len(script.get_heads()) == 1


__all__ = ["command"]
