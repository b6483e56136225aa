"""What would meet an unmet requirement, in words for the person.

Written only when a page or a reminder asks (``RequirementResult.missing``), never while the
matrix is computed.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING

from trainer.domain.competency.reasons import Reason
from trainer.domain.competency.requirements import (
    TOLERANCE,
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
)

if TYPE_CHECKING:
    from trainer.domain.competency.results import RequirementResult


def percent(fraction: float) -> str:
    """``0.9`` -> ``"90 %"``, rounded down so a figure never reads as a threshold reached."""
    return f"{math.floor(fraction * 100 + TOLERANCE):d} %"


def _date(moment: datetime) -> str:
    return moment.date().isoformat()


def to_meet(result: RequirementResult) -> str:
    """One sentence (or two clauses) saying what would meet ``result``'s requirement."""
    requirement = result.requirement
    if isinstance(requirement, MasteryRequirement):
        return _mastery(requirement, result)
    if isinstance(requirement, ExamRequirement):
        return _exam(requirement, result)
    return _credential(requirement, result)


def _mastery(requirement: MasteryRequirement, result: RequirementResult) -> str:
    if Reason.NO_ITEMS in result.reasons:
        return f"No item matches {requirement.label}; a manager needs to fix this competency."
    size = len(requirement.item_ids)
    steps: list[str] = []
    if Reason.TOO_FEW_STUDIED in result.reasons:
        needed = math.ceil(requirement.min_studied * size - TOLERANCE) - (result.studied_count or 0)
        steps.append(
            f"study {needed} more of the {size} items of {requirement.label} "
            f"({percent(requirement.min_studied)} must be studied)"
        )
    if Reason.RECALL_TOO_LOW in result.reasons:
        steps.append(
            f"raise mean recall of {requirement.label} from {percent(result.mean_recall or 0.0)} "
            f"to {percent(requirement.min_mean_recall)} by studying and reviewing its items"
        )
    text = "; ".join(steps)
    return text[:1].upper() + text[1:] + "."


def _exam(requirement: ExamRequirement, result: RequirementResult) -> str:
    wanted = f"Pass {requirement.label} with at least {percent(requirement.min_score)}"
    if result.lapsed_at is not None:
        return f"{wanted} again (the last pass expired on {_date(result.lapsed_at)})."
    if result.best_score is not None:
        return f"{wanted} (best so far {percent(result.best_score)})."
    return f"{wanted}."


def _credential(requirement: CredentialRequirement, result: RequirementResult) -> str:
    hours = "" if requirement.min_hours is None else f" of at least {requirement.min_hours:g} hours"
    if requirement.min_in_person_hours is not None:
        joiner = " with" if hours else " of"
        hours += f"{joiner} at least {requirement.min_in_person_hours:g} hours in person"
    if Reason.AWAITING_SIGN_OFF in result.reasons:
        return f"Have your {requirement.label} signed off by a manager or instructor."
    if Reason.EXPIRED in result.reasons:
        when = (
            ""
            if result.lapsed_at is None
            else f" (the last one expired on {_date(result.lapsed_at)})"
        )
        return f"Upload a current {requirement.label}{hours}{when} and have it signed off."
    return f"Upload a {requirement.label}{hours} and have it signed off."
