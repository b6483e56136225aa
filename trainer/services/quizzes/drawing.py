"""Resolving a quiz's slots into the questions one attempt asks.

Only published questions the learner may study are ever asked (the shared bank and their
clinics' items, as in the study queue), and only those the quiz's owner may ask: a shared quiz
asks shared items, a clinic's quiz the shared bank and that clinic's own items -- the same
rule as the builder's picker and match counts, so what the builder counts is what is drawn. A
fixed slot whose question is no longer published is
left out of the attempt; a random slot draws with :func:`trainer.domain.quizzes.draw` from the
matching published items, where "seen" means the learner has reviewed the item (a card with
reps > 0) or met it in an earlier quiz attempt. Flashcards are self-rated, so they are never
drawn into a graded quiz; a fixed flashcard slot is asked and self-rated as in study.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from trainer.domain.quizzes import Candidate, DrawRule, draw
from trainer.extensions import db
from trainer.models import (
    AttemptItem,
    CardState,
    Question,
    QuestionStatus,
    QuestionVersion,
    Quiz,
    QuizAttempt,
    QuizSlot,
    Topic,
)
from trainer.services.learning.study_queue import learner_clinic_ids, visible_to_learner


@dataclass(frozen=True)
class Picked:
    """One question an attempt will ask: from which slot, which version, worth how much."""

    slot_id: int
    question_id: int
    version_id: int
    max_mark: float


def _askable(quiz: Quiz, user_id: int):
    owned = Question.clinic_id.is_(None)
    if quiz.clinic_id is not None:
        owned = owned | (Question.clinic_id == quiz.clinic_id)
    return (
        (Question.status == QuestionStatus.PUBLISHED)
        & owned
        & visible_to_learner(learner_clinic_ids(user_id))
    )


def seen_question_ids(user_id: int) -> set[int]:
    """Questions this learner has met: reviewed in study, or asked in any quiz attempt."""
    reviewed = select(CardState.question_id).where(CardState.user_id == user_id, CardState.reps > 0)
    asked = (
        select(AttemptItem.question_id)
        .join(QuizAttempt, QuizAttempt.id == AttemptItem.attempt_id)
        .where(QuizAttempt.user_id == user_id)
    )
    return set(db.session.execute(reviewed.union(asked)).scalars())


def _candidates(quiz: Quiz, slot: QuizSlot, user_id: int) -> list[tuple[int, int]]:
    """(question id, current version id) of the published items the slot may draw, by id."""
    query = (
        select(Question.id, Question.current_version_id, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(_askable(quiz, user_id), QuestionVersion.type != "flashcard")
        .order_by(Question.id)
    )
    if slot.draw_topic:
        query = query.join(Topic, Topic.id == Question.topic_id).where(
            Topic.slug == slot.draw_topic
        )
    if slot.draw_muscle:
        query = query.where(Question.muscle_slug == slot.draw_muscle)
    rows = db.session.execute(query).all()
    # Tags live in the version content (JSON): filtered here, as the study queue does.
    return [
        (qid, vid)
        for qid, vid, content in rows
        if not slot.draw_tag or slot.draw_tag in content.get("tags", ())
    ]


def resolve_slots(quiz: Quiz, user_id: int, rng: random.Random) -> list[Picked]:
    """The questions of a new attempt, in slot order (the caller shuffles if the quiz says so).

    A question is asked at most once per attempt, whichever slots would ask it."""
    picked: list[Picked] = []
    taken: set[int] = set()
    seen: set[int] | None = None
    fixed_ids = [s.question_id for s in quiz.slots if s.question_id is not None]
    fixed = {
        qid: vid
        for qid, vid in db.session.execute(
            select(Question.id, Question.current_version_id).where(
                Question.id.in_(fixed_ids), _askable(quiz, user_id)
            )
        ).all()
        if vid is not None
    }
    for slot in quiz.slots:
        if slot.question_id is not None:
            if slot.question_id in fixed and slot.question_id not in taken:
                taken.add(slot.question_id)
                picked.append(Picked(slot.id, slot.question_id, fixed[slot.question_id], slot.mark))
            continue
        if not slot.draw_count or slot.draw_count < 1:
            continue
        pool = _candidates(quiz, slot, user_id)
        if slot.unseen_first and seen is None:
            seen = seen_question_ids(user_id)
        versions = dict(pool)
        chosen = draw(
            DrawRule(slot.draw_count, unseen_first=slot.unseen_first),
            [Candidate(qid, seen=qid in (seen or ())) for qid, _vid in pool],
            rng,
            exclude=taken,
        )
        for qid in chosen:
            taken.add(qid)
            picked.append(Picked(slot.id, qid, versions[qid], slot.mark))
    return picked
