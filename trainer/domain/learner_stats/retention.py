"""True retention, as in Anki's "True Retention" table, and its result types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainer.domain.learner_stats.days import _event_days, local_day
from trainer.domain.learner_stats.events import ReviewEvent
from trainer.domain.scheduling import Rating, State, as_utc

#: A card whose interval before a review is at least this many days is "mature" (Anki's split).
MATURE_INTERVAL_DAYS = 21.0


@dataclass(frozen=True)
class RetentionCounts:
    """Passed and failed counted reviews; ``rate`` is ``None`` when there are none."""

    passed: int = 0
    failed: int = 0

    @property
    def reviews(self) -> int:
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    def __add__(self, other: RetentionCounts) -> RetentionCounts:
        return RetentionCounts(self.passed + other.passed, self.failed + other.failed)


@dataclass(frozen=True)
class RetentionPeriod:
    """True retention over one period, split by card maturity."""

    young: RetentionCounts
    mature: RetentionCounts

    @property
    def total(self) -> RetentionCounts:
        return self.young + self.mature


@dataclass(frozen=True)
class RetentionReport:
    """True retention for the learner's current day, the last 7 and 30 days (each including
    today) and all time."""

    today: RetentionPeriod
    last_7_days: RetentionPeriod
    last_30_days: RetentionPeriod
    all_time: RetentionPeriod

    @property
    def periods(self) -> tuple[tuple[str, RetentionPeriod], ...]:
        """``(label, period)`` pairs in display order, for tables."""
        return (
            ("Today", self.today),
            ("Last 7 days", self.last_7_days),
            ("Last 30 days", self.last_30_days),
            ("All time", self.all_time),
        )


def true_retention(
    events: Iterable[ReviewEvent],
    now: datetime,
    tz: tzinfo,
    *,
    day_start: timedelta = timedelta(0),
) -> RetentionReport:
    """True retention, as defined for Anki's "True Retention" table.

    Followed: the Anki manual, "Card Info, Graphs and Statistics" > "True Retention Table"
    (docs.ankiweb.net/stats.html; ankitects/anki-manual src/stats.md): "A card is defined as
    'mature' if its interval is >= 21 days. Only one review per day - the first one - counts.
    Again counts as 'Fail'; Hard, Good, and Easy count as 'Pass'." And Anki's implementation,
    ankitects/anki rslib/src/stats/graphs/retention.rs (``calculate_true_retention``): young vs
    mature is decided by the interval *before* the review (``last_interval < 21`` is young);
    periods end at the start of the next learner day (today, 7 days, 30 days, all time).

    Differences, on purpose:

    * Anki also counts (re)learning reviews whose previous interval was at least a day; we
      count only reviews of cards in review state (``state_before == REVIEW``).
    * Anki gets "first review of the day" implicitly (a same-day repeat is a relearning step
      with an interval under a day); we apply it explicitly: per card and learner day only the
      earliest review is looked at, and it counts only if the card was in review state then.
    * Periods are whole learner days in ``tz`` (today and the 6 or 29 days before it) rather
      than multiples of 86,400 seconds, so they stay exact across daylight-saving changes.

    Reviews after the end of today are ignored.
    """
    current = local_day(as_utc(now, "now"), tz, day_start)
    first_of_day: dict[tuple[int, date], ReviewEvent] = {}
    for day, event in _event_days(events, tz, day_start):
        key = (event.card_id, day)
        earlier = first_of_day.get(key)
        # Strictly earlier only: with equal timestamps the event given first is kept.
        if earlier is None or event.reviewed_at < earlier.reviewed_at:
            first_of_day[key] = event

    # [period][mature][failed] counters for periods: today, 7 days, 30 days, all time.
    spans = (1, 7, 30, None)
    tallies = [[[0, 0], [0, 0]] for _ in spans]
    for (_, day), event in first_of_day.items():
        if event.state_before != State.REVIEW:
            continue
        age = (current - day).days
        if age < 0:
            continue
        mature = int(
            event.interval_before_days is not None
            and event.interval_before_days >= MATURE_INTERVAL_DAYS
        )
        failed = int(event.rating == Rating.AGAIN)
        for index, span in enumerate(spans):
            if span is None or age < span:
                tallies[index][mature][failed] += 1

    def period(tally: list[list[int]]) -> RetentionPeriod:
        (young_pass, young_fail), (mature_pass, mature_fail) = tally
        return RetentionPeriod(
            young=RetentionCounts(young_pass, young_fail),
            mature=RetentionCounts(mature_pass, mature_fail),
        )

    return RetentionReport(*(period(tally) for tally in tallies))
