"""What a learner studies next, and how much is left today.

Order (as the product asks): due reviews first, most overdue relative to their interval first;
then learning cards that are due; then new items, topic by topic (each topic's items in a stable
per-learner mix of types), up to the daily limit; then, when
nothing else is left, learning cards due within the next 20 minutes (Anki's "learn ahead").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from trainer.domain.scheduling import State
from trainer.extensions import db
from trainer.models import (
    CardState,
    Membership,
    Question,
    QuestionStatus,
    QuestionVersion,
    ReviewLog,
    Topic,
)
from trainer.services.learning.study_settings import LEARN_AHEAD, learner_day, load_settings

#: Due reviews are ranked by overdue ratio among this many earliest-due cards, so the query stays
#: an index range scan however many cards a learner has.
REVIEW_WINDOW = 200


@dataclass(frozen=True)
class SessionFilter:
    """A custom session: only one topic, one tag and/or one muscle's items."""

    topic: str | None = None
    tag: str | None = None
    muscle: str | None = None  # a muscle slug: the items about it (its page's "Study these")

    @property
    def active(self) -> bool:
        return bool(self.topic or self.tag or self.muscle)

    @property
    def params(self) -> dict[str, str]:
        """The session as query parameters, for every link and form that stays in it."""
        fields = {"topic": self.topic, "tag": self.tag, "muscle": self.muscle}
        return {name: value for name, value in fields.items() if value}


@dataclass(frozen=True)
class QueueCounts:
    new: int
    learning: int
    due: int
    answered_today: int  # answers since the start of the learner's day

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class NextCard:
    card: CardState
    kind: str  # "review" | "learning" | "new"


def learner_clinic_ids(user_id: int) -> list[int]:
    return list(
        db.session.execute(
            select(Membership.clinic_id).where(Membership.user_id == user_id)
        ).scalars()
    )


def visible_to_learner(clinic_ids: list[int]):
    """The SQL condition "a learner with these clinics may study this question": the shared
    bank, plus items owned by one of their clinics. Other clinics' items never match.

    Published-ness is checked separately (``Question.status``); with it this is one range of
    ``ix_questions_status_clinic``.
    """
    shared = Question.clinic_id.is_(None)
    return shared | Question.clinic_id.in_(clinic_ids) if clinic_ids else shared


def visible_to_user(user_id: int):
    """:func:`visible_to_learner` for pages that ask once: the user's clinics as a subquery of
    the same statement, not a query of their own."""
    memberships = select(Membership.clinic_id).where(Membership.user_id == user_id)
    return Question.clinic_id.is_(None) | Question.clinic_id.in_(memberships.scalar_subquery())


class _Scope:
    """The questions a learner may study now: published, shared or of their clinics, in their
    topics and session filter."""

    def __init__(self, user_id: int, session: SessionFilter):
        settings = load_settings(user_id)
        self.visible = visible_to_learner(learner_clinic_ids(user_id))
        topics = list(settings.topics)
        if session.topic:
            topics = [session.topic] if not topics or session.topic in topics else ["-none-"]
        self.topic_ids: list[int] | None = None
        if topics:
            self.topic_ids = list(
                db.session.execute(select(Topic.id).where(Topic.slug.in_(topics))).scalars()
            )
        self.question_ids: list[int] | None = None
        if session.tag:
            self.question_ids = _questions_with_tag(session.tag)
        self.muscle = session.muscle

    def where(self, query: Select) -> Select:
        query = query.where(Question.status == QuestionStatus.PUBLISHED, self.visible)
        if self.topic_ids is not None:
            query = query.where(Question.topic_id.in_(self.topic_ids))
        if self.question_ids is not None:
            query = query.where(Question.id.in_(self.question_ids))
        if self.muscle is not None:
            query = query.where(Question.muscle_slug == self.muscle)
        return query


