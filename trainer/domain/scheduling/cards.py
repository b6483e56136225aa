"""Scheduling value objects: ratings, card states, a card's scheduling state, a review's result.

Plain Python only (frozen dataclasses, ``IntEnum``s, UTC datetimes), so callers never see library
objects; the conversion to and from py-fsrs objects lives in
:mod:`trainer.domain.scheduling.fsrs_adapter`.

py-fsrs accepts only ``datetime.timezone.utc`` datetimes, so every datetime is normalised with
:func:`as_utc` at the boundary (naive datetimes are rejected: their meaning is ambiguous).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

_UTC = UTC  # the same object as datetime.timezone.utc, which py-fsrs requires


class Rating(IntEnum):
    """The four answer buttons; values match FSRS and Anki (1 = Again ... 4 = Easy)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class State(IntEnum):
    """Where a card is in its life cycle.

    ``LEARNING``, ``REVIEW`` and ``RELEARNING`` have the values py-fsrs 6 uses. py-fsrs has no
    "new" state (a fresh ``fsrs.Card`` is ``Learning`` at step 0 with no memory state); we keep
    ``NEW`` explicit so that "never reviewed" is visible in stored rows and queries.
    """

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


#: One past review of a card: when it happened (UTC) and the rating given.
ReviewEvent = tuple[datetime, int]


def as_utc(value: datetime, name: str = "datetime") -> datetime:
    """Return ``value`` as an aware datetime whose tzinfo is ``datetime.timezone.utc``.

    Raises:
        ValueError: if ``value`` is naive. A naive datetime could be local time or UTC; guessing
            would silently shift reviews by hours, so the caller must say.
    """
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC), got naive {value.isoformat()}")
    return value.astimezone(_UTC)


@dataclass(frozen=True)
class CardState:
    """Scheduling state of one card, independent of any library or table.

    Attributes:
        card_id: The card's database id (also the id handed to py-fsrs).
        state: See :class:`State`.
        step: Current (re)learning step; ``None`` for new and review cards.
        stability: FSRS stability in days; ``None`` until the first review.
        difficulty: FSRS difficulty (1-10); ``None`` until the first review.
        due: When the card is next due (UTC).
        last_review: When the card was last reviewed (UTC); ``None`` for new cards.
        reps: Number of reviews so far.
        lapses: Number of times a card in ``REVIEW`` was answered Again.
    """

    card_id: int
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def __post_init__(self) -> None:
        # Frozen dataclass: normalising fields needs object.__setattr__. Values read back from a
        # database arrive as plain ints and possibly non-UTC aware datetimes.
        object.__setattr__(self, "state", State(self.state))
        object.__setattr__(self, "due", as_utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", as_utc(self.last_review, "last_review"))

        problems: list[str] = []
        if self.reps < 0:
            problems.append(f"reps must be >= 0, got {self.reps}")
        if self.lapses < 0:
            problems.append(f"lapses must be >= 0, got {self.lapses}")
        if self.state is State.NEW:
            for name in ("step", "stability", "difficulty", "last_review"):
                if getattr(self, name) is not None:
                    problems.append(f"a NEW card has no {name}, got {getattr(self, name)!r}")
            if self.reps != 0:
                problems.append(f"a NEW card has reps == 0, got {self.reps}")
        else:
            for name in ("stability", "difficulty", "last_review"):
                if getattr(self, name) is None:
                    problems.append(f"a {self.state.name} card needs {name}")
            if self.state is State.REVIEW and self.step is not None:
                problems.append(f"a REVIEW card has no step, got {self.step}")
            if self.state in (State.LEARNING, State.RELEARNING) and (
                self.step is None or self.step < 0
            ):
                problems.append(f"a {self.state.name} card needs a step >= 0, got {self.step}")
        if problems:
            raise ValueError(f"Invalid CardState for card {self.card_id}: " + "; ".join(problems))

    @classmethod
    def new(cls, card_id: int, now: datetime) -> CardState:
        """A never-reviewed card, due at ``now``."""
        return cls(
            card_id=card_id,
            state=State.NEW,
            step=None,
            stability=None,
            difficulty=None,
            due=now,
            last_review=None,
        )


@dataclass(frozen=True)
class ReviewOutcome:
    """Result of :func:`review`.

    Attributes:
        card: The card's state after the review.
        interval: ``card.due - now``: how long until the card is due again.
        retrievability_before: Predicted probability of recall at the moment of the review, or
            ``None`` for a card that had never been reviewed.
    """

    card: CardState
    interval: timedelta
    retrievability_before: float | None
