"""Per-person evaluation: the plain definition, for one person's page and as the reference the
set-based matrix must agree with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from trainer.domain.competency.competencies import Competency
from trainer.domain.competency.inputs import (
    CardMemory,
    Credential,
    ItemId,
    QuizAttempt,
    StaffMember,
)
from trainer.domain.competency.measures import credential_result, exam_result, mastery_result
from trainer.domain.competency.requirements import (
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
)
from trainer.domain.competency.results import RequirementResult
from trainer.domain.competency.status import NOT_ASSIGNED, CompetencyStatus, competency_status
from trainer.domain.scheduling import retrievabilities


def recall_by_item(
    person: StaffMember, memories: Iterable[CardMemory], now: datetime
) -> dict[ItemId, float]:
    """Predicted recall at ``now`` of each item ``person`` has studied (others' cards and
    unstudied cards are left out; they count 0)."""
    latest: dict[ItemId, CardMemory] = {}
    for memory in memories:
        if memory.person_id == person.person_id:
            latest[memory.item_id] = memory  # a repeated pair: the later record wins
    studied = [m for m in latest.values() if m.stability is not None and m.last_review is not None]
    values = retrievabilities(
        [m.stability for m in studied], [m.last_review for m in studied], now, person.decay
    )
    return {m.item_id: r for m, r in zip(studied, values, strict=True)}


def evaluate_person(
    person: StaffMember,
    competencies: Sequence[Competency],
    memories: Iterable[CardMemory],
    attempts: Iterable[QuizAttempt],
    credentials: Iterable[Credential],
    now: datetime,
) -> dict[str, CompetencyStatus]:
    """Every competency's status for ``person`` at ``now``, keyed by competency key.

    The inputs may hold other people's records too; only ``person``'s are used.
    """
    recall = recall_by_item(person, memories, now)
    own_attempts = [a for a in attempts if a.person_id == person.person_id]
    own_credentials = [c for c in credentials if c.person_id == person.person_id]
    statuses: dict[str, CompetencyStatus] = {}
    for competency in competencies:
        if not competency.assignment.covers(person):
            statuses[competency.key] = NOT_ASSIGNED
            continue
        results = tuple(
            _requirement_result(competency, requirement, recall, own_attempts, own_credentials, now)
            for requirement in competency.requirements
        )
        statuses[competency.key] = competency_status(competency, person, results, now)
    return statuses


def _requirement_result(
    competency: Competency,
    requirement: MasteryRequirement | ExamRequirement | CredentialRequirement,
    recall: dict[ItemId, float],
    attempts: list[QuizAttempt],
    credentials: list[Credential],
    now: datetime,
) -> RequirementResult:
    if isinstance(requirement, MasteryRequirement):
        # Unstudied items add 0.0, in the order of the item set (the matrix adds the same
        # numbers in the same order, so both get the identical float).
        total = sum(recall.get(item, 0.0) for item in requirement.item_ids)
        studied = sum(1 for item in requirement.item_ids if item in recall)
        return mastery_result(requirement, total, studied)
    valid_for = competency.validity_of(requirement)
    if isinstance(requirement, ExamRequirement):
        return exam_result(requirement, attempts, now, valid_for)
    return credential_result(requirement, credentials, now, valid_for)
