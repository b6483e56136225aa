"""The staff x competency matrix of a whole clinic in one pass over bulk inputs.

The app loads every card memory, attempt and credential of the clinic's staff with a few
set-based queries and passes them here; nothing is looked up per cell. Work is proportional to
the size of the inputs plus the number of cells:

* each card's predicted recall is computed once, and only for items some mastery requirement
  uses, then added to every mastery requirement containing that item (an inverted index);
* attempts and credentials are grouped by (person, quiz) and (person, kind) once;
* a requirement shared by several competencies is evaluated once per person.

:func:`~trainer.domain.competency.evaluate.evaluate_person` is the plain definition; a
property test checks that both give identical statuses.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.domain.competency.competencies import Competency
from trainer.domain.competency.inputs import (
    CardMemory,
    Credential,
    ItemId,
    PersonId,
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
from trainer.domain.competency.status import (
    NOT_ASSIGNED,
    CompetencyStatus,
    Status,
    competency_status,
)
from trainer.domain.scheduling import retrievabilities


@dataclass(frozen=True, slots=True)
class CompetencyMatrix:
    """Statuses of every (person, competency) pair, rows in the order the staff were given."""

    now: datetime
    person_ids: tuple[PersonId, ...]
    competency_keys: tuple[str, ...]
    rows: dict[PersonId, dict[str, CompetencyStatus]]

    def cell(self, person_id: PersonId, competency_key: str) -> CompetencyStatus:
        return self.rows[person_id][competency_key]

    def counts(self, competency_key: str) -> Counter[Status]:
        """How many people are in each status for one competency (a column summary)."""
        return Counter(row[competency_key].status for row in self.rows.values())


class _Plan:
    """Everything about the competencies that does not depend on the person, built once."""

    def __init__(self, competencies: Sequence[Competency]) -> None:
        self.mastery: list[MasteryRequirement] = []
        mastery_slot: dict[int, int] = {}
        # The same (requirement, validity) in several competencies is evaluated once.
        self.other: list[tuple[ExamRequirement | CredentialRequirement, timedelta | None]] = []
        other_slot: dict[tuple[int, timedelta | None], int] = {}
        # Per competency, per requirement: ("m", slot) or ("o", slot).
        self.layout: list[tuple[tuple[str, int], ...]] = []
        for competency in competencies:
            slots: list[tuple[str, int]] = []
            for requirement in competency.requirements:
                if isinstance(requirement, MasteryRequirement):
                    slot = mastery_slot.setdefault(id(requirement), len(self.mastery))
                    if slot == len(self.mastery):
                        self.mastery.append(requirement)
                    slots.append(("m", slot))
                else:
                    key = (id(requirement), competency.validity_of(requirement))
                    slot = other_slot.setdefault(key, len(self.other))
                    if slot == len(self.other):
                        self.other.append((requirement, key[1]))
                    slots.append(("o", slot))
            self.layout.append(tuple(slots))
        self.requirements_of_item: dict[ItemId, list[int]] = defaultdict(list)
        for slot, requirement in enumerate(self.mastery):
            for item in requirement.item_ids:
                self.requirements_of_item[item].append(slot)


def compute_matrix(
    staff: Sequence[StaffMember],
    competencies: Sequence[Competency],
    memories: Iterable[CardMemory],
    attempts: Iterable[QuizAttempt],
    credentials: Iterable[Credential],
    now: datetime,
) -> CompetencyMatrix:
    """Every staff member's status in every competency at ``now``.

    Records of people not in ``staff`` are ignored. Equal, cell for cell, to calling
    :func:`~trainer.domain.competency.evaluate.evaluate_person` for each person.
    """
    plan = _Plan(competencies)
    by_item = plan.requirements_of_item
    people = {person.person_id for person in staff}

    # One pass over each input, keeping only what some requirement can use.
    memories_of: dict[PersonId, dict[ItemId, CardMemory]] = defaultdict(dict)
    for memory in memories:
        if memory.item_id in by_item:
            memories_of[memory.person_id][memory.item_id] = memory  # later record wins
    attempts_of: dict[PersonId, list[QuizAttempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.person_id in people:
            attempts_of[attempt.person_id].append(attempt)
    credentials_of: dict[PersonId, list[Credential]] = defaultdict(list)
    for credential in credentials:
        if credential.person_id in people:
            credentials_of[credential.person_id].append(credential)

    rows: dict[PersonId, dict[str, CompetencyStatus]] = {}
    for person in staff:
        pid = person.person_id
        mastery = _mastery_results(plan, memories_of.get(pid, {}), person, now)
        own_attempts = attempts_of.get(pid, [])
        own_credentials = credentials_of.get(pid, [])
        other: list[RequirementResult | None] = [None] * len(plan.other)
        row: dict[str, CompetencyStatus] = {}
        for competency, slots in zip(competencies, plan.layout, strict=True):
            if not competency.assignment.covers(person):
                row[competency.key] = NOT_ASSIGNED
                continue
            results: list[RequirementResult] = []
            for kind, slot in slots:
                if kind == "m":
                    results.append(mastery[slot])
                    continue
                result = other[slot]
                if result is None:
                    requirement, valid_for = plan.other[slot]
                    if isinstance(requirement, ExamRequirement):
                        result = exam_result(requirement, own_attempts, now, valid_for)
                    else:
                        result = credential_result(requirement, own_credentials, now, valid_for)
                    other[slot] = result
                results.append(result)
            row[competency.key] = competency_status(competency, person, tuple(results), now)
        rows[pid] = row
    return CompetencyMatrix(
        now, tuple(p.person_id for p in staff), tuple(c.key for c in competencies), rows
    )


def _mastery_results(
    plan: _Plan, memories: dict[ItemId, CardMemory], person: StaffMember, now: datetime
) -> list[RequirementResult]:
    studied = [
        m for m in memories.values() if m.stability is not None and m.last_review is not None
    ]
    recalls = retrievabilities(((m.stability, m.last_review) for m in studied), now, person.decay)
    sums: list[list[float]] = [[] for _ in plan.mastery]
    by_item = plan.requirements_of_item
    for memory, recall in zip(studied, recalls, strict=True):
        for slot in by_item[memory.item_id]:
            sums[slot].append(recall)
    # fsum is exactly rounded, so the sum does not depend on the order cards arrive in.
    return [
        mastery_result(requirement, math.fsum(values), len(values))
        for requirement, values in zip(plan.mastery, sums, strict=True)
    ]
