"""Does picking a learner's next card stay fast as the database grows?

One learner (the shipped bank's items as their cards, in a fixed mix of review / learning / new,
with a review history including today's answers) is measured twice in the same database:

    small   --cards-small card states in all (default 10k) and --reviews-small review rows (100k)
    large   grown to --cards-large card states (1M) and --reviews-large review rows (10M)

The other rows belong to other learners (as many as needed at one card per bank item each). The
learner's own rows are identical in both sizes, so any slow-down comes from the table sizes.

Measured at each size (each call in its own app context, i.e. a fresh session, then rolled back):
`trainer.services.learning.study_queue.next_card(user, now)` and
`study_queue.counts(user, now)` (which every card request also runs), and each raw SQL statement
next_card issues, re-run through the driver.
Printed: p50/p95 per size, the large/small ratio (target <= 1.5x), and EXPLAIN plans showing which
indexes are used.

Data are generated in the database (PostgreSQL: INSERT ... SELECT generate_series, secondary
indexes dropped during the load and rebuilt after, FK triggers off for the load session; SQLite:
a recursive CTE). Loading 1M cards + 10M reviews on PostgreSQL takes a few minutes on 2 cores:
see bench/README.md for measured times, and use --quick for a ~1 minute run.

    .venv/bin/python bench/due_scaling.py --quick
    .venv/bin/python bench/due_scaling.py                     # 10k vs 1M cards, 10M reviews
    .venv/bin/python bench/due_scaling.py --backend sqlite --cards-large 200000 \
        --reviews-large 2000000
"""

# The SQL below is assembled from integers and fixed fragments of this file, never from input.
# ruff: noqa: S608

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    DEFAULT_PG_URL,
    add_learners,
    banner,
    create_schema,
    header,
    import_bank,
    make_app,
    pg_database,
    summary,
)

TARGET_RATIO = 1.5
BATCH_ROWS = 1_000_000
QUICK = {
    "cards_small": 10_000,
    "reviews_small": 100_000,
    "cards_large": 100_000,
    "reviews_large": 1_000_000,
}