def _questions_with_tag(tag: str) -> list[int]:
    # Tags live in the version content (JSON); filtering in Python keeps this portable, and a
    # bank has hundreds of items, not millions.
    rows = db.session.execute(
        select(Question.id, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.status == QuestionStatus.PUBLISHED)
    ).all()
    return [qid for qid, content in rows if tag in content.get("tags", ())]


def _cards(user_id: int, scope: _Scope) -> Select:
    query = (
        select(CardState)
        .join(Question, Question.id == CardState.question_id)
        .where(CardState.user_id == user_id, CardState.suspended.is_(False))
    )
    return scope.where(query)


def _done_today(user_id: int, start: datetime) -> dict[int, int]:
    """Answers since the start of the learner's day, by the card's state before the answer."""
    return dict(
        db.session.execute(
            select(ReviewLog.previous_state, func.count(ReviewLog.id))
            .where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= start)
            .group_by(ReviewLog.previous_state)
        ).all()
    )


def _new_questions(user_id: int, scope: _Scope) -> Select:
    """Published questions the learner has not started (no card yet, or a card still new)."""
    started = exists().where(
        CardState.question_id == Question.id,
        CardState.user_id == user_id,
        (CardState.state != int(State.NEW)) | CardState.suspended.is_(True),
    )
    return scope.where(select(Question).where(~started))


def _limits(user_id: int, now: datetime) -> tuple[int, int, datetime, int]:
    """(reviews left, new left, end of the learner's day, answers so far today)."""
    settings = load_settings(user_id)
    start, end = learner_day(settings, now)
    done = _done_today(user_id, start)
    reviews_left = max(0, settings.max_reviews_per_day - done.get(int(State.REVIEW), 0))
    new_left = max(0, settings.new_per_day - done.get(int(State.NEW), 0))
    return reviews_left, new_left, end, sum(done.values())


def counts(user_id: int, now: datetime, session: SessionFilter = SessionFilter()) -> QueueCounts:
    scope = _Scope(user_id, session)
    reviews_left, new_left, day_end, answered = _limits(user_id, now)
    is_due = (CardState.state == int(State.REVIEW)) & (CardState.due < day_end)
    is_learning = CardState.state.in_([int(State.LEARNING), int(State.RELEARNING)]) & (
        CardState.due <= now + LEARN_AHEAD
    )
    due, learning = db.session.execute(
        _cards(user_id, scope)
        .where(CardState.due <= max(day_end, now + LEARN_AHEAD))
        .with_only_columns(
            func.coalesce(func.sum(case((is_due, 1), else_=0)), 0),
            func.coalesce(func.sum(case((is_learning, 1), else_=0)), 0),
        )
    ).one()
    new_available = db.session.execute(
        _new_questions(user_id, scope).with_only_columns(func.count(Question.id))
    ).scalar_one()
    return QueueCounts(
        new=min(new_left, new_available),
        learning=learning,
        due=min(due, reviews_left),
        answered_today=answered,
    )


def next_card(
    user_id: int, now: datetime, session: SessionFilter = SessionFilter()
) -> NextCard | None:
    """The card to show now, creating the learner's card for a new item; None when done."""
    scope = _Scope(user_id, session)
    reviews_left, new_left, day_end, _answered = _limits(user_id, now)

    if reviews_left > 0:
        # Rank on three columns; load only the chosen card as an object.
        candidates = db.session.execute(
            _cards(user_id, scope)
            .with_only_columns(CardState.id, CardState.due, CardState.last_review)
            .where(CardState.state == int(State.REVIEW), CardState.due < day_end)
            .order_by(CardState.due, CardState.id)
            .limit(REVIEW_WINDOW)
        ).all()
        if candidates:
            chosen = max(candidates, key=lambda row: _overdue_ratio(row.due, row.last_review, now))
            return NextCard(db.session.get(CardState, chosen.id), "review")

    learning = _first_learning(user_id, scope, now)
    if learning is not None:
        return NextCard(learning, "learning")

    if new_left > 0:
        card = _next_new_card(user_id, scope, now)
        if card is not None:
            return NextCard(card, "new")

    ahead = _first_learning(user_id, scope, now + LEARN_AHEAD)
    return NextCard(ahead, "learning") if ahead is not None else None


