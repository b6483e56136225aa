"""The fuzz World's quiz for the learner's routes: a site quiz of one item of each objective
type, a finished attempt and an open one (no time limit, so no request closes it by time)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from trainer.domain import grading
from trainer.models import AttemptItem, Question, QuestionVersion, QuizAudience
from trainer.services.quizzes import attempts

LINK_TOKEN = "fuzz-link-token"


def build(db, factory, learner) -> dict[str, int]:
    """Create the quiz and the learner's attempts; returns their ids."""
    rows = db.session.execute(
        select(Question, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.clinic_id.is_(None))
        .order_by(Question.id)
    ).all()
    one_each: dict[str, Question] = {}
    for question, content in rows:
        one_each.setdefault(grading.type_key(content), question)
    questions = [q for key, q in one_each.items() if key != "flashcard"]
    quiz = factory.quiz(questions, shuffle_items=False)
    factory.quiz(questions[:1], audience=QuizAudience.LINK, link_token=LINK_TOKEN)
    now = datetime.now(UTC)
    done = attempts.start(quiz, learner.id, now).attempt
    attempts.submit(done, now)
    current = attempts.start(quiz, learner.id, now).attempt
    return {"quiz": quiz.id, "done": done.id, "attempt": current.id}


def next_revision(db, attempt_id: int) -> int:
    """A revision newer than any of the attempt's items holds."""
    highest = db.session.execute(
        select(func.max(AttemptItem.revision)).where(AttemptItem.attempt_id == attempt_id)
    ).scalar()
    db.session.rollback()
    return (highest or 0) + 1