class Loader:
    """Generates rows inside the database, PostgreSQL or SQLite."""

    def __init__(self, engine, now: datetime):
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.now = now
        self.q = 0  # bank questions
        self.other_users_from = 0  # id of the first "other" learner
        self.users = 0  # other learners so far
        self.cards_from = 0  # id of the first other learner's card
        self.cards = 0  # other learners' cards so far
        self.reviews = 0  # other learners' reviews so far

    # -- dialect pieces -------------------------------------------------------------------------
    def ts(self, seconds_expr: str) -> str:
        """SQL for `now + seconds_expr seconds`, stored the way UTCDateTime stores it."""
        if self.pg:
            return f"(CAST(:now AS timestamptz) + ({seconds_expr}) * interval '1 second')"
        return f"(strftime('%Y-%m-%d %H:%M:%S', :now, ({seconds_expr}) || ' seconds') || '.000000')"

    def series(self, start: int, stop: int) -> tuple[str, str]:
        """(prefix, source) giving rows g = start .. stop-1."""
        if self.pg:
            return "", f"generate_series({start}::bigint, {stop - 1}::bigint) AS s(g)"
        return (
            f"WITH RECURSIVE s(g) AS (SELECT {start} UNION ALL SELECT g + 1 FROM s "
            f"WHERE g + 1 < {stop}) ",
            "s",
        )

    def now_param(self) -> str:
        return self.now.isoformat() if self.pg else self.now.strftime("%Y-%m-%d %H:%M:%S")

    def run(self, conn, sql: str, **params) -> None:
        from sqlalchemy import text

        conn.execute(text(sql), {"now": self.now_param(), **params})

    def begin_load(self, conn) -> None:
        from sqlalchemy import text

        if self.pg:
            conn.execute(text("SET session_replication_role = replica"))  # no FK triggers
            conn.execute(text("SET synchronous_commit = off"))
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")

    def end_load(self, conn) -> None:
        if self.pg:
            conn.exec_driver_sql("RESET session_replication_role")
            conn.exec_driver_sql("RESET synchronous_commit")
            conn.exec_driver_sql("RESET maintenance_work_mem")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")

    def secondary_indexes(self, conn, table: str) -> list[tuple[str, str]]:
        """(drop, create) statements for the table's non-primary indexes and unique keys."""
        from sqlalchemy import text

        if not self.pg:
            rows = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                    "AND sql IS NOT NULL"
                ),
                {"t": table},
            ).all()
            return [(f'DROP INDEX "{name}"', sql) for name, sql in rows]
        out = []
        for name, definition in conn.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass) AND contype = 'u'"
            ),
            {"t": table},
        ):
            out.append(
                (
                    f'ALTER TABLE {table} DROP CONSTRAINT "{name}"',
                    f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}',
                )
            )
        for name, definition in conn.execute(
            text(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = :t "
                "AND i.indexname NOT IN "
                "(SELECT CAST(conindid AS regclass)::text FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass))"
            ),
            {"t": table},
        ):
            out.append((f'DROP INDEX "{name}"', definition))
        return out

    # -- the rows -------------------------------------------------------------------------------
    def prepare(self, conn) -> None:
        self.run(
            conn,
            "CREATE TABLE bench_qmap (idx INTEGER PRIMARY KEY, question_id INTEGER, "
            "version_id INTEGER)",
        )
        rows = conn.exec_driver_sql(
            "SELECT id, current_version_id FROM questions ORDER BY id"
        ).all()
        from sqlalchemy import text

        conn.execute(
            text("INSERT INTO bench_qmap VALUES (:i, :q, :v)"),
            [{"i": i, "q": q, "v": v} for i, (q, v) in enumerate(rows)],
        )
        self.q = len(rows)

    def target_learner(self, conn, user_id: int) -> tuple[int, int]:
        """The measured learner: ~90% of the bank as cards in a fixed mix, and a history."""
        day = 86400
        state = (
            "CASE WHEN idx % 10 < 6 THEN 2 WHEN idx % 10 = 6 THEN 1 WHEN idx % 10 = 7 "
            "THEN 3 ELSE 0 END"
        )
        due = (
            f"CASE WHEN idx % 10 < 6 THEN ((idx * 37) % 60 - 40) * {day} "
            f"WHEN idx % 10 IN (6, 7) THEN (idx % 30 - 20) * 60 ELSE 0 END"
        )
        self.run(
            conn,
            f"""
            INSERT INTO card_states (user_id, question_id, state, step, stability, difficulty, due,
                last_review, reps, lapses, suspended, leech, created_at)
            SELECT :u, question_id, {state}, CASE WHEN idx % 10 IN (6, 7) THEN 0 END,
                CASE WHEN idx % 10 < 8 THEN 5.0 + idx % 20 END,
                CASE WHEN idx % 10 < 8 THEN 3.0 + idx % 5 END,
                {self.ts(due)},
                CASE WHEN idx % 10 < 8 THEN {self.ts(f"({due}) - 12 * {day}")} END,
                CASE WHEN idx % 10 < 8 THEN 3 + idx % 9 ELSE 0 END, idx % 3 / 2,
                {"false" if self.pg else "0"}, {"false" if self.pg else "0"},
                {self.ts(f"-200 * {day}")}
            FROM bench_qmap WHERE idx % 10 <> 9 ORDER BY idx""",
            u=user_id,
        )
        cards = conn.exec_driver_sql(
            f"SELECT count(*) FROM card_states WHERE user_id = {user_id}"
        ).scalar()
        # 20 past answers per started card, plus 30 today (some new, mostly reviews).
        when = f"CASE WHEN g < 30 THEN -(g * 60) - 60 ELSE -((g % 180) + 2) * {day} END"
        prefix, source = self.series(0, 20 * cards + 30)
        self.run(
            conn,
            f"""
            {prefix}INSERT INTO review_logs (user_id, card_id, question_version_id, rating,
                reviewed_at, duration_ms, state_before, previous_state, presentation_token)
            SELECT :u, c.id, q.version_id, 1 + g % 4,
                {self.ts(when)},
                4000 + g % 9000, '{{"state": 2}}', CASE WHEN g < 30 AND g % 3 = 0 THEN 0 ELSE 2 END,
                't' || g
            FROM {source}
            JOIN card_states c ON c.user_id = :u AND c.id = (SELECT min(id) FROM card_states
                WHERE user_id = :u) + g % {cards}
            JOIN bench_qmap q ON q.question_id = c.question_id""",
            u=user_id,
        )
        return cards, 20 * cards + 30

    def grow(self, conn, cards_total: int, reviews_total: int, progress) -> None:
        """Add other learners' cards and reviews up to the totals (the learner's included)."""
        have_cards = conn.exec_driver_sql("SELECT count(*) FROM card_states").scalar()
        have_reviews = conn.exec_driver_sql("SELECT count(*) FROM review_logs").scalar()
        add_cards = max(0, cards_total - have_cards)
        add_reviews = max(0, reviews_total - have_reviews)
        day = 86400

        # users: one per bank's worth of cards
        need_users = math.ceil((self.cards + add_cards) / self.q) - self.users
        if need_users > 0:
            prefix, source = self.series(self.users, self.users + need_users)
            self.run(
                conn,
                f"""
                {prefix}INSERT INTO users (email, display_name, password_hash, active, site_role,
                    created_at, updated_at, password_changed_at)
                SELECT 'bulk' || g || '@bench.example', 'Bulk ' || g, 'x',
                    {"true" if self.pg else "1"}, NULL, {self.ts("0")}, {self.ts("0")},
                    {self.ts("0")}
                FROM {source} ORDER BY g""",
            )
            if not self.other_users_from:
                self.other_users_from = conn.exec_driver_sql(
                    "SELECT min(id) FROM users WHERE substr(email, 1, 4) = 'bulk'"
                ).scalar()
            self.users += need_users
            last = conn.exec_driver_sql("SELECT max(id) FROM users").scalar()
            if last != self.other_users_from + self.users - 1:
                raise RuntimeError("generated user ids are not contiguous")
        progress(f"users: {self.users} other learners")

        start = self.cards
        while start < self.cards + add_cards:
            stop = min(start + BATCH_ROWS, self.cards + add_cards)
            prefix, source = self.series(start, stop)
            h = "((g * 2654435761) % 1000003)"
            state = (
                f"CASE WHEN {h} % 100 < 70 THEN 2 WHEN {h} % 100 < 80 THEN 1 "
                f"WHEN {h} % 100 < 85 THEN 3 ELSE 0 END"
            )
            self.run(
                conn,
                f"""
                {prefix}INSERT INTO card_states (user_id, question_id, state, step, stability,
                    difficulty, due, last_review, reps, lapses, suspended, leech, created_at)
                SELECT {self.other_users_from} + g / {self.q}, q.question_id, {state},
                    CASE WHEN {h} % 100 BETWEEN 70 AND 84 THEN 0 END,
                    CASE WHEN {h} % 100 < 85 THEN 1.0 + {h} % 50 END,
                    CASE WHEN {h} % 100 < 85 THEN 1.0 + {h} % 9 END,
                    {self.ts(f"(({h} % 120) - 30) * {day} + {h} % 3600")},
                    CASE WHEN {h} % 100 < 85 THEN {self.ts(f"-({h} % 60 + 1) * {day}")} END,
                    CASE WHEN {h} % 100 < 85 THEN 1 + {h} % 30 ELSE 0 END, {h} % 4,
                    {h} % 97 = 0, {"false" if self.pg else "0"}, {self.ts(f"-400 * {day}")}
                FROM {source} JOIN bench_qmap q ON q.idx = g % {self.q} ORDER BY g""",
            )
            if not self.cards_from:
                self.cards_from = conn.exec_driver_sql(
                    f"SELECT min(id) FROM card_states WHERE user_id >= {self.other_users_from}"
                ).scalar()
            progress(f"card_states: other learners' cards {start:,} .. {stop - 1:,}")
            start = stop
        self.cards += add_cards
        last = conn.exec_driver_sql("SELECT max(id) FROM card_states").scalar()
        if last != self.cards_from + self.cards - 1:
            raise RuntimeError("generated card ids are not contiguous")

        start = self.reviews
        while start < self.reviews + add_reviews:
            stop = min(start + BATCH_ROWS, self.reviews + add_reviews)
            prefix, source = self.series(start, stop)
            h = "((g * 2654435761) % 1000003)"
            self.run(
                conn,
                f"""
                {prefix}INSERT INTO review_logs (user_id, card_id, question_version_id, rating,
                    reviewed_at, duration_ms, state_before, previous_state, presentation_token)
                SELECT c.user_id, c.id, q.version_id, 1 + {h} % 4,
                    {self.ts("-((g * 7919) % 31536000) - 3600")}, 3000 + {h} % 20000,
                    '{{"state": 2}}', {h} % 3, 'g' || g
                FROM {source}
                JOIN card_states c ON c.id = {self.cards_from} + (g * 7) % {self.cards}
                JOIN bench_qmap q ON q.question_id = c.question_id""",
            )
            progress(f"review_logs: other learners' reviews {start:,} .. {stop - 1:,}")
            start = stop
        self.reviews += add_reviews


