"""Small builders for the competency tests: fixed UTC times, people, records, requirements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trainer.domain.competency import (
    CardMemory,
    Credential,
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
    QuizAttempt,
    StaffMember,
)

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
YEAR = timedelta(days=365)


def at(days: float) -> datetime:
    """``days`` after T0."""
    return T0 + timedelta(days=days)


def person(pid: int = 1, role: str = "staff", joined: float = 0.0) -> StaffMember:
    return StaffMember(pid, role, at(joined))


def memory(item: int, stability: float | None, reviewed: float | None, pid: int = 1) -> CardMemory:
    return CardMemory(pid, item, stability, None if reviewed is None else at(reviewed))


def attempt(
    score: float,
    finished: float,
    passed: bool | None = None,
    quiz: str = "safety-exam",
    pid: int = 1,
) -> QuizAttempt:
    return QuizAttempt(pid, quiz, at(finished), score, score >= 0.8 if passed is None else passed)


def credential(
    issued: float,
    signed: float | None = None,
    expires: float | None = None,
    hours: float | None = None,
    kind: str = "needling-course",
    pid: int = 1,
) -> Credential:
    return Credential(
        pid,
        kind,
        at(issued),
        expires_at=None if expires is None else at(expires),
        hours=hours,
        signed_by=None if signed is None else 99,
        signed_at=None if signed is None else at(signed),
    )


def mastery_req(
    items: range | set[int], min_recall: float = 0.9, min_studied: float = 0.0
) -> MasteryRequirement:
    return MasteryRequirement(
        "mastery", "the safety topic", frozenset(items), min_recall, min_studied
    )


EXAM = ExamRequirement("exam", "the safety exam", "safety-exam", 0.8)
COURSE = CredentialRequirement("course", "dry-needling course certificate", "needling-course")
