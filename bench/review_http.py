"""The real app under gunicorn on loopback, with N simulated learners studying at once.

Setup: a scratch database (PostgreSQL by default, or a SQLite file with SQLITE_SYNCHRONOUS=FULL),
schema by `flask db upgrade`, the shipped bank imported, N learners with the daily limits lifted.
Then this script starts

    gunicorn -w W --threads T -b 127.0.0.1:PORT 'trainer:create_app()'

with TRAINER_ENV=production (SECRET_KEY, DATABASE_URL, SESSION_COOKIE_SECURE=0 since this is plain
http, rate limits in Redis db 15 with a raised login limit, or --no-ratelimit), and N client
threads (one keep-alive connection each, stdlib http.client so the client costs as little CPU as
possible on the same 2 cores). Each learner logs in through the form (CSRF token included) and
then loops, with no think time unless --think-ms:

    GET  /study/card     (Accept: application/json)        -> token and item id from the html
    POST /study/answer   {"token", "response"} + X-CSRFToken -> the answer is recorded

Objective items get a right or a wrong graded response (--p-right), flashcards a self-rating.
A share of answers (--retry-share) is POSTed a second time with the same token, as a client retry
would be: that must come back `duplicate: true` with the same log id and write nothing.

Figures: answers/s over the measured window (after --warmup), latency p50/p95/p99 of the answer
POST, of the card GET and of the whole cycle; CPU used by the server and by the client; then the
review_logs rows in the database against the answers the clients saw acknowledged (lost: an
acknowledged answer with no row; unacknowledged: a row no client saw; doubled: two rows for one
token, or a retry that was not recognised as one).

--profile runs py-spy on the gunicorn workers during the measured window and prints where the
time goes (by package, and the heaviest functions). The target (issue 11) is >= 1,000 reviews/s
at 64 learners on 2 cores, server CPU <= 2 ms per review and answer p95 < 50 ms; the script
prints how far the run is from it. --server granian runs the same app under granian (WSGI)
instead of gunicorn; --json adds one line of JSON with the figures.

    .venv/bin/python bench/review_http.py                       # 64 learners, 20 s, PostgreSQL
    .venv/bin/python bench/review_http.py --backend sqlite --duration 10 --learners 16
    .venv/bin/python bench/review_http.py --profile
    .venv/bin/python bench/review_http.py --server granian --backend sqlite --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    DEFAULT_PG_URL,
    add_learners,
    analyze,
    banner,
    create_schema,
    fmt_summary,
    header,
    import_bank,
    make_app,
    pg_database,
    require_loopback,
    summary,
)
from bench.http_learners import (  # noqa: E402
    Learner,
    Stats,
    measure_floor,
    process_tree_cpu,
    reconcile,
    worker_pids,
)
from bench.http_profile import report_profile, start_profiler  # noqa: E402
from bench.live_server import SERVERS, GunicornServer, server_environment  # noqa: E402

# Issue 11's targets at 64 learners on 2 cores.
TARGET_RATE = 1000.0
TARGET_P95_MS = 50.0
TARGET_CPU_MS = 2.0


# --- the server ---------------------------------------------------------------------------------


def make_server(args, database_url: str, port: int, folder: str) -> GunicornServer:
    env = {"SQLITE_SYNCHRONOUS": args.sqlite_synchronous}
    if args.no_ratelimit:
        env["RATELIMIT_ENABLED"] = "0"
    else:
        env["RATELIMIT_ENABLED"] = "1"
        env["RATELIMIT_STORAGE_URI"] = args.redis_url
        # Every learner logs in from 127.0.0.1: lift the login limits for the setup.
        env["LOGIN_RATE_LIMIT"] = "100000 per minute"
        env["LOGIN_ADDRESS_RATE_LIMIT"] = "100000 per minute"
    server = SERVERS[args.server](
        server_environment(database_url, folder, **env),
        folder,
        port=port or None,
        workers=args.workers,
        threads=args.threads,
    )
    print(f"server  : {' '.join(server.command[1:])}")
    return server


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load the real app under gunicorn (127.0.0.1 only) with N concurrent "
        "learners doing GET /study/card + POST /study/answer; report reviews/s, latency, and "
        "lost/doubled reviews.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--learners", "-n", type=int, default=64, help="concurrent learners")
    parser.add_argument("--duration", "-d", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument(
        "--max-reviews", type=int, default=100_000, help="hard cap on answers sent in total"
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--server", choices=sorted(SERVERS), default="gunicorn")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument(
        "--api",
        action="store_true",
        help="use the JSON API (/api/v1/study/next, /answers) instead of the study page's "
        "endpoints (HTML fragments in JSON)",
    )
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="admin URL for the scratch db")
    parser.add_argument(
        "--sqlite-synchronous", default="FULL", choices=["OFF", "NORMAL", "FULL", "EXTRA"]
    )
    parser.add_argument("--workers", "-w", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", "-t", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/15",
        help="RATELIMIT_STORAGE_URI for the server",
    )
    parser.add_argument("--no-ratelimit", action="store_true", help="RATELIMIT_ENABLED=0")
    parser.add_argument(
        "--floor",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="afterwards, load GET /healthz from as many clients for this long: the stack's "
        "ceiling for a request that touches the database",
    )
    parser.add_argument(
        "--due-cards",
        type=int,
        default=100,
        help="review cards already due per learner before the run (0: only new items)",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="pause between reading a card and answering (0: closed loop)",
    )
    parser.add_argument(
        "--retry-share",
        type=float,
        default=0.05,
        help="share of answers POSTed twice with the same token",
    )
    parser.add_argument("--p-right", type=float, default=0.85, help="share of right answers")
    parser.add_argument("--timeout", type=float, default=30.0, help="client socket timeout, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy the workers during the measured window and print the top costs",
    )
    parser.add_argument(
        "--profile-mode",
        choices=["gil", "active"],
        default="gil",
        help="gil: samples of threads holding the GIL (where Python CPU goes); active: every "
        "non-idle thread (includes waiting on the database)",
    )
    parser.add_argument("--profile-rate", type=int, default=100, help="py-spy samples/s")
    parser.add_argument("--profile-top", type=int, default=30, help="functions to list")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the scratch database and the temp dir (gunicorn log, profile)",
    )
    args = parser.parse_args(argv)
    if args.learners < 1 or args.duration <= 0 or args.duration > 600:
        parser.error("--learners must be >= 1 and --duration in (0, 600]")
    return args


def seed_due_cards(app, user_ids: list[int], per_learner: int) -> None:
    """Give every learner `per_learner` review cards already due (a study history), so that the
    queue serves reviews (the review-window path) and not only new items."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from trainer.extensions import db
    from trainer.models import CardState, Question

    if per_learner <= 0:
        return
    now = datetime.now(UTC)
    with app.app_context():
        question_ids = (
            db.session.execute(select(Question.id).order_by(Question.id).limit(per_learner))
            .scalars()
            .all()
        )
        rows = []
        for user_id in user_ids:
            for n, question_id in enumerate(question_ids):
                interval = timedelta(days=1 + n % 20)
                due = now - timedelta(hours=1 + (n * 7) % 72)
                rows.append(
                    {
                        "user_id": user_id,
                        "question_id": question_id,
                        "state": 2,
                        "step": None,
                        "stability": float(interval.days),
                        "difficulty": 5.0,
                        "due": due,
                        "last_review": due - interval,
                        "reps": 3 + n % 5,
                        "lapses": n % 2,
                        "suspended": False,
                        "leech": False,
                        "created_at": now - timedelta(days=60),
                    }
                )
        db.session.execute(CardState.__table__.insert(), rows)
        db.session.commit()


