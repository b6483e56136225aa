"""Crash safety: kill -9 the real server while learners answer; no acknowledged answer is lost or
counted twice, and every card is the replay of its log.

The app runs as in production (gunicorn, 2 workers x 2 threads, TRAINER_ENV=production) on a
database of its own: a SQLite file in WAL mode with the production default synchronous=NORMAL,
or a fresh PostgreSQL database when TEST_DATABASE_URL is set. Several learners, each a thread
with its own session, log in through the form and answer through the study page's endpoints
with the per-presentation token, as study.js does (bench/live_server.py, shared with
bench/review_http.py). Twice, at a moment when an answer is being posted, the master and
every worker get SIGKILL at once; the server is started again on the same port. A client whose
answer got no response (connection reset or refused) posts it again with the same token once
the server is back, as a browser retry would: the server must answer it either as a first
answer (it never committed) or as a duplicate with the log id it committed before dying.

Then the review log must hold exactly the answers the clients saw acknowledged (HTTP 200), each
once, and every card state must equal the replay of its log through the scheduler.
"""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import threading
import time
from dataclasses import dataclass, field

import pytest

from bench._common import BENCH_PASSWORD, add_learners, create_schema, import_bank, make_app
from bench._common import learner_response as graded_response
from bench.live_server import GunicornServer, StudyClient, server_environment
from tests.durability import cards_replayed, logged_answers, replay_problems
from tests.scratch_databases import backend, scratch_database
from trainer.services.learning.study import token_key

