"""The staff x competency matrix of a whole clinic in one pass over bulk inputs.

The app loads every card memory, attempt and credential of the clinic's staff with a few
set-based queries and passes them here; nothing is looked up per cell. Work is proportional to
the size of the inputs plus the number of cells, and the per-card work runs in C-level
``map``/``itemgetter`` calls rather than Python loops (one card memory per studied item per
person is by far the largest input: ~250,000 for 1,000 staff):

* card memories are sorted by person once and split into columns in C; each card's
  predicted recall is computed once (by ``retrievabilities``, the one FSRS place) into a
  recall-by-item mapping, from which each mastery requirement picks its items with one
  ``itemgetter`` call and sums them;
* attempts and credentials are grouped by (person, quiz) and (person, kind) once, so each
  requirement reads only the records it is about; a person with none gets a result shared by
  everyone in that position;
* a requirement used by several competencies is evaluated once per person.

:func:`~trainer.domain.competency.evaluate.evaluate_person` is the plain definition; a
property test checks that both give identical statuses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter, itemgetter

from trainer.domain.competency.competencies import Competency
from trainer.domain.competency.inputs import (
    CardMemory,
    Credential,
    ItemId,
    PersonId,
    QuizAttempt,
    QuizId,
    StaffMember,
)
from trainer.domain.competency.measures import credential_result, exam_result, mastery_result
from trainer.domain.competency.requirements import (
    ExamRequirement,
    MasteryRequirement,
    Requirement,
)
from trainer.domain.competency.results import RequirementResult
from trainer.domain.competency.status import (
    NOT_ASSIGNED,
    CompetencyStatus,
    Status,
    competency_status,
)
from trainer.domain.scheduling import retrievabilities

_person_of = attrgetter("person_id")
_MEMORY_FIELDS = tuple(map(attrgetter, ("person_id", "item_id", "stability", "last_review")))


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

    def compliance(self) -> tuple[int, int]:
        """(assigned cells, compliant cells): met or due soon (still met) count as compliant."""
        assigned = compliant = 0
        for row in self.rows.values():
            for cell in row.values():
                if cell.status is not Status.NOT_ASSIGNED:
                    assigned += 1
                    compliant += cell.status is Status.MET or cell.status is Status.DUE_SOON
        return assigned, compliant


class _Plan:
    """Everything about the competencies that does not depend on the person, built once.

    Each distinct requirement gets a slot; a person's results are computed per slot on first
    use, so a requirement shared by several competencies is evaluated once per person and one
    only in competencies not assigned to them is not evaluated at all.
    """

    def __init__(self, competencies: Sequence[Competency]) -> None:
        # Per slot: the requirement and its validity (a requirement in two competencies with
        # different validity is two slots).
        self.requirements: list[tuple[Requirement, timedelta | None]] = []
        slot_of: dict[tuple[int, timedelta | None], int] = {}
        self.layout: list[tuple[int, ...]] = []  # per competency, its requirements' slots
        for competency in competencies:
            slots: list[int] = []
            for requirement in competency.requirements:
                key = (id(requirement), competency.validity_of(requirement))
                slot = slot_of.setdefault(key, len(self.requirements))
                if slot == len(self.requirements):
                    self.requirements.append((requirement, key[1]))
                slots.append(slot)
            self.layout.append(tuple(slots))
        # Each mastery requirement picks its items' recall out of a person's recall-by-item
        # mapping with one C-level itemgetter call, in the order of its item set.
        self.pickers: list[Callable[[Mapping[ItemId, float]], tuple[float, ...]] | None] = [
            _picker(list(r.item_ids)) if isinstance(r, MasteryRequirement) else None
            for r, _ in self.requirements
        ]
        # The result of a person with no record a requirement could use is the same for
        # everyone: made once per slot, on first use.
        self.without_records: list[RequirementResult | None] = [None] * len(self.requirements)

    def result_without_records(self, slot: int, now: datetime) -> RequirementResult:
        result = self.without_records[slot]
        if result is None:
            requirement, valid_for = self.requirements[slot]
            if isinstance(requirement, MasteryRequirement):
                result = mastery_result(requirement, 0.0, 0)
            elif isinstance(requirement, ExamRequirement):
                result = exam_result(requirement, (), now, valid_for)
            else:
                result = credential_result(requirement, (), now, valid_for)
            self.without_records[slot] = result
        return result


def _picker(items: list[ItemId]) -> Callable[[Mapping[ItemId, float]], tuple[float, ...]]:
    if not items:
        return lambda recall: ()
    if len(items) == 1:  # itemgetter of one key returns the value, not a 1-tuple
        (only,) = items
        return lambda recall: (recall[only],)
    return itemgetter(*items)


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
    :func:`~trainer.domain.competency.evaluate.evaluate_person` for each person. Card memories
    ordered by person (``ORDER BY user_id``) are grouped fastest, but any order works; person
    ids must be orderable among themselves (database ids are).
    """
    plan = _Plan(competencies)
    people = {person.person_id for person in staff}
    memories_of = _memories_by_person(memories)
    attempts_of: dict[tuple[PersonId, QuizId], list[QuizAttempt]] = defaultdict(list)
    for attempt in attempts:
        if attempt.person_id in people:
            attempts_of[attempt.person_id, attempt.quiz_id].append(attempt)
    credentials_of: dict[tuple[PersonId, str], list[Credential]] = defaultdict(list)
    for credential in credentials:
        if credential.person_id in people:
            credentials_of[credential.person_id, credential.kind].append(credential)

    rows: dict[PersonId, dict[str, CompetencyStatus]] = {}
    for person in staff:
        pid = person.person_id
        own = memories_of.get(pid)
        recall = _recall_by_item(own, person, now) if own else None
        cache: list[RequirementResult | None] = [None] * len(plan.requirements)
        row: dict[str, CompetencyStatus] = {}
        for competency, slots in zip(competencies, plan.layout, strict=True):
            if not competency.assignment.covers(person):
                row[competency.key] = NOT_ASSIGNED
                continue
            results: list[RequirementResult] = []
            for slot in slots:
                result = cache[slot]
                if result is None:
                    result = _result(plan, slot, pid, recall, attempts_of, credentials_of, now)
                    cache[slot] = result
                results.append(result)
            row[competency.key] = competency_status(competency, person, tuple(results), now)
        rows[pid] = row
    return CompetencyMatrix(
        now, tuple(p.person_id for p in staff), tuple(c.key for c in competencies), rows
    )


