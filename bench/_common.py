"""Helpers shared by the benchmark scripts: scratch databases, seeding, responses, figures.

Nothing here is a test. Every database and server these scripts touch is on this machine
(127.0.0.1 / a temp directory); scratch PostgreSQL databases are named ``bench_<label>_<pid>``
and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import random
import shlex
import statistics
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python bench/x.py` from anywhere
    sys.path.insert(0, str(ROOT))

#: Administrative PostgreSQL URL: scratch databases are created and dropped through it.
DEFAULT_PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
#: One password for every bench learner (hashed once with the production method).
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - scratch data only
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def command_line() -> str:
    return " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv])


def require_loopback(host: str | None, what: str) -> None:
    """Refuse any target that is not this machine."""
    if not host:
        return  # a Unix socket
    if host in LOOPBACK_NAMES:
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"{what}: {host!r} is not a loopback address; benchmarks only run locally")


def sqlalchemy_url(url: str) -> str:
    from config import normalise_database_url

    return normalise_database_url(url)


@contextlib.contextmanager
def pg_database(label: str, admin_url: str = DEFAULT_PG_URL, keep: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL database ``bench_<label>_<pid>``; yields its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(sqlalchemy_url(admin_url))
    require_loopback(base.host, "PostgreSQL")
    name = f"bench_{label}_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"(kept scratch database {name})")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(database_url: str, **overrides: Any):
    """The real app (development config: no HTTPS-only cookies) on `database_url`."""
    from trainer import create_app

    overrides.setdefault("SECRET_KEY", "bench-secret-not-secret")
    return create_app("development", SQLALCHEMY_DATABASE_URI=database_url, **overrides)


def create_schema(app) -> None:
    """`flask db upgrade`: the schema exactly as production gets it (Alembic's log hidden)."""
    import io

    from flask_migrate import upgrade

    log = io.StringIO()
    try:
        with app.app_context(), contextlib.redirect_stderr(log):
            upgrade(directory=str(ROOT / "migrations"))
    except BaseException:
        sys.stderr.write(log.getvalue())
        raise


def analyze(app) -> None:
    """Planner statistics on PostgreSQL, as autovacuum would have them on a live database.

    (SQLite has no autovacuum/auto-analyze; it is left as the app leaves it.)
    """
    from sqlalchemy import text

    from trainer.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))


_BANK = None


def shipped_bank():
    global _BANK
    if _BANK is None:
        from trainer import bank as bankfmt

        _BANK = bankfmt.load_bank(ROOT / "question_bank")
    return _BANK


def bank_slice(limit: int | None):
    """The shipped bank, or its first `limit` items spread over every topic (bank order kept)."""
    from trainer import bank as bankfmt

    full = shipped_bank()
    if limit is None or limit >= len(full.items):
        return full
    per_topic: dict[str, list] = {t.id: list(full.items_in(t.id)) for t in full.topics}
    chosen: list = []
    while len(chosen) < limit:  # round-robin over topics so every item type shows up
        for topic in full.topics:
            if per_topic[topic.id] and len(chosen) < limit:
                chosen.append(per_topic[topic.id].pop(0))
    order = {item.id: n for n, item in enumerate(full.items)}
    chosen.sort(key=lambda item: order[item.id])
    return bankfmt.Bank(full.topics, tuple(chosen), full.muscles, full.references, full.regions)


def import_bank(app, limit: int | None = None):
    """`flask bank import` of the shipped bank (or a slice); returns the Bank imported."""
    from trainer.services.authoring import bank_sync

    bank = bank_slice(limit)
    with app.app_context():
        bank_sync.import_bank(bank)
    return bank


