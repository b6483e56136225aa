"""Learner statistics on small hand-computed examples.

Most examples use a fixed UTC+2 zone (no daylight saving) and ``NOW`` = 2024-03-10 12:00 UTC,
which is 14:00 on Sunday 10 March local time. Comments give local times.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from trainer.domain.learner_stats import (
    MATURE_INTERVAL_DAYS,
    CardSnapshot,
    ForecastDay,
    HeatmapDay,
    RetentionCounts,
    ReviewEvent,
    Streak,
    TopicInfo,
    forecast,
    heatmap,
    local_day,
    streak,
    today,
    topic_mastery,
    true_retention,
)
from trainer.domain.scheduling import Rating, State

TZ = timezone(timedelta(hours=2))
NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)  # 14:00 local, 10 March
FOUR_AM = timedelta(hours=4)
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A UTC moment in 2024."""
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def ev(
    card_id: int,
    when: datetime,
    rating: int = 3,
    state: int = REVIEW,
    interval: float | None = 5.0,
    duration_ms: int = 1000,
    topic: str = "neck",
) -> ReviewEvent:
    return ReviewEvent(
        card_id=card_id,
        reviewed_at=when,
        rating=rating,
        duration_ms=duration_ms,
        state_before=state,
        interval_before_days=None if state == NEW else interval,
        topic=topic,
    )


def snap(
    card_id: int,
    due: datetime,
    state: int = REVIEW,
    retrievability: float = 0.9,
    suspended: bool = False,
    topic: str = "neck",
) -> CardSnapshot:
    return CardSnapshot(
        card_id=card_id,
        topic=topic,
        state=state,
        due=due,
        stability=None if state == NEW else 10.0,
        retrievability_now=0.0 if state == NEW else retrievability,
        suspended=suspended,
    )


# --- local_day ------------------------------------------------------------------------------


def test_local_day_uses_the_zone_and_the_day_start():
    # 23:30 UTC on 9 March is 01:30 on 10 March at UTC+2; with days starting at 04:00 it still
    # belongs to 9 March.
    moment = at(9, 23, 30)
    assert local_day(moment, UTC) == date(2024, 3, 9)
    assert local_day(moment, TZ) == date(2024, 3, 10)
    assert local_day(moment, TZ, FOUR_AM) == date(2024, 3, 9)
    assert local_day(at(10, 2), TZ, FOUR_AM) == date(2024, 3, 10)  # 04:00 local exactly


def test_local_day_start_is_wall_clock_time_across_a_dst_change():
    try:
        from zoneinfo import ZoneInfo

        berlin = ZoneInfo("Europe/Berlin")
    except Exception:  # pragma: no cover - no time zone database on this machine
        pytest.skip("no tz database")
    # Clocks went from 02:00 CET to 03:00 CEST on 31 March 2024.
    assert local_day(datetime(2024, 3, 31, 1, 59, tzinfo=UTC), berlin, FOUR_AM) == date(
        2024, 3, 30
    )  # 03:59 CEST
    assert local_day(datetime(2024, 3, 31, 2, 0, tzinfo=UTC), berlin, FOUR_AM) == date(
        2024, 3, 31
    )  # 04:00 CEST


@pytest.mark.parametrize("day_start", [timedelta(hours=-1), timedelta(hours=24), 4])
def test_local_day_rejects_a_bad_day_start(day_start):
    with pytest.raises(ValueError, match="day_start"):
        local_day(NOW, TZ, day_start)


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="naive"):
        local_day(datetime(2024, 3, 10, 12), TZ)
    with pytest.raises(ValueError, match="naive"):
        today([], [], datetime(2024, 3, 10, 12), TZ)


# --- input validation -----------------------------------------------------------------------


def test_review_event_normalises_values():
    event = ReviewEvent(1, NOW.astimezone(TZ), 1, 500, 2, 3.0, "neck")
    assert event.rating is Rating.AGAIN
    assert event.state_before is State.REVIEW
    assert event.reviewed_at == NOW
    assert event.reviewed_at.tzinfo is UTC


