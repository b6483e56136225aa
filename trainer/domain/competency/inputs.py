"""The facts a competency is measured from, as plain records the app loads in bulk.

Every datetime is timezone-aware (UTC from the database); nothing here reads the clock. The
records are deliberately thin -- ids and values, no relationships -- so the app can fill them
from a handful of set-based queries (one per record type for a whole clinic).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from trainer.domain.scheduling import DEFAULT_PARAMETERS

PersonId = Hashable
ItemId = Hashable
QuizId = Hashable

#: FSRS-6 w20 of the default parameters: the decay used for a person without fitted parameters.
DEFAULT_DECAY: float = DEFAULT_PARAMETERS[20]


def _require_aware(value: datetime | None, name: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


@dataclass(frozen=True, slots=True)
class StaffMember:
    """One person in the clinic.

    Attributes:
        person_id: The user's id.
        role: Their role in this clinic (e.g. ``"staff"``, ``"instructor"``, ``"manager"``).
        joined_at: When they joined the clinic; deadlines for new staff count from here.
        decay: w20 of their FSRS parameters (fitted or default); shapes their forgetting curve.
    """

    person_id: PersonId
    role: str
    joined_at: datetime
    decay: float = DEFAULT_DECAY

    def __post_init__(self) -> None:
        _require_aware(self.joined_at, "joined_at")


class CardMemory(NamedTuple):
    """A person's memory of one item: the FSRS state of their card for it.

    ``stability`` and ``last_review`` are ``None`` for a card never reviewed (it counts as
    unstudied, like an item without a card); ``last_review`` is timezone-aware, ``stability``
    positive. At most one per person and item (the database enforces it); if the input repeats
    a pair, the later record wins.

    A ``NamedTuple`` without validation, unlike the other records: a clinic has hundreds of
    thousands of these, they come straight from ``card_states`` rows that the scheduler wrote,
    and any object with these four attributes is accepted -- e.g. the rows of
    ``select(CardState.user_id.label("person_id"), CardState.question_id.label("item_id"),
    CardState.stability, CardState.last_review)`` -- so the app need not copy them at all.
    """

    person_id: PersonId
    item_id: ItemId
    stability: float | None
    last_review: datetime | None

    @property
    def studied(self) -> bool:
        return self.stability is not None and self.last_review is not None


@dataclass(frozen=True, slots=True)
class QuizAttempt:
    """One finished attempt at a quiz.

    Attributes:
        score: Fraction of the marks obtained, 0..1.
        passed: Whether the quiz itself counted the attempt as passed (its own pass mark).
    """

    person_id: PersonId
    quiz_id: QuizId
    finished_at: datetime
    score: float
    passed: bool
    attempt_id: Hashable = None

    def __post_init__(self) -> None:
        _require_aware(self.finished_at, "finished_at")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be a fraction between 0 and 1, got {self.score!r}")


@dataclass(frozen=True, slots=True)
class Credential:
    """Evidence recorded outside the app: a course certificate, a licence, logged hours.

    Attributes:
        kind: What it is evidence of; a credential requirement names the kind it accepts.
        issued_at: When it was issued (the course completed, the licence granted).
        expires_at: Its own expiry, if it has one (e.g. a licence); ``None`` if it does not.
        hours: Hours it certifies in all (e.g. a course's hours), if that is what it measures.
        in_person_hours: How many of ``hours`` were in person (hands-on, supervised), if known.
        signed_by: Who signed it off (a manager's or instructor's user id); ``None`` = unsigned.
        signed_at: When it was signed off.
    """

    person_id: PersonId
    kind: str
    issued_at: datetime
    expires_at: datetime | None = None
    hours: float | None = None
    signed_by: PersonId | None = None
    signed_at: datetime | None = None
    credential_id: Hashable = None
    in_person_hours: float | None = None

    def __post_init__(self) -> None:
        _require_aware(self.issued_at, "issued_at")
        _require_aware(self.expires_at, "expires_at")
        _require_aware(self.signed_at, "signed_at")
        if (self.signed_by is None) != (self.signed_at is None):
            raise ValueError("a sign-off needs both signed_by and signed_at")
        if self.expires_at is not None and self.expires_at <= self.issued_at:
            raise ValueError("expires_at must be after issued_at")
        if (
            self.in_person_hours is not None
            and self.hours is not None
            and self.in_person_hours > self.hours
        ):
            raise ValueError("in_person_hours cannot be more than hours")

    @property
    def signed(self) -> bool:
        return self.signed_by is not None


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What a mastery requirement can select an item by (from the question bank)."""

    item_id: ItemId
    topic: str
    tags: frozenset[str] = field(default_factory=frozenset)
    muscle: str | None = None
