"""A competency's status for one person at one moment, from its requirements' results."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from trainer.domain.competency.competencies import Competency
from trainer.domain.competency.inputs import StaffMember
from trainer.domain.competency.results import Missing, RequirementResult

#: Reminders go out this long before a requirement expires (0 = on the day it expires); the
#: competency's own due-soon window is a mark too.
REMINDER_OFFSETS: tuple[timedelta, ...] = (timedelta(days=30), timedelta(days=7), timedelta(0))


class Status(StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    NOT_ASSIGNED = "not_assigned"


@dataclass(frozen=True, slots=True)
class CompetencyStatus:
    """One cell of the matrix.

    Attributes:
        status: See :class:`Status`. Met: every requirement holds. Due soon: met, and the
            earliest expiry is within the competency's due-soon window. Expired: not met
            because an exam pass or credential that had been valid ran out. Overdue: not met
            after the deadline. In progress: not met, no deadline passed. Not assigned.
        progress: 0..1; 1 exactly when met or due soon, else the mean of the requirements'
            progress.
        met_since: When all requirements last came to hold together (the latest of their
            ``met_since``); ``None`` if not met or only mastery (which has no start date).
        expires_at: When it stops being met unless renewed (the earliest requirement expiry);
            ``None`` if not met or nothing expires.
        deadline: When it must be met by (new staff); ``None`` without a deadline.
        next_change_at: The next moment after ``now`` the status or a reminder changes: the
            due-soon window opening, 30, 7 and 0 days before a requirement's expiry, the
            deadline. Predicted recall also decays day by day; that is not forecast here.
        requirements: Each requirement's result, in the competency's order.
    """

    status: Status
    progress: float = 0.0
    met_since: datetime | None = None
    expires_at: datetime | None = None
    deadline: datetime | None = None
    next_change_at: datetime | None = None
    requirements: tuple[RequirementResult, ...] = ()

    @property
    def percent(self) -> int:
        """Progress as a whole percentage, rounded down: 100 only when met."""
        return math.floor(self.progress * 100 + 1e-9)

    @property
    def missing(self) -> tuple[Missing, ...]:
        """The unmet requirements with what would meet them."""
        return tuple(r.missing for r in self.requirements if r.missing is not None)


NOT_ASSIGNED = CompetencyStatus(Status.NOT_ASSIGNED)


def competency_status(
    competency: Competency,
    person: StaffMember,
    results: tuple[RequirementResult, ...],
    now: datetime,
) -> CompetencyStatus:
    """Combine requirement results (in the competency's order) into the person's status."""
    deadline = competency.deadline_for(person)
    marks: list[datetime] = []
    for result in results:
        if result.met and result.expires_at is not None:
            expiry = result.expires_at
            marks.append(expiry - competency.due_soon_within)
            marks.extend(expiry - offset for offset in REMINDER_OFFSETS)

    if all(result.met for result in results):
        expiries = [r.expires_at for r in results if r.expires_at is not None]
        starts = [r.met_since for r in results if r.met_since is not None]
        expires_at = min(expiries) if expiries else None
        due_soon = expires_at is not None and now >= expires_at - competency.due_soon_within
        return CompetencyStatus(
            Status.DUE_SOON if due_soon else Status.MET,
            1.0,
            met_since=max(starts) if starts else None,
            expires_at=expires_at,
            deadline=deadline,
            next_change_at=_next(marks, now),
            requirements=results,
        )

    if any(not r.met and r.lapsed_at is not None for r in results):
        status = Status.EXPIRED
    elif deadline is not None and now >= deadline:
        status = Status.OVERDUE
    else:
        status = Status.IN_PROGRESS
        if deadline is not None:
            marks.append(deadline)
    progress = math.fsum(r.progress for r in results) / len(results)
    return CompetencyStatus(
        status,
        progress,
        deadline=deadline,
        next_change_at=_next(marks, now),
        requirements=results,
    )


def _next(marks: list[datetime], now: datetime) -> datetime | None:
    return min((mark for mark in marks if mark > now), default=None)