def kind_of(card: CardState) -> str:
    """The queue a card shown on its own (after an undo, say) belongs to, as next_card names
    them: a card never answered is "new", not "again"."""
    state = State(card.state)
    if state == State.NEW:
        return "new"
    return "review" if state == State.REVIEW else "learning"


def _next_new_card(user_id: int, scope: _Scope, now: datetime) -> CardState | None:
    """The learner's card for the next new item, created on first showing.

    New items come topic by topic; within the first topic that has any, they are mixed per
    learner. Topic files are grouped by item type, and file order would give a run of
    flashcards, then a run of true/false; a hash of (learner, item) orders them instead, the same
    on every request. One query brings the candidates of every topic with their card (if shown
    before); a bank has hundreds of items, so choosing in Python is cheap and portable.
    """
    shown = aliased(CardState)  # not the CardState that _new_questions' EXISTS correlates
    rows = db.session.execute(
        _new_questions(user_id, scope)
        .join(Topic, Topic.id == Question.topic_id)
        .outerjoin(shown, and_(shown.question_id == Question.id, shown.user_id == user_id))
        .with_only_columns(Question.id, Topic.position, shown.id)
    ).all()
    if not rows:
        return None
    first_topic = min(position for _qid, position, _card in rows)
    question_id, _position, card_id = min(
        (row for row in rows if row[1] == first_topic),
        key=lambda row: hashlib.blake2b(f"{user_id}:{row[0]}".encode()).digest(),
    )
    if card_id is not None:
        return db.session.get(CardState, card_id)
    card = CardState(user_id=user_id, question_id=question_id, state=int(State.NEW), due=now)
    db.session.add(card)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent request created it first: use theirs
        db.session.rollback()
        card = db.session.execute(
            select(CardState).where(
                CardState.user_id == user_id, CardState.question_id == question_id
            )
        ).scalar_one()
    return card


def _first_learning(user_id: int, scope: _Scope, until: datetime) -> CardState | None:
    return db.session.execute(
        _cards(user_id, scope)
        .where(
            CardState.state.in_([int(State.LEARNING), int(State.RELEARNING)]),
            CardState.due <= until,
        )
        .order_by(CardState.due, CardState.id)
        .limit(1)
    ).scalar_one_or_none()


def _overdue_ratio(due: datetime, last_review: datetime | None, now: datetime) -> float:
    """How late a card is, relative to the interval it was given."""
    interval = (due - last_review).total_seconds() if last_review else 0.0
    return (now - due).total_seconds() / max(interval, 60.0)


def session_size(user_id: int, session: SessionFilter) -> int:
    """How many items a session covers at all (due or not): 0 means nothing matched it."""
    scope = _Scope(user_id, session)
    return db.session.execute(scope.where(select(func.count(Question.id)))).scalar_one()


def tag_counts(user_id: int) -> list[tuple[str, int]]:
    """(tag, number of items) over the items the learner may study, by tag, for the picker."""
    rows = db.session.execute(
        select(QuestionVersion.content)
        .join(Question, QuestionVersion.id == Question.current_version_id)
        .where(Question.status == QuestionStatus.PUBLISHED, visible_to_user(user_id))
    ).scalars()
    counted: dict[str, int] = {}
    for content in rows:
        for tag in set(content.get("tags", ())):
            counted[tag] = counted.get(tag, 0) + 1
    return sorted(counted.items())


def topic_choices() -> list[tuple[str, str]]:
    """(slug, title) of every topic, for the custom-session picker."""
    return [
        (slug, title)
        for slug, title in db.session.execute(
            select(Topic.slug, Topic.title).order_by(Topic.position, Topic.slug)
        ).all()
    ]
