"""One learner's durable review loop, ours (service level) against Anki's own scheduler.

Ours: the real app on a SQLite file (WAL, SQLITE_SYNCHRONOUS=FULL) and on a scratch PostgreSQL
database, schema by `flask db upgrade`, the shipped question bank imported, one learner with the
daily limits lifted. One review = what the two study requests do in the services:

    fetch   study_queue.next_card + study.present + commit   (GET /study/card, minus HTML)
    answer  study.answer: load card, grade, schedule (FSRS), write review_logs, commit

each in its own app context (a fresh database session, as in a request). The clock is simulated
(`--think` seconds per answer) so that learning and review cards come due as in real study.

Anki: the official `anki` package (Rust backend, v3 scheduler, FSRS switched on unless
`--anki-sm2`), a collection in a temp dir with one Basic note per bank item. One review =

    fetch   col.sched.get_queued_cards() + Card(col, backend_card=...)
    answer  col.sched.build_answer(card, states, rating) + col.sched.answer_card(answer)

exactly as Anki's reviewer does. `answer_card` is an undoable backend operation that commits its
own SQLite transaction (the collection's `save()` is a no-op, "saving is automatic"); the
collection runs journal_mode=WAL, synchronous=FULL (printed below), so both sides fsync per review.

Ratings: each answer is right with probability `--p-right` (objective items get a right or a wrong
response and are graded; flashcards and Anki get Good or Again).

    .venv/bin/python bench/review_loop.py                 # ~20 s
    .venv/bin/python bench/review_loop.py --reviews 1000 --backends sqlite,anki
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
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
    learner_response,
    make_app,
    pg_database,
    shipped_bank,
    summary,
)

SECRET = "bench-secret-not-secret"  # noqa: S105 - scratch app only
BACKENDS = ("sqlite", "postgres", "anki")


class Run:
    def __init__(self, label: str):
        self.label = label
        self.fetch: list[float] = []
        self.answer: list[float] = []
        self.total: list[float] = []
        self.kinds: Counter[str] = Counter()
        self.notes: list[str] = []
        self.error: str | None = None

    def add(self, fetch_s: float, answer_s: float, kind: str) -> None:
        self.fetch.append(fetch_s * 1000)
        self.answer.append(answer_s * 1000)
        self.total.append((fetch_s + answer_s) * 1000)
        self.kinds[kind] += 1


# --- ours ---------------------------------------------------------------------------------------


def run_ours(label: str, database_url: str, args, **overrides) -> Run:
    from sqlalchemy import event, func, select, text

    from trainer.extensions import db
    from trainer.models import ReviewLog
    from trainer.services.learning import study, study_queue

    run = Run(label)
    started = time.perf_counter()
    app = make_app(database_url, SECRET_KEY=SECRET, **overrides)
    create_schema(app)
    bank = import_bank(app, args.cards)
    (user_id,) = add_learners(app, 1, prefix=f"loop-{label}")
    analyze(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:
                mode = conn.execute(text("PRAGMA journal_mode")).scalar()
                sync = conn.execute(text("PRAGMA synchronous")).scalar()
            run.notes.append(f"journal_mode={mode}, synchronous={sync} (2 = FULL)")
        else:
            with db.engine.connect() as conn:
                fsync = conn.execute(text("SHOW fsync")).scalar()
                commit = conn.execute(text("SHOW synchronous_commit")).scalar()
                wal_sync = conn.execute(text("SHOW wal_sync_method")).scalar()
            run.notes.append(
                f"fsync={fsync}, synchronous_commit={commit}, wal_sync_method={wal_sync}"
            )
    run.notes.append(f"{len(bank.items)} bank items; setup {time.perf_counter() - started:.1f} s")

    statements = [0]
    sql_time: dict[str, list[float]] = {}  # statement -> [count, seconds] (with --sql-profile)

    def before(_conn, _cursor, _statement, _params, context, _many) -> None:
        statements[0] += 1
        context._bench_started = time.perf_counter()

    def after(_conn, _cursor, statement, _params, context, _many) -> None:
        entry = sql_time.setdefault(" ".join(statement.split()), [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - context._bench_started

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        if args.sql_profile:
            event.listen(db.engine, "after_cursor_execute", after)
    fetch_sql = answer_sql = 0

    rng = random.Random(args.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    think = timedelta(seconds=args.think)
    for n in range(args.warmup + args.reviews):
        before = statements[0]
        t0 = time.perf_counter()
        with app.app_context():
            nxt = study_queue.next_card(user_id, now)
            if nxt is None:
                run.notes.append(f"queue empty after {n} reviews")
                break
            presented = study.present(user_id, nxt.card, nxt.kind, now, SECRET)
            db.session.commit()
        t1 = time.perf_counter()
        middle = statements[0]
        response, _right = learner_response(presented.content, rng, args.p_right)
        now += think
        with app.app_context():
            outcome = study.answer(
                user_id, presented.token, response, now, SECRET, duration_ms=int(args.think * 1000)
            )
        t2 = time.perf_counter()
        if outcome.duplicate:
            raise RuntimeError("a fresh token was answered as a duplicate")
        if n >= args.warmup:
            run.add(t1 - t0, t2 - t1, nxt.kind)
            fetch_sql += middle - before
            answer_sql += statements[0] - middle
    if run.total:
        run.notes.append(
            f"SQL statements per review: fetch {fetch_sql / len(run.total):.1f}, "
            f"answer {answer_sql / len(run.total):.1f} (BEGIN/COMMIT not counted)"
        )
    if args.sql_profile:
        total = sum(seconds for _n, seconds in sql_time.values())
        run.notes.append(
            f"SQL time (all runs incl. warm-up and setup): {total * 1000:.0f} ms; top:"
        )
        for statement, (calls, seconds) in sorted(
            sql_time.items(), key=lambda kv: kv[1][1], reverse=True
        )[: args.sql_profile]:
            run.notes.append(
                f"  {seconds * 1000:8.1f} ms {calls:5d}x {seconds / calls * 1000:6.2f} ms  "
                f"{statement[:150]}"
            )

    with app.app_context():
        logged = db.session.execute(select(func.count(ReviewLog.id))).scalar_one()
        run.notes.append(f"review_logs rows after the run: {logged}")
        db.engine.dispose()
    return run


# --- Anki ---------------------------------------------------------------------------------------


def run_anki(args) -> Run:
    run = Run("anki")
    try:
        import anki.collection  # before anki.cards, which imports it circularly
        from anki.buildinfo import version as anki_version
        from anki.cards import Card
        from anki.scheduler_pb2 import CardAnswer
    except Exception as error:  # noqa: BLE001 - any import failure means "no Anki here"
        run.error = (
            f"the `anki` package is not importable ({type(error).__name__}: {error}); "
            "install it with `.venv/bin/pip install -e '.[bench]'`"
        )
        return run

    started = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="bench_anki_")
    try:
        col = anki.collection.Collection(os.path.join(folder, "collection.anki2"))
        if not args.anki_sm2:
            col.set_config("fsrs", True)
        deck_id = col.decks.id("Default")
        conf = col.decks.get_config(int(col.decks.get(deck_id)["conf"]))
        conf["new"]["perDay"] = conf["rev"]["perDay"] = 9999  # Anki's maximum
        col.decks.update_config(conf)
        limits = col.decks.config_dict_for_deck_id(deck_id)
        if limits["new"]["perDay"] != 9999:
            raise RuntimeError("could not lift Anki's daily new-card limit")
        model = col.models.by_name("Basic")
        items = shipped_bank().items[: args.cards] if args.cards else shipped_bank().items
        for item in items:
            note = col.new_note(model)
            note["Front"] = item.prompt
            note["Back"] = item.id
            col.add_note(note, deck_id)
        mode = col.db.scalar("pragma journal_mode")
        sync = col.db.scalar("pragma synchronous")
        run.notes.append(
            f"anki {anki_version}, v3 scheduler={col.v3_scheduler()}, "
            f"FSRS={'on' if col.get_config('fsrs', False) else 'off (SM-2)'}"
        )
        run.notes.append(
            f"journal_mode={mode}, synchronous={sync} (2 = FULL); answer_card commits itself "
            "(col.save() is a deprecated no-op), so no extra save call is made"
        )
        run.notes.append(f"{len(items)} notes; setup {time.perf_counter() - started:.1f} s")

        rng = random.Random(args.seed)
        queue_names = {0: "new", 1: "learning", 2: "review", 3: "learning"}
        for n in range(args.warmup + args.reviews):
            t0 = time.perf_counter()
            queued = col.sched.get_queued_cards()
            if not queued.cards:
                run.notes.append(f"queue empty after {n} reviews")
                break
            top = queued.cards[0]
            card = Card(col, backend_card=top.card)
            card.start_timer()
            t1 = time.perf_counter()
            rating = CardAnswer.GOOD if rng.random() < args.p_right else CardAnswer.AGAIN
            col.sched.answer_card(
                col.sched.build_answer(card=card, states=top.states, rating=rating)
            )
            t2 = time.perf_counter()
            if n >= args.warmup:
                run.add(t1 - t0, t2 - t1, queue_names.get(int(top.card.queue), str(top.card.queue)))
        run.notes.append(
            f"revlog rows after the run: {col.db.scalar('SELECT count() FROM revlog')}"  # noqa: S608
        )
        col.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return run


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time K durable reviews (fetch next card + answer + commit) for one learner: "
        "ours on SQLite (WAL, synchronous=FULL) and PostgreSQL, and Anki's scheduler.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--reviews", "-k", type=int, default=300, help="timed reviews per backend")
    parser.add_argument("--warmup", type=int, default=20, help="untimed reviews first")
    parser.add_argument(
        "--cards",
        "-n",
        type=int,
        default=None,
        help="bank items to import / notes to add (default: the whole shipped bank)",
    )
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help=f"comma-separated subset of {', '.join(BACKENDS)}",
    )
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="admin URL for scratch databases")
    parser.add_argument(
        "--sqlite-synchronous",
        default="FULL",
        choices=["OFF", "NORMAL", "FULL", "EXTRA"],
        help="SQLITE_SYNCHRONOUS for our SQLite run",
    )
    parser.add_argument("--think", type=float, default=10.0, help="simulated seconds per answer")
    parser.add_argument("--p-right", type=float, default=0.85, help="share of right answers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anki-sm2", action="store_true", help="leave Anki on SM-2, not FSRS")
    parser.add_argument(
        "--sql-profile",
        type=int,
        default=0,
        metavar="N",
        help="also time every SQL statement and print the N most expensive (adds overhead)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database / files")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(args.backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if args.reviews < 1 or args.warmup < 0:
        parser.error("--reviews must be >= 1 and --warmup >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    header("review_loop: durable reviews, ours vs Anki")
    print(
        f"reviews : {args.reviews} timed (+{args.warmup} warm-up) per backend, "
        f"p_right={args.p_right}, think={args.think}s (simulated clock for ours)"
    )
    runs: list[Run] = []
    for backend in args.backends:
        started = time.perf_counter()
        if backend == "sqlite":
            folder = tempfile.mkdtemp(prefix="bench_loop_")
            try:
                url = f"sqlite:///{folder}/trainer.sqlite3"
                runs.append(
                    run_ours(
                        f"ours-sqlite-{args.sqlite_synchronous.lower()}",
                        url,
                        args,
                        SQLITE_SYNCHRONOUS=args.sqlite_synchronous,
                    )
                )
            finally:
                if not args.keep:
                    shutil.rmtree(folder, ignore_errors=True)
        elif backend == "postgres":
            try:
                with pg_database("loop", args.pg_url, keep=args.keep) as url:
                    runs.append(run_ours("ours-postgres", url, args))
            except Exception as error:  # noqa: BLE001 - report and go on with the others
                failed = Run("ours-postgres")
                failed.error = f"PostgreSQL run failed: {type(error).__name__}: {error}"
                runs.append(failed)
        else:
            runs.append(run_anki(args))
        print(f"  {runs[-1].label}: done in {time.perf_counter() - started:.1f} s", flush=True)

    banner(
        "figures (ms per review; fetch = next card + present, answer = grade + schedule + "
        "log + commit)"
    )
    for run in runs:
        print(f"\n{run.label}")
        if run.error:
            print(f"  NOT RUN: {run.error}")
            continue
        for note in run.notes:
            print(f"  {note}")
        print(f"  kinds   {dict(run.kinds)}")
        print(f"  fetch   {fmt_summary(run.fetch)}")
        print(f"  answer  {fmt_summary(run.answer)}")
        print(f"  review  {fmt_summary(run.total)}")
        mean = summary(run.total)["mean"]
        if run.total:
            print(f"  => {mean:.2f} ms/review mean, {1000 / mean:.0f} reviews/s for one learner")

    anki = next((r for r in runs if r.label == "anki" and r.total), None)
    banner("ratio ours / Anki (mean and p50 per review; > 1 means ours is slower)")
    if anki is None:
        print("  no Anki figures in this run (not requested, or the anki package is missing)")
    else:
        a = summary(anki.total)
        af, aa = summary(anki.fetch), summary(anki.answer)
        for run in runs:
            if run is anki or not run.total:
                continue
            s, f, w = summary(run.total), summary(run.fetch), summary(run.answer)
            print(
                f"  {run.label:<22} review {s['mean'] / a['mean']:6.2f}x mean, "
                f"{s['p50'] / a['p50']:6.2f}x p50   (fetch {f['mean'] / af['mean']:.2f}x, "
                f"answer {w['mean'] / aa['mean']:.2f}x)"
            )
    if args.json:
        print(json.dumps(json_figures(runs, anki)))
    return 0


def json_figures(runs: list[Run], anki: Run | None) -> dict[str, float | None]:
    """{"ratio_sqlite", "ratio_postgres", "ours_sqlite_ms", "ours_postgres_ms", "anki_ms", ...}:
    mean ms per durable review, and ours / Anki (None where a backend did not run)."""

    def mean(run: Run | None, part: str = "total") -> float | None:
        values = getattr(run, part) if run is not None else []
        return round(summary(values)["mean"], 3) if values else None

    sqlite = next((r for r in runs if r.label.startswith("ours-sqlite") and r.total), None)
    postgres = next((r for r in runs if r.label == "ours-postgres" and r.total), None)
    out: dict[str, float | None] = {
        "ours_sqlite_ms": mean(sqlite),
        "ours_postgres_ms": mean(postgres),
        "anki_ms": mean(anki),
        "ours_sqlite_fetch_ms": mean(sqlite, "fetch"),
        "anki_fetch_ms": mean(anki, "fetch"),
    }
    for name, ours in (("sqlite", out["ours_sqlite_ms"]), ("postgres", out["ours_postgres_ms"])):
        out[f"ratio_{name}"] = round(ours / out["anki_ms"], 2) if ours and out["anki_ms"] else None
    fetch, anki_fetch = out["ours_sqlite_fetch_ms"], out["anki_fetch_ms"]
    out["fetch_ratio_sqlite"] = round(fetch / anki_fetch, 2) if fetch and anki_fetch else None
    return out


if __name__ == "__main__":
    sys.exit(main())
