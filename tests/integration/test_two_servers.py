"""Scale-out: two app servers on one database (and one Redis) answer as one server would.

Nothing a request needs lives in one process: the session is a signed cookie (any server with
the same SECRET_KEY reads it), every card, answer and undo is in the database, and rate limits
count in Redis. So one learner's requests may alternate between servers behind a load
balancer: an answer on A, its undo on B, the answer again on A, its rating changed on B and
then on A. The review log and the card must end as if one server had taken them all.

Runs on the suite's backend (PostgreSQL when TEST_DATABASE_URL is set, which is the case this
proves; SQLite files work the same way on one host). The rate-limit part needs Redis on
127.0.0.1:6379 and is skipped without it.
"""

from __future__ import annotations

import json
import random
import socket
import urllib.parse
import uuid

import pytest

from bench._common import BENCH_PASSWORD, add_learners, create_schema, import_bank, make_app
from bench._common import learner_response as graded_response
from bench.live_server import CSRF_RE, GunicornServer, StudyClient, server_environment
from tests.durability import logged_answers, replay_problems
from tests.scratch_databases import scratch_database

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def two_servers(tmp_path):
    """Servers A and B (separate gunicorn masters) on one scratch database."""
    with scratch_database(tmp_path, "scaleout") as url:
        app = make_app(url)
        create_schema(app)
        bank = import_bank(app, limit=6)
        add_learners(app, 1, prefix="scale")
        contents = {item.id: item.to_content() for item in bank.items}
        extra = {}
        if _redis_up():
            extra = {
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                # This run's own keys, so runs and other users of the Redis never collide.
                "RATELIMIT_KEY_PREFIX": f"tpt-test-{uuid.uuid4().hex[:8]}",
                "LOGIN_RATE_LIMIT": "4 per hour",
            }
        else:
            extra = {"RATELIMIT_ENABLED": "0"}
        env = server_environment(url, str(tmp_path), **extra)
        a = GunicornServer(env, str(tmp_path / "a"), workers=1, threads=2)
        b = GunicornServer(env, str(tmp_path / "b"), workers=1, threads=2)
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        try:
            a.start()
            b.start()
            yield app, contents, a, b, "RATELIMIT_STORAGE_URI" in extra
        finally:
            a.stop()
            b.stop()
            with app.app_context():
                from trainer.extensions import db

                db.engine.dispose()


def _pair(a: GunicornServer, b: GunicornServer, contents) -> tuple[StudyClient, StudyClient]:
    """One learner's browser, whose requests a balancer sends to A or to B: one cookie jar."""
    on_a = StudyClient(a.port, "scale0@bench.example", BENCH_PASSWORD, contents)
    on_b = StudyClient(b.port, "scale0@bench.example", BENCH_PASSWORD, contents)
    on_a.login()
    on_b.cookies = on_a.cookies  # the same dict: a cookie set by either server reaches both
    on_b.csrf = on_a.csrf
    return on_a, on_b


def _post(client: StudyClient, path: str, body: dict) -> tuple[int, dict]:
    status, data = client.request(
        "POST", path, json.dumps(body).encode(), {**JSON_HEADERS, "X-CSRFToken": client.csrf}
    )
    return status, json.loads(data) if data else {}


def test_one_learner_alternating_between_two_servers(two_servers):
    app, contents, a, b, _ = two_servers
    on_a, on_b = _pair(a, b, contents)
    rng = random.Random(3)
    try:
        card = on_a.get_card()
        response, _ = graded_response(contents[card["item"]], rng, 1.0)
        body = json.dumps({"token": card["token"], "response": response}).encode()
        status, first = on_a.post_answer(body)
        assert status == 200, first

        status, undone = _post(on_b, "/study/undo", {})
        assert status == 200, undone
        assert undone["undone"] == card["item"]
        assert logged_answers(app) == [], "the undo on B did not remove A's answer"

        again = on_b.get_card()  # the undone card comes back, shown by B
        assert again["item"] == card["item"]
        response, _ = graded_response(contents[again["item"]], rng, 1.0)
        status, second = on_a.post_answer(
            json.dumps({"token": again["token"], "response": response}).encode()
        )
        assert status == 200, second
        # A retry of the same answer reaching the other server counts once.
        status, retried = on_b.post_answer(
            json.dumps({"token": again["token"], "response": response}).encode()
        )
        assert status == 200 and retried["duplicate"] is True
        assert retried["log_id"] == second["log_id"]

        status, body = _post(on_b, "/study/rating", {"log_id": second["log_id"], "rating": 2})
        assert status == 200, body
        status, body = _post(on_a, "/study/rating", {"log_id": second["log_id"], "rating": 4})
        assert status == 200, body
    finally:
        on_a.close()
        on_b.close()

    assert [row.log_id for row in logged_answers(app)] == [second["log_id"]]
    with app.app_context():
        from trainer.extensions import db
        from trainer.models import ReviewLog

        assert db.session.get(ReviewLog, second["log_id"]).rating == 4
        db.session.remove()
    assert replay_problems(app) == [], "the card is not the replay of its log"


def test_login_limits_are_counted_across_servers(two_servers):
    app, contents, a, b, shared_limits = two_servers
    if not shared_limits:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    clients = [StudyClient(s.port, "x@example.com", "x", contents) for s in (a, b)]
    statuses = []
    try:
        for attempt in range(6):
            client = clients[attempt % 2]  # alternate A, B, A, B ...
            status, page = client.request("GET", "/auth/login")
            token = CSRF_RE.search(page.decode())
            form = urllib.parse.urlencode(
                {
                    "email": "scale0@bench.example",
                    "password": "wrong password",
                    "csrf_token": token.group(1) if token else "",
                }
            ).encode()
            status, _ = client.request(
                "POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            statuses.append(status)
    finally:
        for client in clients:
            client.close()
    # "4 per hour" for the account across both servers: with per-process counting each
    # server would allow 4, and all six attempts would get the form back.
    assert statuses[:4] == [200] * 4, statuses
    assert statuses[4:] == [429, 429], statuses
