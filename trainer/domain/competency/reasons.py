"""The kinds of requirement and the reasons one is not met."""

from __future__ import annotations

from enum import StrEnum


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
