"""The quizzes shipped with the bank: a dry-needling safety exam and a practice quiz per topic.

``flask --app trainer quiz seed`` (run by ``make run`` after ``bank import``) creates each one
that is missing and never touches one that exists: a seeded quiz is recognised by its title
among the shared quizzes nobody built (``created_by_id`` None), so an instructor's edits stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import (
    FeedbackTiming,
    Question,
    QuestionStatus,
    QuestionVersion,
    Quiz,
    QuizAudience,
    QuizKind,
    QuizSlot,
    QuizStatus,
    Topic,
)

SAFETY_EXAM = "Dry-needling safety exam"
SAFETY_TOPIC = "safety"
EXAM_ITEMS = 30
PRACTICE_ITEMS = 10
# A self-rated flashcard has no right answer to mark, so the exam asks graded types only.
UNGRADED_TYPES = {"flashcard"}


@dataclass(frozen=True)
class SeedResult:
    created: list[str]
    kept: list[str]
    skipped: list[str]  # not enough published items


def _exists(title: str) -> bool:
    return (
        db.session.execute(
            select(Quiz.id).where(
                Quiz.title == title, Quiz.clinic_id.is_(None), Quiz.created_by_id.is_(None)
            )
        ).first()
        is not None
    )


def _safety_questions() -> list[int]:
    """Published shared graded safety items, in bank order, spread evenly to EXAM_ITEMS."""
    rows = db.session.execute(
        select(Question.id, QuestionVersion.type)
        .join(Topic, Topic.id == Question.topic_id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(
            Topic.slug == SAFETY_TOPIC,
            Question.status == QuestionStatus.PUBLISHED,
            Question.clinic_id.is_(None),
        )
        .order_by(Question.position, Question.id)
    ).all()
    ids = [qid for qid, kind in rows if kind not in UNGRADED_TYPES]
    if len(ids) <= EXAM_ITEMS:
        return ids
    step = len(ids) / EXAM_ITEMS
    return [ids[int(n * step)] for n in range(EXAM_ITEMS)]


def _safety_exam(ids: list[int]) -> Quiz:
    quiz = Quiz(
        title=SAFETY_EXAM,
        description=(
            "Thirty items on contraindications, precautions and safe needling. 40 minutes, "
            "pass mark 80 %; marks and feedback after you submit."
        ),
        kind=QuizKind.EXAM,
        status=QuizStatus.PUBLISHED,
        audience=QuizAudience.SITE,
        time_limit_seconds=40 * 60,
        pass_fraction=0.8,
        feedback_timing=FeedbackTiming.AFTER_SUBMIT,
        counts_for_srs=False,
    )
    for position, qid in enumerate(ids, start=1):
        quiz.slots.append(QuizSlot(position=position, question_id=qid))
    return quiz


def _practice(topic: Topic) -> Quiz:
    quiz = Quiz(
        title=f"Practice: {topic.title}",
        description=f"{PRACTICE_ITEMS} items drawn from {topic.title}, ones you have not met "
        "first, each checked as you answer. Counts as review for your spaced repetition.",
        kind=QuizKind.PRACTICE,
        status=QuizStatus.PUBLISHED,
        audience=QuizAudience.SITE,
        pass_fraction=0.7,
        feedback_timing=FeedbackTiming.IMMEDIATE,
        counts_for_srs=True,
    )
    quiz.slots.append(
        QuizSlot(position=1, draw_count=PRACTICE_ITEMS, draw_topic=topic.slug, unseen_first=True)
    )
    return quiz


def _published_in(topic: Topic) -> int:
    return len(
        db.session.execute(
            select(Question.id).where(
                Question.topic_id == topic.id,
                Question.status == QuestionStatus.PUBLISHED,
                Question.clinic_id.is_(None),
            )
        ).all()
    )


def seed_quizzes() -> SeedResult:
    created: list[str] = []
    kept: list[str] = []
    skipped: list[str] = []
    if _exists(SAFETY_EXAM):
        kept.append(SAFETY_EXAM)
    else:
        ids = _safety_questions()
        if len(ids) < EXAM_ITEMS:
            skipped.append(SAFETY_EXAM)
        else:
            db.session.add(_safety_exam(ids))
            created.append(SAFETY_EXAM)
    for topic in db.session.execute(select(Topic).order_by(Topic.position, Topic.slug)).scalars():
        title = f"Practice: {topic.title}"
        if _exists(title):
            kept.append(title)
        elif _published_in(topic) < PRACTICE_ITEMS:
            skipped.append(title)
        else:
            db.session.add(_practice(topic))
            created.append(title)
    db.session.commit()
    return SeedResult(created, kept, skipped)
