"""Evaluate one requirement for one person from that person's evidence.

These functions are shared by per-person evaluation and the matrix; the two differ only in how
they gather each person's evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from trainer.domain.competency.certification import Certification, standing_at
from trainer.domain.competency.inputs import Credential, QuizAttempt
from trainer.domain.competency.reasons import Reason
from trainer.domain.competency.requirements import (
    TOLERANCE,
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
)
from trainer.domain.competency.results import RequirementResult

_NO_ITEMS = (Reason.NO_ITEMS,)
_TOO_FEW_STUDIED = (Reason.TOO_FEW_STUDIED,)
_RECALL_TOO_LOW = (Reason.RECALL_TOO_LOW,)
_BOTH = (Reason.TOO_FEW_STUDIED, Reason.RECALL_TOO_LOW)


def mastery_result(
    requirement: MasteryRequirement, total_recall: float, studied_count: int
) -> RequirementResult:
    """Mastery from the sum of predicted recall over the requirement's items (unstudied ones
    adding 0) and how many of them are studied."""
    size = len(requirement.item_ids)
    if size == 0:
        return RequirementResult(requirement, False, 0.0, studied_count=0, reasons=_NO_ITEMS)
    mean = total_recall / size
    studied = studied_count / size
    recall_ok = mean + TOLERANCE >= requirement.min_mean_recall
    studied_ok = studied + TOLERANCE >= requirement.min_studied
    if recall_ok and studied_ok:
        return RequirementResult(
            requirement,
            True,
            1.0,
            mean_recall=mean,
            studied_fraction=studied,
            studied_count=studied_count,
        )
    low, few = requirement.min_mean_recall, requirement.min_studied
    progress = (
        (1.0 if mean >= low else mean / low) + (1.0 if studied >= few else studied / few)
    ) / 2
    return RequirementResult(
        requirement,
        False,
        progress,
        mean_recall=mean,
        studied_fraction=studied,
        studied_count=studied_count,
        reasons=_RECALL_TOO_LOW if studied_ok else (_TOO_FEW_STUDIED if recall_ok else _BOTH),
    )


def exam_result(
    requirement: ExamRequirement,
    attempts: Iterable[QuizAttempt],
    now: datetime,
    valid_for: timedelta | None,
) -> RequirementResult:
    """Exam from this person's attempts (attempts of other quizzes are ignored).

    Every passed attempt scoring at least the threshold certifies, for ``valid_for`` from when
    it finished; a later failed or lower attempt does not undo it. Attempts finished after
    ``now`` do not exist yet.
    """
    quiz, threshold = requirement.quiz_id, requirement.min_score - TOLERANCE
    best: float | None = None
    certifications: list[Certification] = []
    for attempt in attempts:
        if attempt.quiz_id != quiz or attempt.finished_at > now:
            continue
        if best is None or attempt.score > best:
            best = attempt.score
        if attempt.passed and attempt.score >= threshold:
            finished = attempt.finished_at
            expires = None if valid_for is None else finished + valid_for
            certifications.append(Certification(finished, expires, attempt.attempt_id))
    standing = standing_at(certifications, now)
    reasons = ()
    if not standing.met:
        reasons = (Reason.EXPIRED,) if standing.lapsed_at else (Reason.NO_QUALIFYING_ATTEMPT,)
    return RequirementResult(
        requirement,
        standing.met,
        1.0 if standing.met else 0.0,
        met_since=standing.met_since,
        expires_at=standing.expires_at,
        lapsed_at=standing.lapsed_at,
        history=standing.history,
        best_score=best,
        reasons=reasons,
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
    """Credential from this person's credentials (those of other kinds are ignored).

    A credential counts from the later of its issue and its sign-off until it expires (see
    :func:`credential_expiry`). Unsigned evidence never counts, nor evidence with too few
    hours, nor a sign-off dated after ``now``.
    """
    min_hours, min_in_person = requirement.min_hours, requirement.min_in_person_hours
    certifications: list[Certification] = []
    unsigned_current = too_few_hours = expired_unsigned = False
    for c in credentials:
        if c.kind != requirement.kind or c.issued_at > now:
            continue
        if min_hours is not None and (c.hours is None or c.hours + TOLERANCE < min_hours):
            too_few_hours = True
            continue
        if min_in_person is not None and (
            c.in_person_hours is None or c.in_person_hours + TOLERANCE < min_in_person
        ):
            too_few_hours = True
            continue
        expires = credential_expiry(c, valid_for)
        if c.signed_at is None or c.signed_at > now:
            if expires is None or now < expires:
                unsigned_current = True
            else:
                expired_unsigned = True
            continue
        achieved = c.signed_at if c.signed_at > c.issued_at else c.issued_at
        if expires is None or achieved < expires:  # signed after it expired: it never counted
            certifications.append(Certification(achieved, expires, c.credential_id))
    standing = standing_at(certifications, now)
    reasons: tuple[Reason, ...] = ()
    if not standing.met:
        if unsigned_current:
            reasons = (Reason.AWAITING_SIGN_OFF,)
        elif standing.lapsed_at is not None or expired_unsigned:
            reasons = (Reason.EXPIRED,)
        elif too_few_hours:
            reasons = (Reason.TOO_FEW_HOURS,)
        else:
            reasons = (Reason.NO_CREDENTIAL,)
    return RequirementResult(
        requirement,
        standing.met,
        1.0 if standing.met else 0.0,
        met_since=standing.met_since,
        expires_at=standing.expires_at,
        lapsed_at=standing.lapsed_at,
        history=standing.history,
        reasons=reasons,
    )
