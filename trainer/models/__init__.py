"""Typed SQLAlchemy 2.0 models, one module per aggregate."""

from trainer.models.accounts import Clinic, ClinicRole, Membership, SiteRole, User
from trainer.models.authoring import Approval, AuthoringPolicy, ReviewComment
from trainer.models.bank import BankReference, Muscle
from trainer.models.clinics import (
    AuditEvent,
    ClinicInvite,
    Competency,
    ComplianceSnapshot,
    Credential,
    SentDigest,
    SentReminder,
)
from trainer.models.questions import (
    Question,
    QuestionStatus,
    QuestionVersion,
    Topic,
    VersionOrigin,
)
from trainer.models.quizzes import (
    AttemptCloser,
    AttemptItem,
    AttemptState,
    FeedbackTiming,
    GradingMethod,
    Quiz,
    QuizAttempt,
    QuizAudience,
    QuizKind,
    QuizSlot,
    QuizStatus,
)
from trainer.models.study import CardState, ImportedReview, ReviewLog, StudySettings
from trainer.models.types import UTCDateTime, utcnow

__all__ = [
    "AuditEvent",
    "ClinicInvite",
    "Competency",
    "ComplianceSnapshot",
    "Credential",
    "SentDigest",
    "SentReminder",
    "AttemptCloser",
    "AttemptItem",
    "AttemptState",
    "FeedbackTiming",
    "GradingMethod",
    "Quiz",
    "QuizAttempt",
    "QuizAudience",
    "QuizKind",
    "QuizSlot",
    "QuizStatus",
    "Approval",
    "AuthoringPolicy",
    "ReviewComment",
    "VersionOrigin",
    "BankReference",
    "Muscle",
    "CardState",
    "Clinic",
    "ImportedReview",
    "ClinicRole",
    "Membership",
    "Question",
    "QuestionStatus",
    "QuestionVersion",
    "ReviewLog",
    "SiteRole",
    "StudySettings",
    "Topic",
    "UTCDateTime",
    "User",
    "utcnow",
]
