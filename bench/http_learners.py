"""The learners of `bench/review_http.py` (threads on keep-alive connections), what they count,
and the measurements around them: server CPU from /proc, the /healthz floor, and the
reconciliation of the review log against the answers the clients saw acknowledged."""

from __future__ import annotations

import collections
import http.client
import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._common import BENCH_PASSWORD, learner_response
from bench.live_server import HOST, StudyClient


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and its live children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path("/proc", entry, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the command: state ppid ... utime(12) stime(13) in this 0-based slice
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def worker_pids(pid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path("/proc", entry, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(entry))
    return pids


@dataclass
class Stats:
    answer_ms: list[float] = field(default_factory=list)
    card_ms: list[float] = field(default_factory=list)
    cycle_ms: list[float] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)  # log ids of first answers (all time)
    answered_in_window: int = 0
    retries: int = 0
    retries_ok: int = 0
    retries_not_duplicate: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)
    kinds: collections.Counter = field(default_factory=collections.Counter)
    done_learners: int = 0


class Learner(StudyClient):
    def __init__(self, number: int, port: int, contents: dict, args, shared: Stats, lock):
        super().__init__(
            port,
            f"http{number}@bench.example",
            BENCH_PASSWORD,
            contents,
            timeout=args.timeout,
            api=args.api,
        )
        self.args = args
        self.rng = random.Random(args.seed * 1000 + number)
        self.shared = shared
        self.lock = lock

    def run(self, clock: dict, stop: threading.Event, budget: threading.Semaphore) -> None:
        stats, lock = self.shared, self.lock
        try:
            self.login()
        except Exception as error:  # noqa: BLE001 - counted, the learner gives up
            with lock:
                stats.errors[f"login: {error}"] += 1
            return
        while not stop.is_set():
            if not budget.acquire(blocking=False):
                return
            try:
                t0 = time.perf_counter()
                card = self.get_card()
                t1 = time.perf_counter()
                if card.get("done"):
                    with lock:
                        stats.done_learners += 1
                    return
                token, item_id = card["token"], card["item"]
                response, _right = learner_response(
                    self.contents[item_id], self.rng, self.args.p_right
                )
                body = json.dumps({"token": token, "response": response}).encode()
                if self.args.think_ms:
                    time.sleep(self.args.think_ms / 1000)
                t2 = time.perf_counter()
                status, outcome = self.post_answer(body)
                t3 = time.perf_counter()
                if status not in (200, 201) or outcome.get("duplicate"):
                    with lock:
                        stats.errors[f"answer HTTP {status} {outcome.get('error', '')}"] += 1
                    continue
                log_id = outcome["log_id"]
                in_window = clock["measure_from"] <= t0 and t3 <= clock["measure_to"]
                with lock:
                    stats.acknowledged.add(log_id)
                    if in_window:
                        stats.answered_in_window += 1
                        stats.card_ms.append((t1 - t0) * 1000)
                        stats.answer_ms.append((t3 - t2) * 1000)
                        stats.cycle_ms.append((t1 - t0 + t3 - t2) * 1000)
                        stats.kinds[card["kind"]] += 1
                if self.rng.random() < self.args.retry_share:
                    status, again = self.post_answer(body)  # a client retry: same token
                    with lock:
                        stats.retries += 1
                        if (
                            status == 200
                            and again.get("duplicate")
                            and again.get("log_id") == log_id
                        ):
                            stats.retries_ok += 1
                        elif status == 200 and not again.get("duplicate"):
                            stats.retries_not_duplicate += 1
                        else:
                            stats.errors[f"retry HTTP {status} {again.get('error', '')}"] += 1
            except Exception as error:  # noqa: BLE001 - counted, the learner goes on
                with lock:
                    stats.errors[f"{type(error).__name__}: {str(error)[:80]}"] += 1
                time.sleep(0.01)
        self.conn.close()


def measure_floor(port: int, clients: int, seconds: float, server_pid: int, timeout: float):
    """Requests/s of GET /healthz (one SELECT 1, no session, no login, not rate-limited) from the
    same clients against the same server: an upper bound for any request that touches the
    database in this stack, so a review (two far heavier requests) cannot beat half of it."""
    stop = threading.Event()
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        mine: list[float] = []
        while not stop.is_set():
            t0 = time.perf_counter()
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                mine.append(1000 * (time.perf_counter() - t0))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    cpu0 = process_tree_cpu(server_pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=timeout + 5)
    elapsed = time.perf_counter() - started
    cpu = process_tree_cpu(server_pid) - cpu0
    return len(latencies) / elapsed, latencies, cpu / max(len(latencies), 1)


def reconcile(database_url: str, stats: Stats) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM review_logs")).scalars())
        per_token = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT user_id, presentation_token FROM review_logs "
                "GROUP BY user_id, presentation_token HAVING count(*) > 1) AS d"
            )
        ).scalar_one()
    engine.dispose()
    return {
        "rows": len(ids),
        "acknowledged": len(stats.acknowledged),
        "lost": len(stats.acknowledged - ids),
        "unacknowledged": len(ids - stats.acknowledged),
        "tokens_with_two_rows": per_token,
        "retries_counted_twice": stats.retries_not_duplicate,
    }


