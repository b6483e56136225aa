"""Building blocks of the competency tests: a clinic with the recommended competencies, a
safety exam, and a staff member's memory, attempts and credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from trainer.models import (
    AttemptState,
    CardState,
    Credential,
    Question,
    QuizAttempt,
    Topic,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def topic_items(db, slug: str) -> list[int]:
    return list(
        db.session.execute(
            select(Question.id).join(Topic, Topic.id == Question.topic_id).where(Topic.slug == slug)
        ).scalars()
    )


def remember(db, user, item_ids, *, stability: float = 400.0, days_ago: float = 1.0) -> None:
    """Cards of ``user`` for ``item_ids``, reviewed ``days_ago`` with ``stability`` (days)."""
    last = datetime.now(UTC) - timedelta(days=days_ago)
    for item_id in item_ids:
        db.session.add(
            CardState(
                user_id=user.id, question_id=item_id, state=2, stability=stability,
                difficulty=5.0, due=last + timedelta(days=stability), last_review=last, reps=3,
            )
        )  # fmt: skip
    db.session.commit()


def passed_attempt(db, user, quiz, score: float = 0.9, days_ago: float = 1.0) -> QuizAttempt:
    finished = datetime.now(UTC) - timedelta(days=days_ago)
    attempt = QuizAttempt(
        quiz_id=quiz.id, user_id=user.id, number=1, state=AttemptState.FINISHED,
        started_at=finished - timedelta(minutes=20), finished_at=finished,
        marks=score * 10, max_marks=10, score=score, passed=score >= quiz.pass_fraction,
    )  # fmt: skip
    db.session.add(attempt)
    db.session.commit()
    return attempt


def credential(db, clinic, user, *, kind="needling-course", signer=None, days_ago=10, **kw):
    issued = datetime.now(UTC) - timedelta(days=days_ago)
    record = Credential(
        clinic_id=clinic.id, user_id=user.id, kind=kind, title=kw.pop("title", "Course"),
        issued_at=issued, signed_by_id=signer.id if signer else None,
        signed_at=issued if signer else None, file_data=kw.pop("file_data", None), **kw,
    )  # fmt: skip
    db.session.add(record)
    db.session.commit()
    return record