def test_review_event_reports_every_problem():
    with pytest.raises(ValueError) as info:
        ReviewEvent(7, datetime(2024, 3, 10), 5, -1, 9, -2.0, "neck")
    message = str(info.value)
    for fragment in ("card 7", "naive", "rating", "state_before", "duration_ms", "interval"):
        assert fragment in message


def test_review_event_in_review_state_needs_its_interval():
    with pytest.raises(ValueError, match="interval_before_days"):
        ReviewEvent(1, NOW, 3, 1000, REVIEW, None, "neck")
    # New and learning cards may have none.
    ReviewEvent(1, NOW, 3, 1000, NEW, None, "neck")
    ReviewEvent(1, NOW, 3, 1000, LEARNING, None, "neck")


def test_card_snapshot_and_topic_info_validate():
    with pytest.raises(ValueError, match="retrievability_now"):
        CardSnapshot(1, "neck", REVIEW, NOW, 3.0, 1.5, False)
    with pytest.raises(ValueError, match="state"):
        CardSnapshot(1, "neck", 8, NOW, 3.0, 0.5, False)
    with pytest.raises(ValueError, match="item_count"):
        TopicInfo("neck", "Neck", -1)
    assert snap(1, NOW.astimezone(TZ)).due.tzinfo is UTC


# --- today ----------------------------------------------------------------------------------

TODAY_EVENTS = [
    ev(1, at(9, 21, 59), rating=1, state=NEW, duration_ms=9000),  # 23:59 on 9 March
    ev(1, at(9, 22, 0), rating=1, state=NEW, duration_ms=3000),  # 00:00 on 10 March
    ev(1, at(9, 22, 5), rating=3, state=LEARNING, interval=None, duration_ms=2000),  # 00:05
    ev(2, at(10, 8, 0), rating=1, state=REVIEW, interval=10, duration_ms=5000),  # 10:00
    ev(2, at(10, 8, 10), rating=3, state=RELEARNING, interval=0.01, duration_ms=1000),
    ev(3, at(10, 11, 0), rating=4, state=REVIEW, interval=30, duration_ms=4000),  # 13:00
]

TODAY_SNAPSHOTS = [
    snap(10, NOW - timedelta(days=1)),  # overdue
    snap(11, NOW),  # due exactly now
    snap(12, NOW + timedelta(hours=2), state=LEARNING),  # 16:00 today
    snap(13, at(10, 22, 30)),  # 00:30 on 11 March: tomorrow, or today if days start at 04:00
    snap(14, NOW - timedelta(days=2), suspended=True),
    snap(15, NOW - timedelta(days=3), state=NEW),
    snap(16, NOW, state=NEW, suspended=True),
]


def test_today_counts_answers_of_the_local_day():
    summary = today(TODAY_EVENTS, TODAY_SNAPSHOTS, NOW, TZ)
    assert summary.date == date(2024, 3, 10)
    assert summary.reviews_done == 5
    assert summary.new_done == 1
    assert summary.learning_done == 1
    assert summary.review_done == 2
    assert summary.relearning_done == 1
    assert summary.again_count == 2
    assert summary.correct_rate == pytest.approx(3 / 5)
    assert summary.cards_studied == 3
    assert summary.time_spent_ms == 15000
    assert summary.due_now == 2
    assert summary.due_later_today == 1
    assert summary.new_available == 1


def test_today_with_a_day_start_offset():
    # Days start at 04:00: the answers at 00:00 and 00:05 belong to 9 March, the card due at
    # 00:30 on 11 March is due later "today".
    summary = today(TODAY_EVENTS, TODAY_SNAPSHOTS, NOW, TZ, day_start=FOUR_AM)
    assert summary.reviews_done == 3
    assert summary.new_done == 0
    assert summary.again_count == 1
    assert summary.time_spent_ms == 10000
    assert summary.cards_studied == 2
    assert summary.due_now == 2
    assert summary.due_later_today == 2