def _result(
    plan: _Plan,
    slot: int,
    pid: PersonId,
    recall: defaultdict[ItemId, float] | None,
    attempts_of: dict[tuple[PersonId, QuizId], list[QuizAttempt]],
    credentials_of: dict[tuple[PersonId, str], list[Credential]],
    now: datetime,
) -> RequirementResult:
    requirement, valid_for = plan.requirements[slot]
    if isinstance(requirement, MasteryRequirement):
        if recall is not None:
            picked = plan.pickers[slot](recall)  # type: ignore[misc]
            # A studied card's recall is > 0 (stability > 0 and a finite age never reach
            # 0.0); an unstudied item's is exactly 0.0. So the zeros are the unstudied items.
            studied = len(picked) - picked.count(0.0)
            if studied:
                # Summed in the order of requirement.item_ids with 0.0 for unstudied items:
                # the same additions, in the same order, as per-person evaluation makes.
                return mastery_result(requirement, sum(picked), studied)
    elif isinstance(requirement, ExamRequirement):
        records = attempts_of.get((pid, requirement.quiz_id))
        if records:
            return exam_result(requirement, records, now, valid_for)
    else:
        held = credentials_of.get((pid, requirement.kind))
        if held:
            return credential_result(requirement, held, now, valid_for)
    return plan.result_without_records(slot, now)


Columns = tuple[tuple[ItemId, ...], tuple[float | None, ...], tuple[datetime | None, ...]]


def _memories_by_person(memories: Iterable[CardMemory]) -> dict[PersonId, Columns]:
    """Each person's card memories as columns (items, stabilities, last reviews).

    One stable sort by person (a single pass on rows already ``ORDER BY user_id``), four
    column extractions in C, then a slice per person: no Python code runs per card. The stable sort
    keeps each person's records in input order, so "the later record wins" means what it does
    in per-person evaluation.
    """
    ordered = sorted(memories, key=_person_of)
    if not ordered:
        return {}
    people, items, stabilities, last_reviews = (
        tuple(map(field, ordered)) for field in _MEMORY_FIELDS
    )
    columns: dict[PersonId, Columns] = {}
    start = 0
    for person, count in Counter(people).items():  # in first-seen order: the sorted order
        end = start + count
        columns[person] = (items[start:end], stabilities[start:end], last_reviews[start:end])
        start = end
    return columns


def _recall_by_item(
    columns: Columns, person: StaffMember, now: datetime
) -> defaultdict[ItemId, float]:
    """The person's predicted recall by item; 0.0 for any item not studied (including items
    with no card: the mapping answers 0.0 for them, in C, without a Python call)."""
    items, stabilities, last_reviews = columns
    recalls = retrievabilities(stabilities, last_reviews, now, person.decay)
    # A later record of the same item overwrites an earlier one, as in per-person evaluation.
    return defaultdict(float, zip(items, recalls, strict=True))
