"""A competency's status for one person at one moment, from its requirements' results."""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from trainer.domain.competency.competencies import Competency
from trainer.domain.competency.inputs import StaffMember
from trainer.domain.competency.results import Missing, RequirementResult


class Status(StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    NOT_ASSIGNED = "not_assigned"


class CompetencyStatus(NamedTuple):
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

    A ``NamedTuple`` rather than a frozen dataclass: the matrix builds one per cell.
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
        return tuple(r.missing for r in self.requirements if not r.met)


NOT_ASSIGNED = CompetencyStatus(Status.NOT_ASSIGNED)


def competency_status(
    competency: Competency,
    person: StaffMember,
    results: tuple[RequirementResult, ...],
    now: datetime,
) -> CompetencyStatus:
    """Combine requirement results (in the competency's order) into the person's status."""
    # One pass, no intermediate lists: the matrix calls this once per assigned cell.
    offsets = competency.mark_offsets  # longest first
    all_met = True
    lapsed = False
    expires_at: datetime | None = None
    met_since: datetime | None = None
    next_change: datetime | None = None
    progress = 0.0
    for result in results:
        progress += result.progress
        if not result.met:
            all_met = False
            if result.lapsed_at is not None:
                lapsed = True
            continue
        start = result.met_since
        if start is not None and (met_since is None or start > met_since):
            met_since = start
        expiry = result.expires_at
        if expiry is None:
            continue
        if expires_at is None or expiry < expires_at:
            expires_at = expiry
        # Marks before one expiry grow as the offset shrinks, so the first one still ahead is
        # that expiry's next mark (offset 0 is the expiry itself, which is ahead while met).
        for offset in offsets:
            mark = expiry - offset
            if mark > now:
                if next_change is None or mark < next_change:
                    next_change = mark
                break

    deadline = competency.deadline_for(person)
    if all_met:
        due_soon = expires_at is not None and now >= expires_at - competency.due_soon_within
        return CompetencyStatus(
            Status.DUE_SOON if due_soon else Status.MET,
            1.0,
            met_since,
            expires_at,
            deadline,
            next_change,
            results,
        )
    if lapsed:
        status = Status.EXPIRED
    elif deadline is not None and now >= deadline:
        status = Status.OVERDUE
    else:
        status = Status.IN_PROGRESS
        if deadline is not None and (next_change is None or deadline < next_change):
            next_change = deadline
    return CompetencyStatus(
        status, progress / len(results), None, None, deadline, next_change, results
    )
