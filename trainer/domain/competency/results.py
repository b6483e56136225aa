"""What evaluating one requirement for one person gives: met or not, progress, what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from trainer.domain.competency.certification import Certification


class RequirementKind(StrEnum):
    MASTERY = "mastery"
    EXAM = "exam"
    CREDENTIAL = "credential"


class Reason(StrEnum):
    """Why a requirement is not met (several may apply at once)."""

    NO_ITEMS = "no_items"  # the selection chooses no item: the definition needs fixing
    TOO_FEW_STUDIED = "too_few_studied"
    RECALL_TOO_LOW = "recall_too_low"
    NO_QUALIFYING_ATTEMPT = "no_qualifying_attempt"
    NO_CREDENTIAL = "no_credential"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    TOO_FEW_HOURS = "too_few_hours"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Missing:
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


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """One requirement evaluated for one person at one moment.

    Attributes:
        progress: 0..1 towards meeting it; 1 exactly when met. Mastery earns partial progress
            (the mean of its two ratios to their thresholds); an exam or a credential is 0 or 1.
        met_since, expires_at, lapsed_at, history: the validity (see
            :class:`~trainer.domain.competency.certification.Standing`); empty for mastery.
        mean_recall, studied_fraction: measured, for mastery.
        best_score: best score of any finished attempt, for an exam.
        missing: ``None`` when met.
    """

    key: str
    kind: RequirementKind
    met: bool
    progress: float
    met_since: datetime | None = None
    expires_at: datetime | None = None
    lapsed_at: datetime | None = None
    history: tuple[Certification, ...] = ()
    mean_recall: float | None = None
    studied_fraction: float | None = None
    best_score: float | None = None
    missing: Missing | None = None
