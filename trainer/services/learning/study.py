"""Studying one card: present it, record the answer once, change the rating, undo.

Every answer writes a review-log row holding the card's state before it, so an answer can be
undone exactly and a history replayed. A presentation token (signed, one per showing of a
card) makes a double-submitted or retried answer count once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trainer.domain import grading
from trainer.domain import scheduling as srs
from trainer.extensions import db
from trainer.models import CardState, Question, QuestionVersion, ReviewLog, Topic
from trainer.services.learning.study_cards import LEECH_LAPSES as LEECH_LAPSES
from trainer.services.learning.study_cards import apply_review as apply_review
from trainer.services.learning.study_cards import domain_card, fuzz_seed, restore, snapshot
from trainer.services.learning.study_settings import load_settings, scheduler_settings

#: Longer answers are recorded as this long (the learner probably walked away).
MAX_DURATION_MS = 60_000
_TOKEN_SALT = "study-presentation"  # noqa: S105 - a salt, not a password


class StudyError(Exception):
    """A request that cannot be honoured; `status` is the HTTP status it maps to."""

    def __init__(
        self, message: str, status: int = 400, *, code: str = "", card_id: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code  # "not_answered": the card stays, its token still valid
        self.card_id = card_id  # the card the request was about, to show it again


@dataclass(frozen=True)
class Presented:
    """One showing of a card: what the learner sees, the button intervals and the token."""

    card_id: int
    external_id: str
    version_id: int
    topic_title: str
    kind: str
    content: dict[str, Any]
    presentation: grading.Presentation
    intervals: dict[srs.Rating, timedelta]
    token: str


@dataclass(frozen=True)
class AnswerOutcome:
    log_id: int
    card_id: int
    version_id: int
    rating: srs.Rating
    proposed_rating: srs.Rating
    grade: grading.GradeResult | None
    intervals: dict[srs.Rating, timedelta]  # what each rating sets, for changing it
    due: datetime
    leech: bool
    duplicate: bool
    presentation: grading.Presentation  # the order the learner saw, kept on the feedback


# --- card state <-> plain objects: study_cards (imported here, where callers look) ----------

_apply = apply_review  # the name this module and tests/durability.py use


def _presentation_seed(card_id: int, reps: int) -> int:
    return srs.review_seed(card_id, -(reps + 1))  # unrelated to the fuzz seed


def presentation_of(card_id: int, reps: int, content: dict[str, Any]) -> grading.Presentation:
    """The order a card with ``reps`` answers so far is shown in; feedback shows the same."""
    return grading.present(content, _presentation_seed(card_id, reps))


# --- question versions (immutable, so their content can be remembered) ------------------------


def version_content(version_id: int) -> dict[str, Any]:
    """The content of a question version, read once per app: versions never change.

    The memo lives on the app, not the module, so a test's fresh app (and fresh database, where
    ids start again) never sees another database's content. Treat the result as read-only.
    """
    memo: dict[int, dict[str, Any]] = current_app.extensions.setdefault("version_content", {})
    content = memo.get(version_id)
    if content is None:
        version = db.session.get(QuestionVersion, version_id)
        if version is None:
            raise StudyError("This question version no longer exists.", 404)
        content = memo[version_id] = version.content
        current_app.extensions.setdefault("version_rich", {})[version_id] = version.rich or {}
    return content


def version_rich(version_id: int) -> dict[str, str]:
    """The version's sanitised rich text ({"prompt": html, "explanation": html}; empty for items
    from the files), remembered with its content."""
    memo: dict[int, dict[str, str]] = current_app.extensions.setdefault("version_rich", {})
    if version_id not in memo:
        version = db.session.get(QuestionVersion, version_id)
        memo[version_id] = (version.rich or {}) if version is not None else {}
    return memo[version_id]


# --- presenting --------------------------------------------------------------------------------


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=_TOKEN_SALT)


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def present(user_id: int, card: CardState, kind: str, now: datetime, secret_key: str) -> Presented:
    external_id, version_id, topic_title = db.session.execute(
        select(Question.external_id, Question.current_version_id, Topic.title)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Question.id == card.question_id)
    ).one()
    content = version_content(version_id)
    settings = scheduler_settings(load_settings(user_id))
    intervals = srs.preview(domain_card(card), now, settings, fuzz_seed(card))
    token = _serializer(secret_key).dumps(
        {
            "u": user_id,
            "c": card.id,
            "v": version_id,
            "r": card.reps,
            "t": now.timestamp(),
            "n": secrets.token_hex(8),
        }
    )
    return Presented(
        card_id=card.id,
        external_id=external_id,
        version_id=version_id,
        topic_title=topic_title,
        kind=kind,
        content=content,
        presentation=presentation_of(card.id, card.reps, content),
        intervals=intervals,
        token=token,
    )


# --- answering ---------------------------------------------------------------------------------


def answer(
    user_id: int,
    token: str,
    response: dict[str, Any],
    now: datetime,
    secret_key: str,
    *,
    duration_ms: int | None = None,
    too_easy: bool = False,
) -> AnswerOutcome:
    """Grade (objective items) or take the self-rating (flashcards), schedule, log, commit.

    Raises StudyError for a bad token (400), a card answered since it was shown (409), an
    empty response (400, code "not_answered": nothing chosen is refused, never recorded) or an
    invalid response (400). A token already used returns the recorded outcome (duplicate=True).
    """
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        raise StudyError("This card's form is not valid any more. Reload the page.") from None
    if data.get("u") != user_id:
        raise StudyError("This card was shown to another account.", 403)

    key = token_key(token)
    card = db.session.execute(
        select(CardState).where(CardState.id == data["c"]).with_for_update()
    ).scalar_one_or_none()
    if card is None or card.user_id != user_id:
        raise StudyError("This card no longer exists.", 404)
    if card.reps != data["r"]:
        # Answered since it was shown: by this very token (a retry or double submit, which
        # returns the recorded outcome) or by another showing (a conflict). Checking here
        # rather than up front spares every first answer a query.
        existing = _log_for_token(user_id, key)
        if existing is not None:
            return _outcome_of(existing, duplicate=True)
        db.session.rollback()
        raise StudyError("This card was answered elsewhere in the meantime.", 409)
    content = version_content(data["v"])
    if grading.is_empty_response(content, response):
        # Not answered is not wrong: nothing is graded or recorded, the same showing stays.
        db.session.rollback()
        raise StudyError(
            grading.not_answered_message(content), code="not_answered", card_id=card.id
        )

    if duration_ms is None:
        duration_ms = int((now.timestamp() - data["t"]) * 1000)
    duration_ms = max(0, min(int(duration_ms), MAX_DURATION_MS))
    try:
        result = grading.grade(content, response, duration_ms=duration_ms, too_easy=too_easy)
    except (grading.InvalidResponse, TypeError, ValueError) as error:
        db.session.rollback()
        raise StudyError(f"That answer could not be read: {error}") from None

    settings = scheduler_settings(load_settings(user_id))
    before = snapshot(card)
    outcome = srs.review(domain_card(card), result.proposed_rating, now, settings, fuzz_seed(card))
    log = ReviewLog(
        user_id=user_id,
        card_id=card.id,
        question_version_id=data["v"],
        rating=int(result.proposed_rating),
        reviewed_at=now,
        duration_ms=duration_ms,
        state_before=before,
        previous_state=before["state"],
        presentation_token=key,
        response=None if result.self_rated else _jsonable(response),
        correct=None if result.self_rated else result.correct,
        score=None if result.self_rated else result.score,
    )
    leech = _apply(card, outcome.card)
    db.session.add(log)
    try:
        db.session.commit()
    except IntegrityError:
        # The same token was answered concurrently: that answer counts, this one does not.
        db.session.rollback()
        existing = _log_for_token(user_id, key)
        if existing is None:
            raise
        return _outcome_of(existing, duplicate=True)
    return _outcome(log, card, result, leech=leech, duplicate=False)


def _jsonable(response: dict[str, Any]) -> dict[str, Any]:
    allowed = ("answer", "choice", "choices", "pairs", "regions")
    return {k: response[k] for k in allowed if k in response}


def _log_for_token(user_id: int, key: str) -> ReviewLog | None:
    return db.session.execute(
        select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.presentation_token == key)
    ).scalar_one_or_none()


def _intervals_from(log: ReviewLog, card: CardState) -> dict[srs.Rating, timedelta]:
    """What each rating would set for this answer (same moment, same seed as applied)."""
    before = CardState(id=card.id)
    restore(before, log.state_before)
    settings = scheduler_settings(load_settings(log.user_id))
    return srs.preview(domain_card(before), log.reviewed_at, settings, fuzz_seed(before))


def _outcome(
    log: ReviewLog,
    card: CardState,
    result: grading.GradeResult | None,
    *,
    leech: bool,
    duplicate: bool,
) -> AnswerOutcome:
    return AnswerOutcome(
        log_id=log.id,
        card_id=card.id,
        version_id=log.question_version_id,
        rating=srs.Rating(log.rating),
        proposed_rating=result.proposed_rating if result else srs.Rating(log.rating),
        grade=result,
        intervals=_intervals_from(log, card),
        due=card.due,
        leech=leech,
        duplicate=duplicate,
        presentation=presentation_of(
            card.id, log.state_before["reps"], version_content(log.question_version_id)
        ),
    )


def _outcome_of(log: ReviewLog, *, duplicate: bool) -> AnswerOutcome:
    card = db.session.get(CardState, log.card_id)
    result = None
    if log.response is not None:
        try:
            result = grading.grade(
                version_content(log.question_version_id), log.response, duration_ms=log.duration_ms
            )
        except grading.InvalidResponse:  # pragma: no cover - it was valid when recorded
            result = None
    return _outcome(log, card, result, leech=card.leech, duplicate=duplicate)


# --- changing the rating, undo -----------------------------------------------------------------


def _latest_log(user_id: int) -> ReviewLog | None:
    return db.session.execute(
        select(ReviewLog)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.id.desc())
        .limit(1)
        .with_for_update()
    ).scalar_one_or_none()


def change_rating(user_id: int, log_id: int, rating: int) -> AnswerOutcome:
    """Replace the rating of the learner's latest answer, as if it had been given instead."""
    try:
        rating = srs.Rating(int(rating))
    except (TypeError, ValueError):
        raise StudyError("Rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).") from None
    log = _latest_log(user_id)
    if log is None or log.id != log_id:
        db.session.rollback()
        raise StudyError("Only your most recent answer can be re-rated.", 409)
    card = db.session.get(CardState, log.card_id)
    restore(card, log.state_before)
    settings = scheduler_settings(load_settings(user_id))
    outcome = srs.review(domain_card(card), rating, log.reviewed_at, settings, fuzz_seed(card))
    leech = _apply(card, outcome.card)
    log.rating = int(rating)
    db.session.commit()
    result = None
    if log.response is not None:
        result = grading.grade(
            version_content(log.question_version_id), log.response, duration_ms=log.duration_ms
        )
    return _outcome(log, card, result, leech=leech, duplicate=False)


@dataclass(frozen=True)
class Undone:
    card_id: int
    external_id: str
    label: str  # what the learner recognises: "Topic: start of the prompt…"


def item_label(topic_title: str, prompt: str, length: int = 60) -> str:
    """A card as a learner recognises it: its topic and the start of its prompt."""
    start = " ".join(str(prompt).split())
    if len(start) > length:
        start = start[:length].rsplit(" ", 1)[0] + "…"
    return f"{topic_title}: {start}"


def undo_last(user_id: int) -> Undone | None:
    """Revert the learner's latest answer exactly: the card as it was, the log row gone."""
    log = _latest_log(user_id)
    if log is None:
        return None
    card = db.session.get(CardState, log.card_id)
    restore(card, log.state_before)
    question = card.question
    label = item_label(question.topic.title, version_content(log.question_version_id)["prompt"])
    external_id = question.external_id
    db.session.delete(log)
    db.session.commit()
    return Undone(card_id=card.id, external_id=external_id, label=label)


def card_for_presentation(user_id: int, card_id: int) -> CardState | None:
    card = db.session.get(CardState, card_id)
    return card if card is not None and card.user_id == user_id else None