def add_learners(app, count: int, prefix: str = "learner", heavy: bool = True) -> list[int]:
    """`count` learners sharing one password (hashed once with the production method).

    With `heavy`, their daily limits are lifted so that a benchmark never runs out of cards.
    """
    from trainer.extensions import db
    from trainer.models import StudySettings, User
    from trainer.services.accounts import hash_password

    with app.app_context():
        hashed = hash_password(BENCH_PASSWORD)
        users = [
            User(
                email=f"{prefix}{n}@bench.example", display_name=f"Bench {n}", password_hash=hashed
            )
            for n in range(count)
        ]
        db.session.add_all(users)
        db.session.flush()
        if heavy:
            db.session.add_all(
                StudySettings(
                    user_id=u.id,
                    desired_retention=0.9,
                    new_per_day=100_000,
                    max_reviews_per_day=100_000,
                    learning_steps_minutes=[1, 10],
                    relearning_steps_minutes=[10],
                    topics=[],
                    timezone="UTC",
                    day_start_hour=4,
                )
                for u in users
            )
        db.session.commit()
        return [u.id for u in users]


# --- responses a learner would give ------------------------------------------------------------


def _type_key(content: dict[str, Any]) -> str:
    return content["type"] if content["type"] != "body_map" else f"body_map:{content['mode']}"


def right_response(content: dict[str, Any]) -> dict[str, Any]:
    kind = _type_key(content)
    if kind == "flashcard":
        return {"rating": 3}
    if kind == "true_false":
        return {"answer": content["answer"]}
    if kind in ("single_choice", "body_map:identify_muscle"):
        return {"choice": next(i for i, c in enumerate(content["choices"]) if c.get("correct"))}
    if kind == "multiple_response":
        return {"choices": [i for i, c in enumerate(content["choices"]) if c.get("correct")]}
    if kind == "matching":
        return {"pairs": {str(i): p["right"] for i, p in enumerate(content["pairs"])}}
    return {"regions": list(content["regions"])}


def wrong_response(content: dict[str, Any]) -> dict[str, Any]:
    kind = _type_key(content)
    if kind == "flashcard":
        return {"rating": 1}
    if kind == "true_false":
        return {"answer": not content["answer"]}
    if kind in ("single_choice", "body_map:identify_muscle"):
        return {"choice": next(i for i, c in enumerate(content["choices"]) if not c.get("correct"))}
    if kind == "multiple_response":
        return {"choices": [i for i, c in enumerate(content["choices"]) if not c.get("correct")]}
    if kind == "matching":
        # Every answer shifted by one: a complete but wrong answer (an empty one is refused).
        rights = [p["right"] for p in content["pairs"]]
        return {"pairs": {str(i): rights[(i + 1) % len(rights)] for i in range(len(rights))}}
    return {"regions": ["heel"] if "heel" not in content["regions"] else ["temple"]}


def learner_response(
    content: dict[str, Any], rng: random.Random, p_right: float
) -> tuple[dict, bool]:
    """A graded answer (or a flashcard self-rating): right with probability `p_right`."""
    right = rng.random() < p_right
    return (right_response(content) if right else wrong_response(content)), right


# --- figures ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(ms: Sequence[float]) -> dict[str, float]:
    if not ms:
        return {
            "n": 0,
            "mean": float("nan"),
            "p50": float("nan"),
            "p95": float("nan"),
            "p99": float("nan"),
            "max": float("nan"),
        }
    return {
        "n": len(ms),
        "mean": statistics.fmean(ms),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "max": max(ms),
    }


def fmt_summary(ms: Sequence[float], with_p99: bool = False) -> str:
    s = summary(ms)
    text = f"n={s['n']:<6} mean {s['mean']:7.2f}  p50 {s['p50']:7.2f}  p95 {s['p95']:7.2f}"
    if with_p99:
        text += f"  p99 {s['p99']:7.2f}"
    return text + f"  max {s['max']:7.1f} ms"


def banner(title: str) -> None:
    print(f"\n===== {title} =====", flush=True)


def header(script: str) -> None:
    import platform

    banner(script)
    print(f"command : {command_line()}")
    print(f"when    : {datetime.now(UTC).isoformat(timespec='seconds')}")
    print(
        f"machine : {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
    )
    sys.stdout.flush()
