"""Server time of the clinic competency matrix page and its CSV, on SQLite and PostgreSQL.

Builds a clinic of N staff (and one manager) over the shipped bank: 20 competencies (mastery
by topic, tag set and muscle set; exams; credentials; validity, deadlines, assignment by
everyone, role and name), a card per studied (person, item), finished attempts, signed
credentials, and review-log rows (``--reviews`` in all; the matrix does not read them, they are
there so the tables are the size of a real clinic's). Then requests ``/clinics/bench/matrix``
and ``matrix.csv`` as the manager through the app in this process (the WSGI call is timed: the
server's time, without a network) and prints the median of ``--repeat`` requests:

    .venv/bin/python bench/clinic_matrix.py --staff 1000 --json            # SQLite
    .venv/bin/python bench/clinic_matrix.py --staff 1000 --json --postgres  # a scratch PG DB
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    BENCH_PASSWORD,
    analyze,
    create_schema,
    import_bank,
    make_app,
    pg_database,
)

NOW = datetime.now(UTC)


def _competencies(bank, quiz_ids: list[int]) -> list[dict]:
    topics = [t.id for t in bank.topics]
    tags = sorted({tag for item in bank.items for tag in item.tags})
    muscles = sorted({item.muscle for item in bank.items if item.muscle})
    rng = random.Random(7)
    out = []
    for n in range(20):
        by, values = [("topic", [topics[n % len(topics)]]),
                      ("tags", rng.sample(tags, min(3, len(tags)))),
                      ("muscles", rng.sample(muscles, min(4, len(muscles))))][n % 3]  # fmt: skip
        requirements = [{"kind": "mastery", "key": "m", "label": f"{by} {values}",
                         "select": {"by": by, "values": values},
                         "min_mean_recall": 0.7 + 0.01 * (n % 20), "min_studied": 0.5}]  # fmt: skip
        if n % 2 == 0:
            quiz = quiz_ids[n % len(quiz_ids)]
            requirements.append({"kind": "exam", "key": "e", "label": "exam",
                                 "quiz": quiz, "min_score": 0.8})  # fmt: skip
        if n % 4 == 0:
            requirements.append({"kind": "credential", "key": "c", "label": "course",
                                 "credential_kind": f"course-{n % 3}"})  # fmt: skip
        out.append({"key": f"comp-{n}", "title": f"Competency {n}", "requirements": requirements,
                    "valid_for_months": 12 if n % 3 else None, "deadline_days": 90,
                    "assign_everyone": n % 5 != 1,
                    "assign_roles": ["instructor"] if n % 5 == 1 else []})  # fmt: skip
    return out


def build(app, staff: int, reviews: int) -> None:
    from sqlalchemy import insert, select

    from trainer.extensions import db
    from trainer.models import (
        AttemptState,
        CardState,
        Clinic,
        ClinicRole,
        Competency,
        Credential,
        Membership,
        Question,
        QuestionVersion,
        Quiz,
        QuizAttempt,
        QuizAudience,
        QuizStatus,
        ReviewLog,
        User,
    )  # fmt: skip
    from trainer.services.accounts import hash_password

    bank = import_bank(app)
    rng = random.Random(1)
    with app.app_context():
        clinic = Clinic(name="Bench Clinic", slug="bench", invite_code="BENCH-1")
        db.session.add(clinic)
        db.session.flush()
        hashed = hash_password(BENCH_PASSWORD)
        users = [{"email": f"s{n}@bench.example", "display_name": f"Staff {n:05d}",
                  "password_hash": hashed, "active": True, "created_at": NOW, "updated_at": NOW,
                  "password_changed_at": NOW, "session_generation": 0}
                 for n in range(staff + 1)]  # fmt: skip
        db.session.execute(insert(User), users)
        ids = list(db.session.execute(select(User.id).order_by(User.id)).scalars())
        roles = [ClinicRole.MANAGER] + [
            ClinicRole.INSTRUCTOR if n % 10 == 0 else ClinicRole.STAFF for n in range(staff)
        ]
        db.session.execute(insert(Membership), [
            {"user_id": uid, "clinic_id": clinic.id, "role": role, "active": True,
             "created_at": NOW - timedelta(days=rng.randint(10, 400))}
            for uid, role in zip(ids, roles, strict=True)
        ])  # fmt: skip
        quizzes = [Quiz(title=f"Exam {n}", clinic_id=clinic.id, status=QuizStatus.PUBLISHED,
                        audience=QuizAudience.CLINIC) for n in range(5)]  # fmt: skip
        db.session.add_all(quizzes)
        db.session.flush()
        quiz_ids = [q.id for q in quizzes]
        db.session.add_all(Competency(clinic_id=clinic.id, **c)
                           for c in _competencies(bank, quiz_ids))  # fmt: skip
        items = list(db.session.execute(
            select(Question.id, QuestionVersion.id)
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        ).all())  # fmt: skip
        cards, attempts, credentials = [], [], []
        for uid in ids[1:]:
            for qid, _ in rng.sample(items, int(len(items) * rng.uniform(0.3, 0.9))):
                last = NOW - timedelta(days=rng.uniform(0, 60))
                cards.append({"user_id": uid, "question_id": qid, "state": 2,
                              "stability": rng.uniform(1, 200), "difficulty": 5.0,
                              "due": last + timedelta(days=5), "last_review": last, "reps": 3,
                              "lapses": 0, "suspended": False, "leech": False,
                              "created_at": last})  # fmt: skip
            for number, quiz_id in enumerate(rng.sample(quiz_ids, 2), start=1):
                finished = NOW - timedelta(days=rng.uniform(1, 400))
                score = rng.uniform(0.5, 1.0)
                attempts.append({"quiz_id": quiz_id, "user_id": uid, "number": number,
                                 "state": AttemptState.FINISHED, "started_at": finished,
                                 "finished_at": finished, "marks": score * 10, "max_marks": 10,
                                 "score": score, "passed": score >= 0.8})  # fmt: skip
            credentials.append({"clinic_id": clinic.id, "user_id": uid,
                                "kind": f"course-{uid % 3}", "title": "", "issued_at":
                                NOW - timedelta(days=rng.uniform(1, 500)), "signed_by_id": ids[0],
                                "signed_at": NOW, "created_at": NOW})  # fmt: skip
        db.session.execute(insert(CardState), cards)
        db.session.execute(insert(QuizAttempt), attempts)
        db.session.execute(insert(Credential), credentials)
        db.session.commit()
        card_rows = db.session.execute(select(CardState.id, CardState.user_id)).all()
        version = dict(items)
        card_question = dict(db.session.execute(select(CardState.id, CardState.question_id)).all())
        batch = []
        for n in range(reviews):
            card_id, uid = card_rows[n % len(card_rows)]
            batch.append({"user_id": uid, "card_id": card_id,
                          "question_version_id": version[card_question[card_id]], "rating": 3,
                          "reviewed_at": NOW - timedelta(minutes=n), "duration_ms": 5000,
                          "state_before": {}, "previous_state": 2})  # fmt: skip
            if len(batch) == 20_000:
                db.session.execute(insert(ReviewLog), batch)
                batch = []
        if batch:
            db.session.execute(insert(ReviewLog), batch)
        db.session.commit()
    analyze(app)


def timed(client, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        times.append(elapsed * 1000)
    return round(statistics.median(times), 1)


def run(url: str, staff: int, reviews: int, repeat: int) -> dict:
    # Only GETs are timed; the login is the one form, so CSRF tokens are not worth parsing here.
    app = make_app(url, WTF_CSRF_ENABLED=False)
    create_schema(app)
    build(app, staff, reviews)
    client = app.test_client()
    login = client.post("/auth/login", data={"email": "s0@bench.example",
                                             "password": BENCH_PASSWORD})  # fmt: skip
    assert login.status_code == 302, "bench manager could not log in"
    client.get("/clinics/bench/matrix")  # warm caches once
    return {
        "staff": staff,
        "backend": url.split(":", 1)[0].split("+")[0],
        "matrix_ms": timed(client, "/clinics/bench/matrix", repeat),
        "csv_ms": timed(client, "/clinics/bench/matrix.csv", repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=100)
    parser.add_argument("--reviews", type=int, default=None, help="default: 2,000 per person")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="a scratch PostgreSQL database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reviews = args.reviews if args.reviews is not None else 2000 * args.staff
    if args.postgres:
        with pg_database("clinic_matrix") as url:
            result = run(url, args.staff, reviews, args.repeat)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = run(f"sqlite:///{folder}/bench.sqlite3", args.staff, reviews, args.repeat)
    print(json.dumps(result) if args.json else result)


if __name__ == "__main__":
    main()
