"""Backing up and restoring the whole database, consistent while the app keeps writing.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database in one step,
inside one read transaction, so the copy is one committed state even while the app writes (in
WAL mode writers are not blocked meanwhile). PostgreSQL: `pg_dump -Fc`, which reads one
snapshot, and `pg_restore --clean --if-exists` in a single transaction, so a failed restore
changes nothing. Both write the backup to `FILE.partial` and rename it into place, so a backup
that fails half way never leaves a file that looks complete.

Restore refuses to replace a database that holds data unless `force` is given.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

#: Tables whose rows do not count as data (Alembic's record of the schema version).
_BOOKKEEPING_TABLES = {"alembic_version"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds or a restore left behind, to show to whoever ran it."""

    location: str
    users: int | None = None
    reviews: int | None = None
    revision: str | None = None

    def describe(self) -> str:
        parts = []
        if self.users is not None:
            parts.append(f"{self.users} user(s)")
        if self.reviews is not None:
            parts.append(f"{self.reviews} review(s)")
        if self.revision:
            parts.append(f"schema revision {self.revision}")
        return f"{self.location} ({', '.join(parts)})" if parts else self.location


def backup_database(database_url: str, out: Path) -> Summary:
    """Write a consistent backup of the database at `database_url` to `out`."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _backup_sqlite(_sqlite_path(url), out)
    if url.get_backend_name() == "postgresql":
        return _pg_dump(url, out)
    raise BackupError(f"cannot back up a {url.get_backend_name()} database")


def restore_database(database_url: str, backup: Path, *, force: bool = False) -> Summary:
    """Replace the database at `database_url` with the content of `backup`."""
    url = make_url(database_url)
    if not backup.is_file():
        raise BackupError(f"{backup}: no such backup file")
    if url.get_backend_name() == "sqlite":
        return _restore_sqlite(backup, _sqlite_path(url), database_url, force)
    if url.get_backend_name() == "postgresql":
        return _pg_restore(url, backup, database_url, force)
    raise BackupError(f"cannot restore into a {url.get_backend_name()} database")


# --- what a database holds -----------------------------------------------------------------


def tables_with_data(database_url: str) -> list[str]:
    """The application tables that hold at least one row (an empty schema holds none)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            names = sorted(set(inspect(conn).get_table_names()) - _BOOKKEEPING_TABLES)
            quote = conn.dialect.identifier_preparer.quote
            return [
                name
                for name in names
                if conn.execute(text(f"SELECT 1 FROM {quote(name)} LIMIT 1")).first()  # noqa: S608
            ]
    finally:
        engine.dispose()


def _summary_of(database_url: str, location: str) -> Summary:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())

            def count(table: str) -> int | None:
                if table not in tables:
                    return None
                return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608

            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return Summary(location, count("users"), count("review_logs"), revision)
    finally:
        engine.dispose()


def _refuse_unless_empty(database_url: str, where: str, force: bool) -> None:
    if force:
        return
    holding = tables_with_data(database_url)
    if holding:
        shown = ", ".join(holding[:5]) + (", ..." if len(holding) > 5 else "")
        raise BackupError(
            f"{where} holds data (rows in {shown}); restoring would replace all of it. "
            "Pass --force to replace it (back it up first if in doubt)."
        )


def _partial_for(out: Path) -> Path:
    """Where a backup is written until it is complete (beside `out`, so the rename is atomic)."""
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a directory; create it first")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    return partial


def _replace_atomically(partial: Path, out: Path) -> None:
    """Make the finished backup durable, then give it its name in one step."""
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, out)
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        directory = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or "mode=memory" in str(url):
        raise BackupError("the database is in memory: there is nothing on disk to back up")
    return Path(url.database)


def _backup_sqlite(source: Path, out: Path) -> Summary:
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    if out.exists() and out.resolve() == source.resolve():
        raise BackupError("--out is the database itself; write the backup somewhere else")
    partial = _partial_for(out)
    try:
        _copy_sqlite(source, partial)
    except (sqlite3.Error, BackupError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} failed: {error}") from None
    _replace_atomically(partial, out)
    return _summary_of(f"sqlite:///{out.resolve()}", str(out))


def _copy_sqlite(source: Path, partial: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        # One step (pages=-1): one read transaction, so one consistent committed state.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _check_sqlite(dst, partial)


def _check_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def _restore_sqlite(backup: Path, target: Path, database_url: str, force: bool) -> Summary:
    try:
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{backup}: cannot open it: {error}") from None
    try:
        try:
            _check_sqlite(src, backup)
            tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup} is not a SQLite backup: {error}") from None
        if "alembic_version" not in tables:
            raise BackupError(f"{backup} is not a backup of this app (no alembic_version table)")
        target.parent.mkdir(parents=True, exist_ok=True)
        _refuse_unless_empty(database_url, str(target), force)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst, pages=-1)  # under the target's write lock: readers see old or new
        except sqlite3.Error as error:
            raise BackupError(f"restore into {target} failed: {error}") from None
        finally:
            dst.close()
    finally:
        src.close()
    return _summary_of(database_url, str(target))


# --- PostgreSQL ----------------------------------------------------------------------------


def _client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools (Debian/Ubuntu: "
            f"apt install postgresql-client), of the server's major version or newer."
        )
    return path


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URL for the tools, with the password in the environment, not argv."""
    conninfo = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")


def _pg_dump(url: URL, out: Path) -> Summary:
    pg_dump = _client_tool("pg_dump")
    conninfo, env = _libpq(url)
    partial = _partial_for(out)
    try:
        _run(
            [pg_dump, "--format=custom", "--file", str(partial), "--dbname", conninfo],
            env,
            "pg_dump",
        )
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    _replace_atomically(partial, out)
    return Summary(f"{out} (pg_dump custom format of database {url.database})")


def _pg_restore(url: URL, backup: Path, database_url: str, force: bool) -> Summary:
    pg_restore = _client_tool("pg_restore")
    conninfo, env = _libpq(url)
    listing = subprocess.run(  # noqa: S603 - reads the archive's table of contents only
        [pg_restore, "--list", str(backup)], env=env, capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(
            f"{backup} is not a pg_dump custom-format archive: {listing.stderr.strip()[-500:]}"
        )
    _refuse_unless_empty(database_url, f"database {url.database}", force)
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",  # drop what the archive creates, if it exists, before creating it
            "--no-owner",  # objects belong to the connecting role, whoever owned them before
            "--single-transaction",  # all or nothing
            "--dbname",
            conninfo,
            str(backup),
        ],
        env,
        "pg_restore",
    )
    return _summary_of(database_url, f"database {url.database}")
