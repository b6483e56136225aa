"""Evaluate one requirement for one person from that person's (already selected) evidence.

These functions are shared by per-person evaluation and the matrix; they differ only in how
they gather each person's evidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from trainer.domain.competency.certification import Certification, standing_at
from trainer.domain.competency.inputs import Credential, QuizAttempt
from trainer.domain.competency.requirements import (
    TOLERANCE,
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
)
from trainer.domain.competency.results import Missing, Reason, RequirementKind, RequirementResult


def percent(fraction: float) -> str:
    """``0.9`` -> ``"90 %"``, rounding down so a figure never reads as a threshold not reached."""
    return f"{math.floor(fraction * 100 + TOLERANCE):d} %"


def _date(moment: datetime) -> str:
    return moment.date().isoformat()


def mastery_result(
    requirement: MasteryRequirement, total_recall: float, studied_count: int
) -> RequirementResult:
    """Mastery from the sum of predicted recall over the requirement's items (unstudied ones
    adding 0) and how many of them are studied."""
    kind = RequirementKind.MASTERY
    size = len(requirement.item_ids)
    if size == 0:
        missing = Missing(
            requirement.key, kind, (Reason.NO_ITEMS,), "No item matches; ask a manager."
        )
        return RequirementResult(requirement.key, kind, False, 0.0, missing=missing)
    mean = total_recall / size
    studied = studied_count / size
    recall_ok = mean + TOLERANCE >= requirement.min_mean_recall
    studied_ok = studied + TOLERANCE >= requirement.min_studied
    if recall_ok and studied_ok:
        return RequirementResult(
            requirement.key, kind, True, 1.0, mean_recall=mean, studied_fraction=studied
        )
    reasons: list[Reason] = []
    steps: list[str] = []
    if not studied_ok:
        reasons.append(Reason.TOO_FEW_STUDIED)
        needed = math.ceil(requirement.min_studied * size - TOLERANCE) - studied_count
        steps.append(
            f"study {needed} more of the {size} items of {requirement.label} "
            f"({percent(requirement.min_studied)} must be studied)"
        )
    if not recall_ok:
        reasons.append(Reason.RECALL_TOO_LOW)
        steps.append(
            f"raise mean recall of {requirement.label} from {percent(mean)} to "
            f"{percent(requirement.min_mean_recall)} by studying and reviewing them"
        )
    progress = (
        _ratio(mean, requirement.min_mean_recall) + _ratio(studied, requirement.min_studied)
    ) / 2
    missing = Missing(requirement.key, kind, tuple(reasons), "; ".join(steps).capitalize() + ".")
    return RequirementResult(
        requirement.key,
        kind,
        False,
        progress,
        mean_recall=mean,
        studied_fraction=studied,
        missing=missing,
    )


def _ratio(value: float, threshold: float) -> float:
    return 1.0 if threshold <= 0 else min(1.0, value / threshold)


def exam_result(
    requirement: ExamRequirement,
    attempts: Iterable[QuizAttempt],
    now: datetime,
    valid_for: timedelta | None,
) -> RequirementResult:
    """Exam from this person's attempts of the requirement's quiz (others are ignored).

    Every passed attempt scoring at least the threshold certifies; attempts finished after
    ``now`` do not exist yet.
    """
    kind = RequirementKind.EXAM
    finished = [a for a in attempts if a.quiz_id == requirement.quiz_id and a.finished_at <= now]
    best = max((a.score for a in finished), default=None)
    standing = standing_at(
        (
            Certification(
                a.finished_at,
                None if valid_for is None else a.finished_at + valid_for,
                a.attempt_id,
            )
            for a in finished
            if a.passed and a.score + TOLERANCE >= requirement.min_score
        ),
        now,
    )
    missing = None
    if not standing.met:
        wanted = f"Pass {requirement.label} with at least {percent(requirement.min_score)}"
        if standing.lapsed_at is not None:
            reason, text = Reason.EXPIRED, f"{wanted} again (the last pass expired on "
            text += f"{_date(standing.lapsed_at)})."
        elif best is not None:
            reason, text = Reason.NO_QUALIFYING_ATTEMPT, f"{wanted} (best so far {percent(best)})."
        else:
            reason, text = Reason.NO_QUALIFYING_ATTEMPT, f"{wanted}."
        missing = Missing(requirement.key, kind, (reason,), text)
    return RequirementResult(
        requirement.key,
        kind,
        standing.met,
        1.0 if standing.met else 0.0,
        met_since=standing.met_since,
        expires_at=standing.expires_at,
        lapsed_at=standing.lapsed_at,
        history=standing.history,
        best_score=best,
        missing=missing,
    )


def credential_expiry(credential: Credential, valid_for: timedelta | None) -> datetime | None:
    """A credential's own expiry if it has one, else ``valid_for`` after issue, else never."""
    if credential.expires_at is not None:
        return credential.expires_at
    return None if valid_for is None else credential.issued_at + valid_for


