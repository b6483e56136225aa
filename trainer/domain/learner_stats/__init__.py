"""A learner's progress figures: today's work, the review forecast, the activity calendar,
true retention, the study streak and mastery per topic.

Pure functions over plain values, in the manner of :mod:`trainer.domain.scheduling`: no Flask,
no ORM, nothing reads the clock. Inputs are frozen dataclasses the caller builds from its rows
(:class:`ReviewEvent`, :class:`CardSnapshot`, :class:`TopicInfo`); results are frozen
dataclasses. ``now`` (timezone-aware), the learner's time zone ``tz`` (a ``zoneinfo.ZoneInfo``
or a ``datetime.timezone``) and ``day_start`` are always passed in.

Days are the learner's days. A day begins at local midnight plus ``day_start`` (like Anki's
"next day starts at" option): with ``day_start=timedelta(hours=4)`` a review at 02:30 local time
belongs to the previous day. The offset is applied to local wall-clock time, so a day starts at
04:00 on the clock both sides of a daylight-saving change. See :func:`local_day`.

Modules: :mod:`.events` (the inputs), :mod:`.days` (learner days), :mod:`.summaries` (today,
forecast, heatmap, streak, topic mastery) and :mod:`.retention` (true retention). Import from the
package, not the modules.
"""

# day_bounds is not in __all__ (as before the split) but is imported from here by callers.
from trainer.domain.learner_stats.days import day_bounds as day_bounds
from trainer.domain.learner_stats.days import local_day
from trainer.domain.learner_stats.events import CardSnapshot, ReviewEvent, TopicInfo
from trainer.domain.learner_stats.retention import (
    MATURE_INTERVAL_DAYS,
    RetentionCounts,
    RetentionPeriod,
    RetentionReport,
    true_retention,
)
from trainer.domain.learner_stats.summaries import (
    ForecastDay,
    HeatmapDay,
    Streak,
    TodaySummary,
    TopicMastery,
    forecast,
    heatmap,
    streak,
    today,
    topic_mastery,
)

__all__ = [
    "MATURE_INTERVAL_DAYS",
    "CardSnapshot",
    "ForecastDay",
    "HeatmapDay",
    "RetentionCounts",
    "RetentionPeriod",
    "RetentionReport",
    "ReviewEvent",
    "Streak",
    "TodaySummary",
    "TopicInfo",
    "TopicMastery",
    "forecast",
    "heatmap",
    "local_day",
    "streak",
    "today",
    "topic_mastery",
    "true_retention",
]