def load(app, loader: Loader, cards: int, reviews: int) -> float:
    """Grow the database to the sizes (indexes dropped during the load, rebuilt after)."""
    from trainer.extensions import db

    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    with app.app_context(), db.engine.connect() as conn:
        loader.begin_load(conn)
        rebuild = []
        for table in ("card_states", "review_logs"):
            for drop, create in loader.secondary_indexes(conn, table):
                conn.exec_driver_sql(drop)
                rebuild.append(create)
        loader.grow(conn, cards, reviews, progress)
        conn.commit()
        for create in rebuild:
            conn.exec_driver_sql(create)
            conn.commit()
        progress(f"rebuilt {len(rebuild)} secondary indexes / unique keys")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        if loader.pg:
            conn.exec_driver_sql("CHECKPOINT")
        counts = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM card_states), (SELECT count(*) FROM review_logs)"
        ).one()
        loader.end_load(conn)
        progress(f"analyzed; now {counts[0]:,} card_states, {counts[1]:,} review_logs")
    return time.perf_counter() - started


def measure(app, user_id: int, now: datetime, args) -> dict:
    """Time next_card and counts, capture next_card's SQL, time it raw, EXPLAIN it."""
    from sqlalchemy import event

    from trainer.extensions import db
    from trainer.services.learning import study_queue

    out: dict = {"next": [], "counts": [], "sql": []}
    with app.app_context():
        engine = db.engine
    for name, call in (("next", study_queue.next_card), ("counts", study_queue.counts)):
        for n in range(args.warmup + args.repeat):
            with app.app_context():
                t0 = time.perf_counter()
                result = call(user_id, now)
                elapsed = time.perf_counter() - t0
                if name == "next":
                    out["kind"] = result.kind if result else None
                else:
                    out["count_values"] = result
                db.session.rollback()
            if n >= args.warmup:
                out[name].append(elapsed * 1000)

    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with app.app_context():
            study_queue.next_card(user_id, now)
            db.session.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", capture)

    with engine.connect() as conn:
        for statement, parameters in captured:
            times = []
            for _ in range(args.sql_repeat):
                t0 = time.perf_counter()
                conn.exec_driver_sql(statement, parameters).all()
                times.append((time.perf_counter() - t0) * 1000)
            if engine.dialect.name == "postgresql":
                plan = (
                    conn.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters
                    )
                    .scalars()
                    .all()
                )
            else:
                plan = [
                    f"{row[0]}<-{row[1]} {row[3]}"
                    for row in conn.exec_driver_sql(
                        "EXPLAIN QUERY PLAN " + statement, parameters
                    ).all()
                ]
            out["sql"].append({"statement": " ".join(statement.split()), "ms": times, "plan": plan})
        conn.rollback()
    return out


