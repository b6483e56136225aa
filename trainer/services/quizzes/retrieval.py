"""Quiz answers as retrieval events in the learner's FSRS schedule (quizzes that count for it).

Each graded attempt item is one review of the learner's card for that question (created if the
learner had none), scheduled by the same code as a study answer: the study service's helpers
and ``trainer.domain.scheduling``, the one place that calls fsrs. The review-log row's
``presentation_token`` is a key derived from the attempt item, so an item is recorded once
whatever retries, double submits or concurrent closes happen. Unanswered items are not
retrievals and are not recorded.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trainer.domain import grading
from trainer.domain import scheduling as srs
from trainer.extensions import db
from trainer.models import AttemptItem, CardState, ReviewLog
from trainer.services.learning import study
from trainer.services.learning.study_settings import load_settings, scheduler_settings


def retrieval_key(item_id: int) -> str:
    """The review-log key of an attempt item's retrieval (64 hex characters, like a study
    presentation token's hash; a different prefix, so the two never collide)."""
    return hashlib.sha256(f"quiz-attempt-item:{item_id}".encode()).hexdigest()


def _card(user_id: int, question_id: int, now: datetime) -> CardState:
    card = db.session.execute(
        select(CardState)
        .where(CardState.user_id == user_id, CardState.question_id == question_id)
        .with_for_update()
    ).scalar_one_or_none()
    if card is not None:
        return card
    card = CardState(user_id=user_id, question_id=question_id, state=int(srs.State.NEW), due=now)
    try:
        with db.session.begin_nested():
            db.session.add(card)
    except IntegrityError:  # created concurrently (a study answer): use that card
        card = db.session.execute(
            select(CardState).where(
                CardState.user_id == user_id, CardState.question_id == question_id
            )
        ).scalar_one()
    return card


def record_retrieval(
    user_id: int, item: AttemptItem, result: grading.GradeResult, now: datetime
) -> ReviewLog | None:
    """Schedule the learner's card for ``item`` as answered with ``result`` at ``now``, once.

    Returns the new review-log row, or None when this item was recorded before. Flushes; the
    caller commits with the rest of the grading."""
    key = retrieval_key(item.id)
    already = db.session.execute(
        select(ReviewLog.id).where(
            ReviewLog.user_id == user_id, ReviewLog.presentation_token == key
        )
    ).scalar_one_or_none()
    if already is not None:
        return None
    card = _card(user_id, item.question_id, now)
    settings = scheduler_settings(load_settings(user_id))
    before = study.snapshot(card)
    rating = result.proposed_rating
    # Never before the card's last review (a study answer recorded while the quiz was graded):
    # the scheduler refuses to go back in time.
    at = max(now, card.last_review) if card.last_review else now
    outcome = srs.review(study.domain_card(card), rating, at, settings, study.fuzz_seed(card))
    log = ReviewLog(
        user_id=user_id,
        card_id=card.id,
        question_version_id=item.question_version_id,
        rating=int(rating),
        reviewed_at=at,
        duration_ms=0,  # a quiz does not time single items
        state_before=before,
        previous_state=before["state"],
        presentation_token=key,
        response=None if result.self_rated else item.response,
        correct=None if result.self_rated else result.correct,
        score=None if result.self_rated else result.score,
    )
    try:
        with db.session.begin_nested():
            study.apply_review(card, outcome.card)
            db.session.add(log)
    except IntegrityError:  # recorded concurrently by another close of the same attempt
        db.session.refresh(card)
        return None
    return log
