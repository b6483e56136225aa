"""Today's work, the review forecast, the activity calendar, the streak and topic mastery."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainer.domain.learner_stats.days import _check_days, _event_days, local_day
from trainer.domain.learner_stats.events import CardSnapshot, ReviewEvent, TopicInfo
from trainer.domain.scheduling import Rating, State, as_utc

_ONE_DAY = timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodaySummary:
    """What the learner did today and what is waiting.

    Attributes:
        date: The learner's current day.
        reviews_done: Answers given today (a card answered three times counts three times).
        new_done: Of those, answers to new cards (= new cards started today).
        learning_done: Answers to cards in learning.
        review_done: Answers to cards in review.
        relearning_done: Answers to cards in relearning.
        again_count: Answers that were Again.
        correct_rate: Share of today's answers that were not Again; ``None`` before the first.
        cards_studied: Distinct cards answered today.
        time_spent_ms: Total answering time today.
        due_now: Started, unsuspended cards due at or before ``now``.
        due_later_today: Started, unsuspended cards due after ``now`` but still today.
        new_available: Unsuspended cards never reviewed.
    """

    date: date
    reviews_done: int
    new_done: int
    learning_done: int
    review_done: int
    relearning_done: int
    again_count: int
    correct_rate: float | None
    cards_studied: int
    time_spent_ms: int
    due_now: int
    due_later_today: int
    new_available: int


@dataclass(frozen=True)
class ForecastDay:
    """Cards due on one of the learner's days (overdue cards are counted on the first day)."""

    date: date
    due_count: int


@dataclass(frozen=True)
class HeatmapDay:
    """Answers given on one of the learner's days."""

    date: date
    reviews: int


@dataclass(frozen=True)
class Streak:
    """Consecutive days with at least one review.

    Attributes:
        current_days: The run ending today, or ending yesterday if nothing was reviewed yet
            today (the streak is still alive until today is over); 0 otherwise.
        longest_days: The longest run ever (up to today).
        reviewed_today: Whether today already counts.
    """

    current_days: int
    longest_days: int
    reviewed_today: bool


@dataclass(frozen=True)
class TopicMastery:
    """How much of a topic the learner has studied and how much they would recall now.

    Attributes:
        slug, title: The topic.
        studied: Cards of the topic reviewed at least once.
        total: Items in the topic (``TopicInfo.item_count``, or the number of the topic's cards
            if that is larger, so shares never exceed 1).
        studied_share: ``studied / total`` (0.0 for an empty topic).
        mean_recall: Mean retrievability over all ``total`` items, unstudied ones counting as 0.
        mean_recall_studied: Mean retrievability over the studied cards only; ``None`` if none.
    """

    slug: str
    title: str
    studied_share: float
    mean_recall: float
    studied: int
    total: int
    mean_recall_studied: float | None


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


def today(
    events: Iterable[ReviewEvent],
    snapshots: Iterable[CardSnapshot],
    now: datetime,
    tz: tzinfo,
    *,
    day_start: timedelta = timedelta(0),
) -> TodaySummary:
    """Summarise the learner's current day: answers given (from ``events``) and cards waiting
    (from ``snapshots``)."""
    now = as_utc(now, "now")
    current = local_day(now, tz, day_start)
    todays = [event for day, event in _event_days(events, tz, day_start) if day == current]
    by_state = Counter(event.state_before for event in todays)
    again = sum(1 for event in todays if event.rating == Rating.AGAIN)

    due_now = due_later = new_available = 0
    for card in snapshots:
        if card.suspended:
            continue
        if card.state == State.NEW:
            new_available += 1
        elif card.due <= now:
            due_now += 1
        elif local_day(card.due, tz, day_start) == current:
            due_later += 1

    return TodaySummary(
        date=current,
        reviews_done=len(todays),
        new_done=by_state[State.NEW],
        learning_done=by_state[State.LEARNING],
        review_done=by_state[State.REVIEW],
        relearning_done=by_state[State.RELEARNING],
        again_count=again,
        correct_rate=(len(todays) - again) / len(todays) if todays else None,
        cards_studied=len({event.card_id for event in todays}),
        time_spent_ms=sum(event.duration_ms for event in todays),
        due_now=due_now,
        due_later_today=due_later,
        new_available=new_available,
    )