def label_of(statement: str) -> str:
    s = statement.lower()
    if "from study_settings" in s:
        return "load_settings"
    if "from topics" in s and "join" not in s:
        return "scope: topics"
    if "count(review_logs.id)" in s:
        return "_done_today (daily limits)"
    if "order by card_states.due" in s and "limit" in s and "card_states.state in" not in s:
        return "review window (due reviews)"
    if "card_states.state in" in s:
        return "first learning card"
    if "not (exists" in s or "not exists" in s:
        return "next new question"
    return statement[:40]


def print_size(name: str, cards: int, reviews: int, figures: dict) -> None:
    n, c = summary(figures["next"]), summary(figures["counts"])
    print(f"\n{name}: {cards:,} card_states, {reviews:,} review_logs")
    print(
        f"  next_card  p50 {n['p50']:7.3f}  p95 {n['p95']:7.3f}  mean {n['mean']:7.3f} ms  "
        f"(returns a {figures['kind']} card)"
    )
    print(
        f"  counts     p50 {c['p50']:7.3f}  p95 {c['p95']:7.3f}  mean {c['mean']:7.3f} ms  "
        f"({figures['count_values']})"
    )
    for entry in figures["sql"]:
        s = summary(entry["ms"])
        print(
            f"    raw SQL  p50 {s['p50']:7.3f}  p95 {s['p95']:7.3f} ms  "
            f"{label_of(entry['statement'])}"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="next_card query time for one learner with a small and a large database "
        "(card_states and review_logs of many other learners); prints the ratio and plans.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="admin URL for the scratch db")
    parser.add_argument("--cards-small", type=int, default=10_000)
    parser.add_argument("--reviews-small", type=int, default=100_000)
    parser.add_argument("--cards-large", type=int, default=1_000_000)
    parser.add_argument("--reviews-large", type=int, default=10_000_000)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="10k -> 100k cards, 100k -> 1M reviews (about a minute)",
    )
    parser.add_argument("--repeat", type=int, default=200, help="timed calls per size")
    parser.add_argument("--warmup", type=int, default=20, help="untimed calls first")
    parser.add_argument("--sql-repeat", type=int, default=50, help="timed runs per raw statement")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, value)
    if not (
        0 < args.cards_small <= args.cards_large and 0 < args.reviews_small <= args.reviews_large
    ):
        parser.error("sizes must be positive and small <= large")
    if args.cards_large > 20_000_000 or args.reviews_large > 100_000_000:
        parser.error("refusing sizes above 20M cards / 100M reviews on this machine")
    return args