def test_today_before_the_first_answer():
    summary = today([], [], NOW, TZ)
    assert summary.reviews_done == 0
    assert summary.correct_rate is None
    assert summary.due_now == summary.new_available == 0


# --- forecast -------------------------------------------------------------------------------

FORECAST_SNAPSHOTS = [
    snap(1, at(1, 10)),  # overdue since 1 March -> today
    snap(2, at(10, 15), state=LEARNING),  # 17:00 today
    snap(3, at(11, 21, 59)),  # 23:59 on 11 March
    snap(4, at(11, 22, 0)),  # 00:00 on 12 March (11 March if days start at 04:00)
    snap(5, at(14, 10)),  # day 4
    snap(6, at(15, 10)),  # day 5: past a 5-day window
    snap(7, at(11, 10), suspended=True),
    snap(8, at(11, 10), state=NEW),
]


def test_forecast_counts_cards_per_local_day_with_overdue_today():
    days = forecast(FORECAST_SNAPSHOTS, NOW, TZ, days=5)
    assert days == [
        ForecastDay(date(2024, 3, 10), 2),
        ForecastDay(date(2024, 3, 11), 1),
        ForecastDay(date(2024, 3, 12), 1),
        ForecastDay(date(2024, 3, 13), 0),
        ForecastDay(date(2024, 3, 14), 1),
    ]


def test_forecast_with_a_day_start_offset():
    days = forecast(FORECAST_SNAPSHOTS, NOW, TZ, days=5, day_start=FOUR_AM)
    assert [day.due_count for day in days] == [2, 2, 0, 0, 1]


def test_forecast_starts_on_the_learner_day_not_the_calendar_day():
    # 01:00 local on 10 March is still 9 March when days start at 04:00.
    days = forecast([], at(9, 23), TZ, days=2, day_start=FOUR_AM)
    assert [day.date for day in days] == [date(2024, 3, 9), date(2024, 3, 10)]


def test_forecast_defaults_to_30_days_and_validates_days():
    days = forecast([], NOW, TZ)
    assert len(days) == 30
    assert days[-1].date == date(2024, 4, 8)
    assert all(day.due_count == 0 for day in days)
    with pytest.raises(ValueError, match="days"):
        forecast([], NOW, TZ, days=0)


# --- heatmap --------------------------------------------------------------------------------

HEATMAP_EVENTS = [
    ev(1, at(7, 10)),  # 7 March, before a 3-day window
    ev(1, at(9, 10)),
    ev(2, at(9, 21, 59)),  # 23:59 on 9 March
    ev(3, at(9, 22, 0)),  # 00:00 on 10 March
]


def test_heatmap_counts_reviews_per_local_day_oldest_first():
    assert heatmap(HEATMAP_EVENTS, NOW, TZ, days=3) == [
        HeatmapDay(date(2024, 3, 8), 0),
        HeatmapDay(date(2024, 3, 9), 2),
        HeatmapDay(date(2024, 3, 10), 1),
    ]


def test_heatmap_with_a_day_start_offset():
    days = heatmap(HEATMAP_EVENTS, NOW, TZ, days=3, day_start=timedelta(hours=1))
    assert [day.reviews for day in days] == [0, 3, 0]


def test_heatmap_defaults_to_a_year_ending_today():
    days = heatmap([], NOW, TZ)
    assert len(days) == 365
    assert days[0].date == date(2023, 3, 12)  # 2024 is a leap year
    assert days[-1].date == date(2024, 3, 10)


# --- true retention -------------------------------------------------------------------------