def forecast(
    snapshots: Iterable[CardSnapshot],
    now: datetime,
    tz: tzinfo,
    days: int = 30,
    *,
    day_start: timedelta = timedelta(0),
) -> list[ForecastDay]:
    """Cards due on each of the learner's next ``days`` days, today first.

    Overdue cards are counted on today, so day 0 is the work waiting today. Suspended cards and
    new cards (never reviewed; they are introduced by the daily new-card limit, not by a due
    date) are left out, as are cards due after the last day.
    """
    _check_days(days)
    current = local_day(as_utc(now, "now"), tz, day_start)
    counts = [0] * days
    for card in snapshots:
        if card.suspended or card.state == State.NEW:
            continue
        offset = max((local_day(card.due, tz, day_start) - current).days, 0)
        if offset < days:
            counts[offset] += 1
    return [
        ForecastDay(date=current + timedelta(days=offset), due_count=count)
        for offset, count in enumerate(counts)
    ]


def heatmap(
    events: Iterable[ReviewEvent],
    now: datetime,
    tz: tzinfo,
    days: int = 365,
    *,
    day_start: timedelta = timedelta(0),
) -> list[HeatmapDay]:
    """Answers given on each of the last ``days`` learner days, oldest first, ending today.

    Every day in the window is present (with 0 when nothing was answered).
    """
    _check_days(days)
    current = local_day(as_utc(now, "now"), tz, day_start)
    first = current - timedelta(days=days - 1)
    counts = Counter(day for day, _ in _event_days(events, tz, day_start))
    return [
        HeatmapDay(date=day, reviews=counts[day])
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


def _longest_run(days: Sequence[date]) -> int:
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == _ONE_DAY else 1
        longest = max(longest, run)
        previous = day
    return longest


def streak(
    events: Iterable[ReviewEvent],
    now: datetime,
    tz: tzinfo,
    *,
    day_start: timedelta = timedelta(0),
) -> Streak:
    """Runs of consecutive learner days with at least one review (see :class:`Streak`)."""
    current = local_day(as_utc(now, "now"), tz, day_start)
    active = {day for day, _ in _event_days(events, tz, day_start) if day <= current}
    reviewed_today = current in active
    day = current if reviewed_today else current - _ONE_DAY
    current_days = 0
    while day in active:
        current_days += 1
        day -= _ONE_DAY
    return Streak(
        current_days=current_days,
        longest_days=_longest_run(sorted(active)),
        reviewed_today=reviewed_today,
    )


def topic_mastery(
    snapshots: Iterable[CardSnapshot], topics: Iterable[TopicInfo]
) -> list[TopicMastery]:
    """Per topic, in the order of ``topics``: the share of its items studied and the mean
    probability of recalling them now.

    ``mean_recall`` averages over *all* the topic's items, an unstudied item counting as 0
    (nothing learned, nothing to recall; also what FSRS gives a card never reviewed). So it
    reads as "how much of this topic would I recall right now" and cannot look perfect after
    studying two items of fifty; ``mean_recall_studied`` gives the average over studied cards.

    Suspended cards are included: suspending a card does not change what the learner knows.
    Snapshots of topics not in ``topics`` are ignored.
    """
    by_topic: dict[str, list[CardSnapshot]] = {}
    for card in snapshots:
        by_topic.setdefault(card.topic, []).append(card)

    result = []
    for topic in topics:
        cards = by_topic.get(topic.slug, [])
        studied = [card for card in cards if card.state != State.NEW]
        recall = sum(card.retrievability_now for card in studied)
        total = max(topic.item_count, len(cards))
        result.append(
            TopicMastery(
                slug=topic.slug,
                title=topic.title,
                studied_share=len(studied) / total if total else 0.0,
                mean_recall=recall / total if total else 0.0,
                studied=len(studied),
                total=total,
                mean_recall_studied=recall / len(studied) if studied else None,
            )
        )
    return result