LEARNERS = 6
BANK_ITEMS = 12  # few items, so learning cards come back and cards get chains of answers
P_RIGHT = 0.6
# Acknowledged answers to wait for in each phase: before the first kill, between the kills,
# after the last restart.
PHASES = (40, 25, 20)
PHASE_TIMEOUT_S = 30.0  # a phase that stalls fails the test instead of hanging it
CLIENT_DEADLINE_S = 120.0  # clients wait out restarts, but never longer than this
NETWORK_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class Ledger:
    """What the clients saw, shared between their threads, and the signals they obey."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)  # finish the answer, stop
    abandon: threading.Event = field(default_factory=threading.Event)  # the server is gone
    deadline: float = field(default_factory=lambda: time.monotonic() + CLIENT_DEADLINE_S)
    acknowledged: list[tuple[str, int, bool]] = field(default_factory=list)  # token, log, dup
    posting: int = 0  # answer POSTs sent and not yet answered, now
    interrupted_answers: int = 0  # answers whose first POST got no response (server died)
    errors: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)

    def keep_trying(self) -> bool:
        return not self.abandon.is_set() and time.monotonic() < self.deadline


class Learner:
    """One learner answering in a loop; network errors are waited out and the answer re-sent."""

    def __init__(self, client: StudyClient, contents: dict, seed: int, ledger: Ledger):
        self.client = client
        self.contents = contents
        self.rng = random.Random(seed)
        self.ledger = ledger

    def _until_answered(self, call):
        while True:
            try:
                return call()
            except NETWORK_ERRORS:
                if not self.ledger.keep_trying():
                    raise
                time.sleep(0.05)

    def run(self) -> None:
        try:
            self._until_answered(self.client.login)
            while not self.ledger.stop.is_set():
                card = self._until_answered(self.client.get_card)
                if card["done"]:
                    with self.ledger.lock:
                        self.ledger.done.append(self.client.email)
                    return
                response, _ = graded_response(self.contents[card["item"]], self.rng, P_RIGHT)
                body = json.dumps({"token": card["token"], "response": response}).encode()
                self._answer(card["token"], body)
        except Exception as error:  # noqa: BLE001 - reported by the test, which then fails
            with self.ledger.lock:
                self.ledger.errors.append(f"{self.client.email}: {type(error).__name__}: {error}")
        finally:
            self.client.close()

    def _answer(self, token: str, body: bytes) -> None:
        """POST until the server answers; a retry carries the same token (it counts once)."""
        interrupted = False
        while True:
            with self.ledger.lock:
                self.ledger.posting += 1
            try:
                status, outcome = self.client.post_answer(body)
            except NETWORK_ERRORS:
                if not interrupted:
                    interrupted = True
                    with self.ledger.lock:
                        self.ledger.interrupted_answers += 1
                if not self.ledger.keep_trying():
                    raise
                time.sleep(0.05)
                continue
            finally:
                with self.ledger.lock:
                    self.ledger.posting -= 1
            if status == 503 and self.ledger.keep_trying():  # busy: retry, as study.js does
                time.sleep(0.1)
                continue
            if status != 200:
                raise RuntimeError(f"answer: HTTP {status} {outcome}")
            with self.ledger.lock:
                self.ledger.acknowledged.append((token, outcome["log_id"], outcome["duplicate"]))
            return


@pytest.fixture
def database_with_learners(tmp_path):
    """A scratch database with the schema by migrations, part of the bank and the learners."""
    with scratch_database(tmp_path, "crash") as url:
        app = make_app(url)
        create_schema(app)
        bank = import_bank(app, limit=BANK_ITEMS)
        add_learners(app, LEARNERS, prefix="crash")
        contents = {item.id: item.to_content() for item in bank.items}
        try:
            yield app, url, contents
        finally:
            with app.app_context():
                from trainer.extensions import db

                db.engine.dispose()


def _wait_for(ledger: Ledger, target: int) -> None:
    deadline = time.monotonic() + PHASE_TIMEOUT_S
    while ledger.count() < target and not ledger.errors and time.monotonic() < deadline:
        if len(ledger.done) == LEARNERS:
            break
        time.sleep(0.02)
    assert not ledger.errors, ledger.errors
    assert ledger.count() >= target, (
        f"only {ledger.count()} of {target} answers acknowledged in time; done: {ledger.done}"
    )


def _wait_for_answer_in_flight(ledger: Ledger) -> None:
    deadline = time.monotonic() + PHASE_TIMEOUT_S
    while time.monotonic() < deadline:
        with ledger.lock:
            if ledger.posting:
                return
        time.sleep(0.001)
    raise AssertionError("no answer was being posted: the kill would not be mid-stream")


def stream_through_crashes(env: dict[str, str], folder: str, contents: dict) -> Ledger:
    """Learners answer while the server is killed and restarted between PHASES."""
    ledger, threads = Ledger(), []
    try:
        # Preloaded (the app imported once, before the workers fork): three starts cost less.
        with GunicornServer(env, folder, workers=2, threads=2, preload=True) as server:
            server.start()
            for n in range(LEARNERS):
                client = StudyClient(
                    server.port, f"crash{n}@bench.example", BENCH_PASSWORD, contents
                )
                learner = Learner(client, contents, seed=n, ledger=ledger)
                threads.append(threading.Thread(target=learner.run, daemon=True))
                threads[-1].start()
            try:
                target = 0
                for number, phase in enumerate(PHASES):
                    target += phase
                    _wait_for(ledger, target)
                    if number < len(PHASES) - 1:
                        _wait_for_answer_in_flight(ledger)
                        server.crash()  # mid-stream: while an answer is being posted
                        assert not server.running
                        server.start()
            finally:
                ledger.stop.set()  # each client finishes the answer in flight, then stops
                for thread in threads:
                    thread.join(timeout=PHASE_TIMEOUT_S)
    finally:
        ledger.abandon.set()  # the server is stopped: a client still retrying gives up
        for thread in threads:
            thread.join(timeout=5)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not ledger.errors, ledger.errors
    return ledger


def test_sigkill_mid_stream_loses_and_doubles_nothing(database_with_learners, tmp_path):
    app, url, contents = database_with_learners
    env = server_environment(
        url,
        str(tmp_path),
        # What production runs with: a process crash (unlike power loss) loses nothing that
        # SQLite in WAL mode has committed, even without an fsync per commit.
        SQLITE_SYNCHRONOUS="NORMAL",
        RATELIMIT_ENABLED="0",  # every learner logs in from 127.0.0.1; limits are not tested here
    )
    ledger = stream_through_crashes(env, str(tmp_path), contents)

    rows = logged_answers(app)
    by_id = {row.log_id: row for row in rows}
    acknowledged_ids = {log_id for _, log_id, _ in ledger.acknowledged}
    lost = [log_id for log_id in acknowledged_ids if log_id not in by_id]
    assert not lost, f"acknowledged answers missing from the review log: {lost}"
    wrong_row = [
        (token, log_id)
        for token, log_id, _ in ledger.acknowledged
        if by_id[log_id].token_key != token_key(token)
    ]
    assert not wrong_row, f"acknowledged with the log id of another answer: {wrong_row}"
    per_token: dict[tuple[int, str | None], int] = {}
    for row in rows:
        per_token[row.user_id, row.token_key] = per_token.get((row.user_id, row.token_key), 0) + 1
    assert all(n == 1 for n in per_token.values()), "an answer was recorded twice"
    tokens_acknowledged = [token for token, _, _ in ledger.acknowledged]
    assert len(tokens_acknowledged) == len(set(tokens_acknowledged)), "a token acknowledged twice"
    # Every answer was posted until the server answered it, so no committed row may be unknown
    # to its client: the log is exactly the acknowledged answers.
    unacknowledged = sorted(set(by_id) - acknowledged_ids)
    assert not unacknowledged, f"rows no client saw acknowledged: {unacknowledged}"

    assert replay_problems(app) == []
    with_log, chains = cards_replayed(app)
    assert chains > 0, "no card was answered twice: the replay checked no chain of answers"
    if backend() == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
    duplicates = sum(dup for _, _, dup in ledger.acknowledged)
    print(
        f"\n[{backend()}] {len(rows)} answers logged and acknowledged over {len(PHASES) - 1} "
        f"kills; {ledger.interrupted_answers} answers interrupted, {duplicates} of them "
        f"committed before the kill (the retry came back a duplicate); {with_log} cards "
        f"replayed ({chains} with 2+ answers)"
    )