def credential_result(
    requirement: CredentialRequirement,
    credentials: Iterable[Credential],
    now: datetime,
    valid_for: timedelta | None,
) -> RequirementResult:
    """Credential from this person's credentials of the requirement's kind (others ignored).

    A credential counts once it is issued and signed off, from the later of the two, until it
    expires; unsigned evidence never counts, and neither does evidence with too few hours.
    """
    kind = RequirementKind.CREDENTIAL
    relevant = [c for c in credentials if c.kind == requirement.kind and c.issued_at <= now]
    enough_hours = [
        c
        for c in relevant
        if requirement.min_hours is None
        or (c.hours is not None and c.hours + TOLERANCE >= requirement.min_hours)
    ]
    certifications = []
    for c in enough_hours:
        if c.signed_at is None:
            continue
        expires = credential_expiry(c, valid_for)
        achieved = max(c.issued_at, c.signed_at)
        if expires is None or achieved < expires:  # signed after it expired: it never counted
            certifications.append(Certification(achieved, expires, c.credential_id))
    standing = standing_at(certifications, now)
    missing = None
    if not standing.met:
        missing = _credential_missing(
            requirement, relevant, enough_hours, standing.lapsed_at, now, valid_for
        )
    return RequirementResult(
        requirement.key,
        kind,
        standing.met,
        1.0 if standing.met else 0.0,
        met_since=standing.met_since,
        expires_at=standing.expires_at,
        lapsed_at=standing.lapsed_at,
        history=standing.history,
        missing=missing,
    )


def _credential_missing(
    requirement: CredentialRequirement,
    relevant: list[Credential],
    enough_hours: list[Credential],
    lapsed_at: datetime | None,
    now: datetime,
    valid_for: timedelta | None,
) -> Missing:
    kind = RequirementKind.CREDENTIAL

    def current(c: Credential) -> bool:
        expires = credential_expiry(c, valid_for)
        return expires is None or now < expires

    hours = "" if requirement.min_hours is None else f" of at least {requirement.min_hours:g} hours"
    reasons: list[Reason] = []
    if any(not c.signed and current(c) for c in enough_hours):
        reasons.append(Reason.AWAITING_SIGN_OFF)
        text = f"Have your {requirement.label} signed off by a manager or instructor."
    elif lapsed_at is not None or any(not current(c) for c in enough_hours):
        reasons.append(Reason.EXPIRED)
        when = "" if lapsed_at is None else f" (the last one expired on {_date(lapsed_at)})"
        text = f"Upload a current {requirement.label}{hours}{when} and have it signed off."
    elif len(enough_hours) < len(relevant):
        reasons.append(Reason.TOO_FEW_HOURS)
        text = f"Upload a {requirement.label}{hours} and have it signed off."
    else:
        reasons.append(Reason.NO_CREDENTIAL)
        text = f"Upload a {requirement.label}{hours} and have it signed off."
    return Missing(requirement.key, kind, tuple(reasons), text)
