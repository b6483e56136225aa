"""The learner statistics page: load rows, hand plain objects to domain/learner_stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from trainer.domain import learner_stats as stats
from trainer.domain.scheduling import retrievability
from trainer.extensions import db
from trainer.models import CardState, Question, QuestionStatus, QuestionVersion, ReviewLog, Topic
from trainer.services.learning.study import domain_card
from trainer.services.learning.study_queue import visible_to_user
from trainer.services.learning.study_settings import day_start as learner_day_start
from trainer.services.learning.study_settings import learner_zone, load_settings, scheduler_settings


@dataclass(frozen=True)
class Leech:
    card_id: int
    external_id: str
    prompt: str
    lapses: int


@dataclass(frozen=True)
class Dashboard:
    today: stats.TodaySummary
    forecast: list[stats.ForecastDay]
    heatmap: list[stats.HeatmapDay]
    retention: stats.RetentionReport
    streak: stats.Streak
    mastery: list[stats.TopicMastery]
    leeches: list[Leech]


def _events(user_id: int) -> list[stats.ReviewEvent]:
    rows = db.session.execute(
        select(ReviewLog, Topic.slug)
        .join(CardState, CardState.id == ReviewLog.card_id)
        .join(Question, Question.id == CardState.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.reviewed_at)
    ).all()
    events = []
    for log, topic in rows:
        before = log.state_before
        interval = None
        if before.get("last_review"):
            due = datetime.fromisoformat(before["due"])
            last = datetime.fromisoformat(before["last_review"])
            interval = max(0.0, (due - last) / timedelta(days=1))
        elif before.get("state") == 2:  # pragma: no cover - a review card always has one
            interval = 0.0
        events.append(
            stats.ReviewEvent(
                card_id=log.card_id,
                reviewed_at=log.reviewed_at,
                rating=log.rating,
                duration_ms=log.duration_ms,
                state_before=log.previous_state,
                interval_before_days=interval,
                topic=topic,
            )
        )
    return events


def _snapshots(user_id: int, now: datetime) -> list[stats.CardSnapshot]:
    settings = scheduler_settings(load_settings(user_id))
    rows = db.session.execute(
        select(CardState, Topic.slug)
        .join(Question, Question.id == CardState.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(
            CardState.user_id == user_id,
            Question.status == QuestionStatus.PUBLISHED,
            visible_to_user(user_id),
        )
    ).all()
    return [
        stats.CardSnapshot(
            card_id=card.id,
            topic=topic,
            state=card.state,
            due=card.due,
            stability=card.stability,
            retrievability_now=retrievability(domain_card(card), now, settings)
            if card.state
            else 0.0,
            suspended=card.suspended,
        )
        for card, topic in rows
    ]


def _topics(user_id: int) -> list[stats.TopicInfo]:
    """Topics with the number of items this learner may study (shared plus their clinics')."""
    counts = dict(
        db.session.execute(
            select(Question.topic_id, func.count(Question.id))
            .where(
                Question.status == QuestionStatus.PUBLISHED,
                visible_to_user(user_id),
            )
            .group_by(Question.topic_id)
        ).all()
    )
    return [
        stats.TopicInfo(t.slug, t.title, counts.get(t.id, 0))
        for t in db.session.execute(select(Topic).order_by(Topic.position)).scalars()
    ]


def leeches(user_id: int) -> list[Leech]:
    rows = db.session.execute(
        select(CardState, Question.external_id, QuestionVersion.prompt)
        .join(Question, Question.id == CardState.question_id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(CardState.user_id == user_id, CardState.leech.is_(True))
        .order_by(CardState.lapses.desc())
    ).all()
    return [Leech(card.id, ext, prompt, card.lapses) for card, ext, prompt in rows]


def unsuspend_leech(user_id: int, card_id: int) -> bool | None:
    """True if unsuspended, False if it is not (or no longer) a leech, None if not this user's."""
    card = db.session.get(CardState, card_id)
    if card is None or card.user_id != user_id:
        return None
    if not card.leech:
        return False
    card.suspended = False
    card.leech = False
    card.lapses = 0  # a fresh chance; the review log keeps the history
    db.session.commit()
    return True


def dashboard(user_id: int, now: datetime) -> Dashboard:
    settings = load_settings(user_id)
    tz = learner_zone(settings)
    day_start = learner_day_start(settings)
    events = _events(user_id)
    snapshots = _snapshots(user_id, now)
    return Dashboard(
        today=stats.today(events, snapshots, now, tz, day_start=day_start),
        forecast=stats.forecast(snapshots, now, tz, 30, day_start=day_start),
        heatmap=stats.heatmap(events, now, tz, 365, day_start=day_start),
        retention=stats.true_retention(events, now, tz, day_start=day_start),
        streak=stats.streak(events, now, tz, day_start=day_start),
        mastery=stats.topic_mastery(snapshots, _topics(user_id)),
        leeches=leeches(user_id),
    )


def topic_mastery(user_id: int, now: datetime) -> list[stats.TopicMastery]:
    """Per topic: how much the learner has studied and would recall now (home page)."""
    return stats.topic_mastery(_snapshots(user_id, now), _topics(user_id))


def review_history_rows(user_id: int) -> list[list[object]]:
    """Every review, for the CSV download."""
    rows = db.session.execute(
        select(ReviewLog, Question.external_id, QuestionVersion.number)
        .join(QuestionVersion, QuestionVersion.id == ReviewLog.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.reviewed_at)
    ).all()
    return [
        [
            log.reviewed_at.isoformat(),
            ext,
            number,
            log.rating,
            log.duration_ms,
            "" if log.correct is None else int(log.correct),
        ]
        for log, ext, number in rows
    ]