def run(args, database_url: str, folder: str) -> int:
    started = time.perf_counter()
    if not args.no_ratelimit:
        require_loopback(urllib.parse.urlsplit(args.redis_url).hostname, "Redis")
    app = make_app(database_url, SQLITE_SYNCHRONOUS=args.sqlite_synchronous)
    create_schema(app)
    bank = import_bank(app)
    user_ids = add_learners(app, args.learners, prefix="http")
    seed_due_cards(app, user_ids, args.due_cards)
    analyze(app)
    with app.app_context():
        from trainer.extensions import db

        db.engine.dispose()
    contents = {item.id: item.to_content() for item in bank.items}
    print(
        f"setup   : {args.learners} learners with {args.due_cards} due reviews each, "
        f"{len(bank.items)} bank items, "
        f"{time.perf_counter() - started:.1f} s"
    )

    server = make_server(args, database_url, args.port, folder)
    port = server.port
    stats, lock = Stats(), threading.Lock()
    profiler = None
    try:
        proc = server.start().proc
        print(f"workers : pids {worker_pids(proc.pid)}")
        stop = threading.Event()
        budget = threading.Semaphore(args.max_reviews)
        clock = {"measure_from": float("inf"), "measure_to": float("inf")}
        learners = [Learner(n, port, contents, args, stats, lock) for n in range(args.learners)]
        threads = [
            threading.Thread(target=lr.run, args=(clock, stop, budget), daemon=True)
            for lr in learners
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        server_cpu0, client0 = process_tree_cpu(proc.pid), resource.getrusage(resource.RUSAGE_SELF)
        clock["measure_from"] = time.perf_counter()
        if args.profile:
            profiler = start_profiler(args, proc.pid, folder)
        time.sleep(args.duration)
        clock["measure_to"] = time.perf_counter()
        server_cpu = process_tree_cpu(proc.pid) - server_cpu0
        client1 = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (client1.ru_utime + client1.ru_stime) - (client0.ru_utime + client0.ru_stime)
        stop.set()
        for thread in threads:
            thread.join(timeout=args.timeout + 5)
        hung = sum(t.is_alive() for t in threads)
        if profiler:
            try:
                profiler[0].wait(timeout=60)
            except subprocess.TimeoutExpired:
                profiler[0].kill()
        floor = (
            measure_floor(port, args.learners, args.floor, proc.pid, args.timeout)
            if args.floor > 0
            else None
        )
    finally:
        server.stop()

    window = clock["measure_to"] - clock["measure_from"]
    rate = stats.answered_in_window / window if window > 0 else 0.0
    banner("figures")
    print(
        f"measured window      : {window:.1f} s after {args.warmup:.0f} s warm-up "
        f"({args.learners} learners, think {args.think_ms:.0f} ms)"
    )
    print(
        f"reviews answered     : {stats.answered_in_window} in the window "
        f"({len(stats.acknowledged)} acknowledged in all)   kinds {dict(stats.kinds)}"
    )
    print(f"throughput           : {rate:.1f} reviews/s (answer POST + next-card GET each)")
    print(f"answer POST latency  : {fmt_summary(stats.answer_ms, with_p99=True)}")
    print(f"card GET latency     : {fmt_summary(stats.card_ms, with_p99=True)}")
    print(f"full cycle latency   : {fmt_summary(stats.cycle_ms, with_p99=True)}")
    print(
        f"CPU in the window    : server {server_cpu:.1f} s ({100 * server_cpu / window:.0f}% of "
        f"one core), client {client_cpu:.1f} s ({100 * client_cpu / window:.0f}%), "
        f"{os.cpu_count()} cores; load avg now {os.getloadavg()[0]:.2f}"
    )
    if stats.answered_in_window:
        print(f"server CPU per review: {1000 * server_cpu / stats.answered_in_window:.2f} ms")
    print(
        f"errors               : {sum(stats.errors.values())} {dict(stats.errors.most_common(6))}"
    )
    if stats.done_learners or hung:
        print(f"learners done early  : {stats.done_learners}; client threads still hung: {hung}")

    banner("durability: database rows vs what the clients saw")
    figures = reconcile(database_url, stats)
    print(f"review_logs rows                  : {figures['rows']}")
    print(f"answers acknowledged to clients   : {figures['acknowledged']}")
    print(f"lost (acknowledged, no row)       : {figures['lost']}")
    print(f"unacknowledged rows               : {figures['unacknowledged']}")
    print(f"doubled: tokens with 2+ rows      : {figures['tokens_with_two_rows']}")
    print(
        f"retried POSTs (same token)        : {stats.retries} sent, {stats.retries_ok} "
        f"answered as duplicate with the same log id, {stats.retries_not_duplicate} counted again"
    )

    answer = summary(stats.answer_ms)
    cpu_ms = 1000 * server_cpu / stats.answered_in_window if stats.answered_in_window else None
    met = (
        rate >= TARGET_RATE
        and answer["p95"] < TARGET_P95_MS
        and cpu_ms is not None
        and cpu_ms <= TARGET_CPU_MS
    )
    banner(
        f"against the target (>= {TARGET_RATE:.0f} reviews/s, server CPU <= {TARGET_CPU_MS} ms "
        f"per review, answer p95 < {TARGET_P95_MS:.0f} ms)"
    )
    print(
        f"throughput {rate:.0f}/s = {rate / TARGET_RATE:.2f}x target; answer p95 "
        f"{answer['p95']:.1f} ms; server CPU {cpu_ms or 0:.2f} ms/review: "
        f"{'MET' if met else 'NOT MET'}"
    )
    if floor:
        floor_rate, floor_ms, floor_cpu = floor
        banner(f"floor: GET /healthz from {args.learners} clients for {args.floor:.0f} s")
        print(f"requests/s           : {floor_rate:.0f}")
        print(f"latency              : {fmt_summary(floor_ms, with_p99=True)}")
        print(f"server CPU / request : {1000 * floor_cpu:.2f} ms")
        print(
            f"=> a review is two heavier requests, so this stack cannot exceed "
            f"~{floor_rate / 2:.0f} reviews/s here"
        )
    if profiler:
        banner("profile of the gunicorn workers (py-spy, measured window)")
        err = profiler[0].stderr.read().decode()[-500:] if profiler[0].stderr else ""
        report_profile(profiler[1], args.profile_top)
        if "rror" in err:
            print(f"  py-spy said: {err.strip()}")
        print(f"  raw stacks: {profiler[1]}{'' if args.keep else ' (deleted; use --keep)'}")
    if args.json:
        print(
            json.dumps(
                {
                    "server": args.server,
                    "backend": args.backend,
                    "learners": args.learners,
                    "workers": args.workers,
                    "threads": args.threads,
                    "reviews_per_s": round(rate, 1),
                    "server_cpu_ms_per_review": round(cpu_ms, 3) if cpu_ms else None,
                    "answer_p50_ms": round(answer["p50"], 1),
                    "answer_p95_ms": round(answer["p95"], 1),
                    "card_p95_ms": round(summary(stats.card_ms)["p95"], 1),
                    "lost": figures["lost"],
                    "doubled": figures["tokens_with_two_rows"] + stats.retries_not_duplicate,
                    "unacknowledged": figures["unacknowledged"],
                    "errors": sum(stats.errors.values()),
                    "floor_requests_per_s": round(floor[0], 1) if floor else None,
                    "load_average": round(os.getloadavg()[0], 2),
                    "target_met": met,
                }
            )
        )
    ok = (
        figures["lost"] == 0
        and figures["tokens_with_two_rows"] == 0
        and not stats.retries_not_duplicate
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    header("review_http: gunicorn + concurrent learners on 127.0.0.1")
    print(f"load avg: {os.getloadavg()[0]:.2f} (other work on this machine skews the figures)")
    folder = tempfile.mkdtemp(prefix="bench_http_")
    try:
        if args.backend == "postgres":
            with pg_database("http", args.pg_url, keep=args.keep) as url:
                return run(args, url, folder)
        return run(args, f"sqlite:///{folder}/trainer.sqlite3", folder)
    finally:
        if args.keep:
            print(f"(kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
