"""The statistics' inputs: frozen dataclasses the caller builds from its rows.

Each validates itself on construction and reports every problem at once; datetimes are stored as
UTC and ratings and states as :class:`~trainer.domain.scheduling.Rating` and
:class:`~trainer.domain.scheduling.State`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trainer.domain.scheduling import Rating, State, as_utc


@dataclass(frozen=True)
class ReviewEvent:
    """One answered card, as logged.

    Not the same thing as :data:`trainer.domain.scheduling.ReviewEvent` (a bare
    ``(time, rating)`` pair for replaying one card's history): this one carries what the
    statistics need.

    Attributes:
        card_id: The card answered.
        reviewed_at: When (timezone-aware; stored as UTC).
        rating: The button pressed, 1 (Again) to 4 (Easy); stored as :class:`Rating`.
        duration_ms: Time spent on the card, in milliseconds (>= 0).
        state_before: The card's state when it was answered; stored as :class:`State`.
        interval_before_days: The card's scheduled interval when it was answered (its ``due``
            minus its ``last_review`` before this review), in days. ``None`` for a new card;
            required for a card in review state, whose interval decides young vs mature.
        topic: Slug of the card's topic.
    """

    card_id: int
    reviewed_at: datetime
    rating: int
    duration_ms: int
    state_before: int
    interval_before_days: float | None
    topic: str

    def __post_init__(self) -> None:
        problems: list[str] = []
        try:
            object.__setattr__(self, "reviewed_at", as_utc(self.reviewed_at, "reviewed_at"))
        except (TypeError, ValueError) as error:
            problems.append(str(error))
        try:
            object.__setattr__(self, "rating", Rating(self.rating))
        except ValueError:
            problems.append(f"rating must be 1-4, got {self.rating!r}")
        try:
            object.__setattr__(self, "state_before", State(self.state_before))
        except ValueError:
            problems.append(f"state_before must be 0-3, got {self.state_before!r}")
        if isinstance(self.duration_ms, bool) or not isinstance(self.duration_ms, int):
            problems.append(f"duration_ms must be an integer, got {self.duration_ms!r}")
        elif self.duration_ms < 0:
            problems.append(f"duration_ms must be >= 0, got {self.duration_ms}")
        interval = self.interval_before_days
        if interval is None:
            if self.state_before == State.REVIEW:
                problems.append("a review of a card in REVIEW state needs interval_before_days")
        elif isinstance(interval, bool) or not isinstance(interval, int | float):
            problems.append(f"interval_before_days must be a number, got {interval!r}")
        elif not interval >= 0:  # also rejects NaN
            problems.append(f"interval_before_days must be >= 0, got {interval}")
        if problems:
            raise ValueError(f"Invalid ReviewEvent for card {self.card_id}: " + "; ".join(problems))


@dataclass(frozen=True)
class CardSnapshot:
    """A card as it stands now.

    Attributes:
        card_id: The card.
        topic: Slug of the card's topic.
        state: Its current state; stored as :class:`State`. ``NEW`` means never reviewed.
        due: When it is next due (timezone-aware; stored as UTC).
        stability: FSRS stability in days; ``None`` for a new card.
        retrievability_now: Probability of recall at ``now``, computed by the caller (e.g. with
            :func:`trainer.domain.scheduling.retrievability`); 0.0 for a new card.
        suspended: Whether the learner suspended it (suspended cards are never due).
    """

    card_id: int
    topic: str
    state: int
    due: datetime
    stability: float | None
    retrievability_now: float
    suspended: bool = False

    def __post_init__(self) -> None:
        problems: list[str] = []
        try:
            object.__setattr__(self, "state", State(self.state))
        except ValueError:
            problems.append(f"state must be 0-3, got {self.state!r}")
        try:
            object.__setattr__(self, "due", as_utc(self.due, "due"))
        except (TypeError, ValueError) as error:
            problems.append(str(error))
        r = self.retrievability_now
        if isinstance(r, bool) or not isinstance(r, int | float) or not 0.0 <= r <= 1.0:
            problems.append(f"retrievability_now must be between 0 and 1, got {r!r}")
        if self.stability is not None and not self.stability >= 0:
            problems.append(f"stability must be >= 0, got {self.stability!r}")
        if problems:
            raise ValueError(
                f"Invalid CardSnapshot for card {self.card_id}: " + "; ".join(problems)
            )


@dataclass(frozen=True)
class TopicInfo:
    """A topic of the question bank and how many items it holds."""

    slug: str
    title: str
    item_count: int

    def __post_init__(self) -> None:
        count = self.item_count
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"item_count of topic {self.slug!r} must be >= 0, got {count!r}")
