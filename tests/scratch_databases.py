"""Databases of a test's own, for tests that run a server or a CLI in another process.

The backend follows tests/conftest.py: PostgreSQL when TEST_DATABASE_URL is set, else SQLite.
The session database of conftest cannot serve here (its tables are made by `create_all` and
emptied after each test, and other processes would share it), so each use gets a fresh one:
a SQLite file in the test's temp dir, or a PostgreSQL database `tpt_<label>_<hex>` created
through TEST_DATABASE_URL and dropped afterwards (WITH FORCE: a killed server may leave
connections behind).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def backend() -> str:
    return "postgresql" if PG_URL else "sqlite"


@contextlib.contextmanager
def scratch_database(folder: Path, label: str) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database that is this test's alone."""
    if not PG_URL:
        yield f"sqlite:///{folder / f'{label}.sqlite3'}"
        return
    base = make_url(normalise_database_url(PG_URL))
    name = f"tpt_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
