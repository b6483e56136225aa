"""What evaluating one requirement for one person gives: met or not, progress, why not.

Results are ``NamedTuple``s: immutable like frozen dataclasses, but built several times faster,
which matters when the matrix makes tens of thousands of them in one request. The words of
"what would meet it" are only written when asked for (:attr:`RequirementResult.missing`).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from trainer.domain.competency.certification import Certification
from trainer.domain.competency.explain import to_meet
from trainer.domain.competency.reasons import Reason, RequirementKind
from trainer.domain.competency.requirements import (
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
    Requirement,
)


class Missing(NamedTuple):
    """An unmet requirement and what would meet it.

    Attributes:
        requirement_key: Which requirement.
        kind: Its kind, so a page can offer the next step (study, take the exam, upload).
        reasons: Why it is not met.
        to_meet: What would meet it, in words for the person.
    """

    requirement_key: str
    kind: RequirementKind
    reasons: tuple[Reason, ...]
    to_meet: str


def kind_of(requirement: Requirement) -> RequirementKind:
    if isinstance(requirement, MasteryRequirement):
        return RequirementKind.MASTERY
    if isinstance(requirement, ExamRequirement):
        return RequirementKind.EXAM
    if isinstance(requirement, CredentialRequirement):
        return RequirementKind.CREDENTIAL
    raise TypeError(f"not a requirement: {requirement!r}")


class RequirementResult(NamedTuple):
    """One requirement evaluated for one person at one moment.

    Attributes:
        requirement: The requirement evaluated.
        met: Whether it holds at that moment.
        progress: 0..1 towards meeting it; 1 exactly when met. Mastery earns partial progress
            (the mean of its two ratios to their thresholds); an exam or a credential is 0 or 1.
        met_since, expires_at, lapsed_at, history: its validity (see
            :class:`~trainer.domain.competency.certification.Standing`); empty for mastery,
            which is measured afresh each time and has no dates.
        mean_recall, studied_fraction, studied_count: measured, for mastery.
        best_score: best score of any finished attempt, for an exam.
        reasons: why it is not met; empty when met.
    """

    requirement: Requirement
    met: bool
    progress: float
    met_since: datetime | None = None
    expires_at: datetime | None = None
    lapsed_at: datetime | None = None
    history: tuple[Certification, ...] = ()
    mean_recall: float | None = None
    studied_fraction: float | None = None
    studied_count: int | None = None
    best_score: float | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def key(self) -> str:
        return self.requirement.key

    @property
    def kind(self) -> RequirementKind:
        return kind_of(self.requirement)

    @property
    def missing(self) -> Missing | None:
        """``None`` when met; else the reasons and what would meet it."""
        if self.met:
            return None
        return Missing(self.requirement.key, self.kind, self.reasons, to_meet(self))
