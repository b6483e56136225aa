"""A competency: requirements that must all hold, how long they stay valid, who must hold it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from trainer.domain.competency.inputs import PersonId, StaffMember, _require_aware
from trainer.domain.competency.requirements import Requirement

DEFAULT_DUE_SOON_WITHIN = timedelta(days=30)

#: Reminders go out this long before a requirement expires (0 = on the day it expires); the
#: competency's own due-soon window is a mark too.
REMINDER_OFFSETS: tuple[timedelta, ...] = (timedelta(days=30), timedelta(days=7), timedelta(0))


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who must hold a competency: everyone, the people in ``roles``, the people named.

    The rules add up (a role *and* two named people). ``assigned_at`` is when the assignment
    was made: a deadline counts from the later of it and the person's joining, so assigning a
    competency to long-standing staff does not make them overdue on the spot.
    """

    everyone: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    person_ids: frozenset[PersonId] = field(default_factory=frozenset)
    assigned_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "person_ids", frozenset(self.person_ids))
        _require_aware(self.assigned_at, "assigned_at")

    def covers(self, person: StaffMember) -> bool:
        return self.everyone or person.role in self.roles or person.person_id in self.person_ids


EVERYONE = Assignment(everyone=True)


@dataclass(frozen=True, slots=True)
class Competency:
    """One or more requirements, all of which must hold.

    Attributes:
        key: Stable identifier (unique in a clinic).
        title: What people see.
        requirements: At least one; keys unique within the competency.
        valid_for: How long an exam pass or a credential stays valid once met, unless the
            requirement sets its own; ``None`` = no expiry. Mastery is measured afresh instead.
        due_soon_within: How long before expiry the status turns *due soon*.
        deadline_days: New staff must meet it within this many days of joining (or of the
            assignment, if later), else it is *overdue*; ``None`` = no deadline.
        assignment: Who must hold it.
    """

    key: str
    title: str
    requirements: tuple[Requirement, ...]
    valid_for: timedelta | None = None
    due_soon_within: timedelta = DEFAULT_DUE_SOON_WITHIN
    deadline_days: int | None = None
    assignment: Assignment = EVERYONE
    #: Before each expiry, the moments a status or reminder changes, longest first (derived).
    mark_offsets: tuple[timedelta, ...] = field(init=False, repr=False, compare=False)
    #: ``deadline_days`` as a timedelta (derived), made once rather than per person.
    deadline_within: timedelta | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "requirements", tuple(self.requirements))
        offsets = {self.due_soon_within, *REMINDER_OFFSETS}
        object.__setattr__(self, "mark_offsets", tuple(sorted(offsets, reverse=True)))
        problems: list[str] = []
        if not self.key:
            problems.append("key must not be empty")
        if not self.requirements:
            problems.append("needs at least one requirement")
        keys = [requirement.key for requirement in self.requirements]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            problems.append(f"requirement keys repeat: {', '.join(duplicates)}")
        if self.valid_for is not None and self.valid_for <= timedelta(0):
            problems.append(f"valid_for must be positive, got {self.valid_for!r}")
        if self.due_soon_within < timedelta(0):
            problems.append(f"due_soon_within must not be negative, got {self.due_soon_within!r}")
        days = self.deadline_days
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
            problems.append(f"deadline_days must be a whole number >= 0, got {days!r}")
        if problems:
            raise ValueError(f"Invalid competency {self.key!r}: " + "; ".join(problems))
        within = None if days is None else timedelta(days=days)
        object.__setattr__(self, "deadline_within", within)

    def validity_of(self, requirement: Requirement) -> timedelta | None:
        """How long ``requirement`` stays valid once met: its own period, else the competency's."""
        own = getattr(requirement, "valid_for", None)
        return own if own is not None else self.valid_for

    def deadline_for(self, person: StaffMember) -> datetime | None:
        """When ``person`` must have met it: ``deadline_days`` after the later of their joining
        and the assignment; ``None`` without a deadline."""
        within = self.deadline_within
        if within is None:
            return None
        start = person.joined_at
        assigned_at = self.assignment.assigned_at
        if assigned_at is not None and assigned_at > start:
            start = assigned_at
        return start + within