RETENTION_EVENTS = [
    # Today, 10 March.
    ev(1, at(10, 8, 0), rating=1, interval=10),  # first of the day: young fail
    ev(1, at(10, 8, 10), rating=3, state=RELEARNING, interval=0.01),  # not first, relearning
    ev(1, at(10, 9, 0), rating=3, interval=1),  # review state but not first of the day
    ev(2, at(10, 9, 0), rating=2, interval=21),  # Hard passes; exactly 21 days is mature
    ev(3, at(10, 9, 30), rating=3, interval=20.9),  # young pass
    ev(4, at(10, 10, 0), rating=3, state=LEARNING, interval=None),  # first, but learning
    ev(4, at(10, 10, 30), rating=1, interval=1),  # review state, not the first of the day
    ev(5, at(10, 11, 0), rating=1, state=NEW),  # new cards never count
    # Earlier days.
    ev(1, at(5, 10), rating=1, interval=30),  # 5 days ago: mature fail
    ev(2, at(3, 22, 0), rating=3, interval=5),  # 00:00 on 4 March, 6 days ago: young pass
    ev(3, at(3, 21, 59), rating=1, interval=5),  # 23:59 on 3 March, 7 days ago: young fail
    ev(6, at(10, 10, month=2), rating=4, interval=40),  # 10 February, 29 days ago: mature pass
    ev(6, at(9, 10, month=2), rating=1, interval=40),  # 9 February, 30 days ago: mature fail
    # After today: ignored.
    ev(7, at(11, 10), rating=1, interval=3),
]


def test_true_retention_by_period_and_maturity():
    report = true_retention(RETENTION_EVENTS, NOW, TZ)

    assert report.today.young == RetentionCounts(passed=1, failed=1)
    assert report.today.mature == RetentionCounts(passed=1, failed=0)
    assert report.today.total == RetentionCounts(passed=2, failed=1)
    assert report.today.total.rate == pytest.approx(2 / 3)

    assert report.last_7_days.young == RetentionCounts(2, 1)
    assert report.last_7_days.mature == RetentionCounts(1, 1)

    assert report.last_30_days.young == RetentionCounts(2, 2)
    assert report.last_30_days.mature == RetentionCounts(2, 1)

    assert report.all_time.young == RetentionCounts(2, 2)
    assert report.all_time.mature == RetentionCounts(2, 2)
    assert report.all_time.total.reviews == 8
    assert report.all_time.total.rate == 0.5


def test_true_retention_does_not_depend_on_event_order():
    forward = true_retention(RETENTION_EVENTS, NOW, TZ)
    assert true_retention(list(reversed(RETENTION_EVENTS)), NOW, TZ) == forward


def test_true_retention_first_review_per_day_follows_the_day_start():
    events = [
        ev(7, at(9, 23), rating=1, interval=3),  # 01:00 local on 10 March
        ev(7, at(10, 3), rating=3, interval=1),  # 05:00 local on 10 March
    ]
    # Midnight days: both on 10 March, so only the 01:00 fail counts.
    plain = true_retention(events, NOW, TZ)
    assert plain.today.young == RetentionCounts(0, 1)
    assert plain.all_time.young == RetentionCounts(0, 1)
    # Days from 04:00: the fail is on 9 March and the pass is the first of 10 March.
    shifted = true_retention(events, NOW, TZ, day_start=FOUR_AM)
    assert shifted.today.young == RetentionCounts(1, 0)
    assert shifted.all_time.young == RetentionCounts(1, 1)


def test_true_retention_mature_threshold_is_21_days():
    assert MATURE_INTERVAL_DAYS == 21
    events = [ev(1, NOW, interval=20.99), ev(2, NOW, interval=21.0)]
    report = true_retention(events, NOW, TZ)
    assert report.today.young == RetentionCounts(1, 0)
    assert report.today.mature == RetentionCounts(1, 0)


def test_true_retention_without_reviews_has_no_rates():
    report = true_retention([ev(1, NOW, state=LEARNING, interval=None)], NOW, TZ)
    for label, period in report.periods:
        assert label
        assert period.total.reviews == 0
        assert period.total.rate is None
    assert [label for label, _ in report.periods] == [
        "Today",
        "Last 7 days",
        "Last 30 days",
        "All time",
    ]