def run(args, database_url: str) -> int:
    from sqlalchemy import text

    from trainer.extensions import db

    started = time.perf_counter()
    app = make_app(database_url)
    create_schema(app)
    import_bank(app)
    (user_id,) = add_learners(app, 1, prefix="target", heavy=False)
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        loader = Loader(db.engine, now)
        with db.engine.connect() as conn:
            loader.prepare(conn)
            own_cards, own_reviews = loader.target_learner(conn, user_id)
            conn.commit()
    print(
        f"setup   : schema, bank ({loader.q} questions), learner #{user_id} with {own_cards} "
        f"cards and {own_reviews} reviews (30 today); {time.perf_counter() - started:.1f} s"
    )

    banner(f"load small: {args.cards_small:,} cards, {args.reviews_small:,} reviews")
    small_load = load(app, loader, args.cards_small, args.reviews_small)
    small = measure(app, user_id, now, args)
    banner(f"load large: {args.cards_large:,} cards, {args.reviews_large:,} reviews")
    large_load = load(app, loader, args.cards_large, args.reviews_large)
    large = measure(app, user_id, now, args)
    with app.app_context():
        sizes = db.session.execute(
            text("SELECT (SELECT count(*) FROM card_states), (SELECT count(*) FROM review_logs)")
        ).one()
        db.engine.dispose()

    banner("figures (ms per call, one learner)")
    print(
        f"load times: small {small_load:.1f} s, large {large_load:.1f} s; "
        f"total run so far {time.perf_counter() - started:.1f} s"
    )
    print_size("small", args.cards_small, args.reviews_small, small)
    print_size("large", sizes[0], sizes[1], large)
    ns, nl = summary(small["next"]), summary(large["next"])
    cs, cl = summary(small["counts"]), summary(large["counts"])
    ratio50, ratio95 = nl["p50"] / ns["p50"], nl["p95"] / ns["p95"]
    banner(f"ratio large / small (target <= {TARGET_RATIO}x)")
    print(
        f"  next_card  p50 {ratio50:.2f}x   p95 {ratio95:.2f}x   "
        f"{'MET' if ratio50 <= TARGET_RATIO and ratio95 <= TARGET_RATIO else 'NOT MET'}"
    )
    print(f"  counts     p50 {cl['p50'] / cs['p50']:.2f}x   p95 {cl['p95'] / cs['p95']:.2f}x")
    for a, b in zip(small["sql"], large["sql"], strict=False):
        ra = summary(b["ms"])["p50"] / summary(a["ms"])["p50"]
        print(f"    raw SQL  p50 {ra:5.2f}x  {label_of(a['statement'])}")

    banner("EXPLAIN of next_card's statements at the large size")
    for entry in large["sql"]:
        print(f"\n-- {label_of(entry['statement'])}\n-- {entry['statement'][:400]}")
        for line in entry["plan"]:
            print(f"   {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    header("due_scaling: next-card query time, small vs large database")
    print(f"load avg: {os.getloadavg()[0]:.2f} (other work on this machine skews the figures)")
    if args.backend == "postgres":
        with pg_database("scale", args.pg_url, keep=args.keep) as url:
            return run(args, url)
    folder = tempfile.mkdtemp(prefix="bench_scale_")
    try:
        return run(args, f"sqlite:///{folder}/trainer.sqlite3")
    finally:
        if args.keep:
            print(f"(kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
