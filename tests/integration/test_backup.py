"""`flask --app trainer backup` and `restore`: a round trip with answers being written meanwhile.

Each test has databases of its own (tests/scratch_databases.py): SQLite files, or fresh
PostgreSQL databases when TEST_DATABASE_URL is set, where pg_dump and pg_restore run for real.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest

from bench._common import ROOT, add_learners, create_schema, import_bank, learner_response, make_app
from tests.durability import logged_answers, replay_problems
from tests.scratch_databases import backend, scratch_database
from trainer.services.backup import BackupError, backup_database, restore_database

needs_pg_tools = pytest.mark.skipif(
    backend() == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump/pg_restore are not on PATH (CI installs the PostgreSQL client tools)",
)


def flask_cli(database_url: str, folder, *args: str) -> subprocess.CompletedProcess:
    """The real command line, in a process of its own, on `database_url`."""
    env = {
        **os.environ,
        "TRAINER_ENV": "development",
        "DATABASE_URL": database_url,
        "TRAINER_INSTANCE_DIR": str(folder),
    }
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "flask", "--app", "trainer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dispose(app) -> None:
    from trainer.extensions import db

    with app.app_context():
        db.engine.dispose()


class Writer(threading.Thread):
    """Answers cards through the study services, one after another, until stopped.

    One writer, so its answers commit in log-id order: a consistent copy of the database holds
    a prefix of them.
    """

    def __init__(self, app, user_ids: list[int]):
        super().__init__(daemon=True)
        self.app = app
        self.user_ids = user_ids
        self.secret = app.config["SECRET_KEY"]
        self.committed: list[int] = []  # log ids, in commit order
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        from trainer.extensions import db
        from trainer.services.learning import study, study_queue

        rng = random.Random(7)
        try:
            n = 0
            while not self.stop.is_set():
                user_id = self.user_ids[n % len(self.user_ids)]
                n += 1
                now = datetime.now(UTC)
                with self.app.app_context():
                    nxt = study_queue.next_card(user_id, now)
                    assert nxt is not None, "the learner ran out of cards"
                    shown = study.present(user_id, nxt.card, nxt.kind, now, self.secret)
                    db.session.commit()
                response, _ = learner_response(shown.content, rng, 0.6)
                with self.app.app_context():
                    outcome = study.answer(
                        user_id, shown.token, response, datetime.now(UTC), self.secret
                    )
                with self.lock:
                    self.committed.append(outcome.log_id)
                time.sleep(0.01)  # a learner's pace, leaving the CPU to the backup process
        except BaseException as error:  # noqa: BLE001 - re-raised by the test
            self.error = error

    def count(self) -> int:
        with self.lock:
            return len(self.committed)

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.error is None, self.error
        assert self.count() >= count, f"only {self.count()} answers in {timeout} s"


@needs_pg_tools
def test_round_trip_with_answers_in_flight(tmp_path):
    out = tmp_path / "trainer.backup"
    with scratch_database(tmp_path, "bsrc") as source, scratch_database(tmp_path, "bdst") as copy:
        app = make_app(source)
        create_schema(app)
        import_bank(app, limit=20)
        writer = Writer(app, add_learners(app, 3, prefix="backup"))
        writer.start()
        try:
            writer.wait_for(15)
            committed_before = list(writer.committed)  # all committed before the backup starts
            result = flask_cli(source, tmp_path, "backup", "--out", str(out))
            during = writer.count() - len(committed_before)
            committed_by_end = list(writer.committed)  # the backup has finished by now
            writer.wait_for(len(committed_by_end) + 5)  # and the app goes on writing
        finally:
            writer.stop.set()
            writer.join(timeout=30)
        assert writer.error is None, writer.error
        assert result.returncode == 0, result.stderr
        assert "Backed up to" in result.stdout
        assert not list(tmp_path.glob("*.partial")), "the unfinished file was left behind"
        assert during > 0, "no answer was written while the backup ran"

        copy_app = make_app(copy)
        try:
            restored = copy_app.test_cli_runner().invoke(args=["restore", str(out)])
            assert restored.exit_code == 0, restored.output
            ids = [row.log_id for row in logged_answers(copy_app)]
            # Every answer committed before the backup started is in it, and what it holds is a
            # prefix of the writer's commits: one committed state, no answer half-copied.
            assert set(committed_before) <= set(ids)
            # (A commit the writer has not yet noted may be in the copy: at most one.)
            assert ids == writer.committed[: len(ids)]
            assert len(ids) <= len(committed_by_end) + 1 < len(writer.committed)
            assert replay_problems(copy_app) == []
            source_rows = {row.log_id: row for row in logged_answers(app)}
            assert all(source_rows[row.log_id] == row for row in logged_answers(copy_app))
        finally:
            _dispose(copy_app)
            _dispose(app)


@needs_pg_tools
def test_restore_refuses_a_database_with_data_unless_forced(tmp_path):
    out = tmp_path / "trainer.backup"
    with scratch_database(tmp_path, "bforce") as url:
        app = make_app(url)
        create_schema(app)
        add_learners(app, 1, prefix="kept")
        runner = app.test_cli_runner()
        try:
            assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
            add_learners(app, 2, prefix="later")  # written after the backup

            refused = runner.invoke(args=["restore", str(out)])
            assert refused.exit_code == 1
            assert "holds data" in refused.output and "--force" in refused.output
            assert _emails(app) == {f"{who}@bench.example" for who in ("kept0", "later0", "later1")}

            forced = runner.invoke(args=["restore", "--force", str(out)])
            assert forced.exit_code == 0, forced.output
            assert _emails(app) == {"kept0@bench.example"}
        finally:
            _dispose(app)


def _emails(app) -> set[str]:
    from sqlalchemy import select

    from trainer.extensions import db
    from trainer.models import User

    with app.app_context():
        emails = set(db.session.execute(select(User.email)).scalars())
        db.session.remove()
        return emails


@needs_pg_tools
def test_restore_rejects_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup\n" * 100)
    with scratch_database(tmp_path, "bbogus") as url:
        app = make_app(url)
        create_schema(app)
        add_learners(app, 1, prefix="kept")
        try:
            result = app.test_cli_runner().invoke(args=["restore", "--force", str(bogus)])
            assert result.exit_code == 1
            assert "is not a" in result.output and "Traceback" not in result.output
            assert _emails(app) == {"kept0@bench.example"}
            missing = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nope")])
            assert missing.exit_code == 1 and "no such backup file" in missing.output
        finally:
            _dispose(app)


@needs_pg_tools
def test_backup_into_a_missing_directory_says_so_and_writes_nothing(tmp_path):
    with scratch_database(tmp_path, "bdir") as url:
        app = make_app(url)
        create_schema(app)
        try:
            out = tmp_path / "no" / "such" / "dir" / "trainer.backup"
            result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
            assert result.exit_code == 1
            assert "is not a directory" in result.output and "Traceback" not in result.output
            assert not (tmp_path / "no").exists()
        finally:
            _dispose(app)


def test_missing_postgresql_tools_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump, no pg_restore
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/unused"
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        backup_database(url, tmp_path / "out.dump")
    archive = tmp_path / "in.dump"
    archive.write_bytes(b"PGDMP")
    with pytest.raises(BackupError, match="pg_restore was not found on PATH"):
        restore_database(url, archive)


def test_an_in_memory_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupError, match="in memory"):
        backup_database("sqlite:///:memory:", tmp_path / "out.backup")
    assert not (tmp_path / "out.backup").exists()