# --- streak ---------------------------------------------------------------------------------


def reviews_on(*days: int) -> list[ReviewEvent]:
    """One review at noon UTC (14:00 local) on each given March day."""
    return [ev(1, at(day, 12)) for day in days]


def test_streak_counts_back_from_today():
    events = reviews_on(10, 9, 8, 5, 4, 3, 2) + reviews_on(10, 10)  # several on one day
    assert streak(events, NOW, TZ) == Streak(current_days=3, longest_days=4, reviewed_today=True)


def test_streak_stays_alive_until_today_is_over():
    assert streak(reviews_on(9, 8), NOW, TZ) == Streak(2, 2, reviewed_today=False)


def test_streak_broken_by_a_missed_day():
    assert streak(reviews_on(8, 7), NOW, TZ) == Streak(0, 2, reviewed_today=False)


def test_streak_without_reviews():
    assert streak([], NOW, TZ) == Streak(0, 0, reviewed_today=False)


def test_streak_ignores_reviews_after_today():
    assert streak(reviews_on(11, 12), NOW, TZ) == Streak(0, 0, reviewed_today=False)


def test_streak_with_a_day_start_offset():
    events = [ev(1, at(9, 23))]  # 01:00 local on 10 March
    assert streak(events, NOW, TZ) == Streak(1, 1, reviewed_today=True)
    assert streak(events, NOW, TZ, day_start=FOUR_AM) == Streak(1, 1, reviewed_today=False)


def test_streak_across_a_month_boundary():
    events = [ev(1, at(day, 12, month=2)) for day in (28, 29)] + reviews_on(1, 2)
    assert streak(events, at(2, 12), TZ) == Streak(4, 4, reviewed_today=True)


# --- topic mastery --------------------------------------------------------------------------


def test_topic_mastery_counts_unstudied_items_as_zero_recall():
    snapshots = [
        snap(1, NOW, retrievability=0.9, topic="neck"),
        snap(2, NOW, retrievability=0.5, topic="neck", suspended=True),  # still known
        snap(3, NOW, state=NEW, topic="neck"),
        snap(4, NOW, state=NEW, topic="shoulder"),
        snap(5, NOW, state=NEW, topic="shoulder"),
        snap(6, NOW, retrievability=0.8, topic="hip"),  # not a listed topic
        snap(7, NOW, retrievability=1.0, topic="jaw"),
        snap(8, NOW, retrievability=0.5, topic="jaw"),
    ]
    topics = [
        TopicInfo("neck", "Neck", 4),  # 4 items, only 3 have cards
        TopicInfo("shoulder", "Shoulder", 2),
        TopicInfo("empty", "Empty", 0),
        TopicInfo("jaw", "Jaw", 1),  # more cards than items: total follows the cards
    ]
    neck, shoulder, empty, jaw = topic_mastery(snapshots, topics)

    assert (neck.slug, neck.title, neck.studied, neck.total) == ("neck", "Neck", 2, 4)
    assert neck.studied_share == 0.5
    assert neck.mean_recall == pytest.approx((0.9 + 0.5) / 4)
    assert neck.mean_recall_studied == pytest.approx(0.7)

    assert (shoulder.studied, shoulder.total, shoulder.studied_share) == (0, 2, 0.0)
    assert shoulder.mean_recall == 0.0
    assert shoulder.mean_recall_studied is None

    assert (empty.studied, empty.total, empty.studied_share, empty.mean_recall) == (0, 0, 0, 0)

    assert (jaw.studied, jaw.total, jaw.studied_share) == (2, 2, 1.0)
    assert jaw.mean_recall == pytest.approx(0.75)


def test_topic_mastery_keeps_the_topic_order():
    topics = [TopicInfo("b", "B", 1), TopicInfo("a", "A", 1)]
    assert [m.slug for m in topic_mastery([], topics)] == ["b", "a"]
