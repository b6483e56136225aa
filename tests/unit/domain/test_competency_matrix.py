"""The set-based matrix equals per-person evaluation, cell for cell, on random populations
(fixed seeds), and ignores what does not belong to the staff given."""

from __future__ import annotations

import random
from collections import namedtuple
from datetime import timedelta

import pytest

from tests.unit.domain.competency_builders import YEAR, at, attempt, credential, person
from trainer.domain.competency import (
    NOT_ASSIGNED,
    Assignment,
    CardMemory,
    Competency,
    CredentialRequirement,
    ExamRequirement,
    ItemFacts,
    ItemSelection,
    MasteryRequirement,
    SelectBy,
    StaffMember,
    Status,
    compute_matrix,
    evaluate_person,
    select_items,
)

TOPICS = ["safety", "referral-patterns", "physiology"]
TAGS = [f"tag-{i}" for i in range(8)]
MUSCLES = [f"muscle-{i}" for i in range(6)]
QUIZZES = ["quiz-a", "quiz-b"]
KINDS = ["needling-course", "licence"]
ROLES = ["staff", "instructor", "manager"]


def _catalogue(rng: random.Random) -> list[ItemFacts]:
    return [
        ItemFacts(
            i,
            rng.choice(TOPICS),
            frozenset(rng.sample(TAGS, rng.randint(0, 3))),
            rng.choice([None, *MUSCLES]),
        )
        for i in range(60)
    ]


def _competencies(rng: random.Random, items: list[ItemFacts], people: list[int]):
    # A small pool of requirements, reused across competencies (some with different validity),
    # so sharing and per-competency validity are exercised.
    selections = [
        ItemSelection(SelectBy.TOPIC, frozenset({"safety"})),
        ItemSelection(SelectBy.TAGS, frozenset(rng.sample(TAGS, 3))),
        ItemSelection(SelectBy.MUSCLES, frozenset(rng.sample(MUSCLES, 2))),
        ItemSelection(
            SelectBy.TOPIC,
            frozenset(
                {"no-such-topic"},
            ),
        ),  # selects nothing
    ]
    mastery = [
        MasteryRequirement(
            f"mastery-{n}",
            s.describe(),
            select_items(s, items),
            rng.choice([0.0, 0.3, 0.5, 0.7]),
            rng.choice([0.0, 0.4, 0.8]),
        )
        for n, s in enumerate(selections)
    ]
    exams = [ExamRequirement(f"exam-{q}", q, q, rng.choice([0.6, 0.8])) for q in QUIZZES]
    exams.append(ExamRequirement("exam-short", "quiz-a", "quiz-a", 0.7, valid_for=90 * DAYS))
    credentials = [CredentialRequirement(f"cred-{k}", k, k) for k in KINDS]
    credentials.append(CredentialRequirement("hours", "hours", "needling-course", min_hours=20))
    pool = mastery + exams + credentials
    competencies = []
    for n in range(8):
        chosen = rng.sample(pool, rng.randint(1, 3))
        keys = {r.key for r in chosen}
        if len(keys) < len(chosen):
            continue
        competencies.append(
            Competency(
                f"competency-{n}",
                f"Competency {n}",
                tuple(chosen),
                valid_for=rng.choice([None, YEAR, 200 * DAYS]),
                due_soon_within=rng.choice([0, 30, 90]) * DAYS,
                deadline_days=rng.choice([None, 0, 60, 400]),
                assignment=rng.choice(
                    [
                        Assignment(everyone=True),
                        Assignment(roles=frozenset({"staff"})),
                        Assignment(
                            person_ids=frozenset(rng.sample(people, 5)), assigned_at=at(100)
                        ),
                        Assignment(roles=frozenset({"manager"}), person_ids=frozenset(people[:3])),
                    ]
                ),
            )
        )
    return competencies


DAYS = timedelta(days=1)


def _population(rng: random.Random, items: list[ItemFacts], count: int):
    staff = [
        StaffMember(pid, rng.choice(ROLES), at(rng.uniform(0, 500)), rng.choice([0.1542, 0.3]))
        for pid in range(1, count + 1)
    ]
    memories, attempts, credentials = [], [], []
    for pid in range(1, count + 3):  # two extra people who are not on the staff list
        share = rng.random()
        for item in items:
            if rng.random() < share:
                if rng.random() < 0.1:
                    memories.append(CardMemory(pid, item.item_id, None, None))
                else:
                    reviewed = at(rng.uniform(0, 800))  # some reviews after `now`
                    memories.append(
                        CardMemory(pid, item.item_id, rng.lognormvariate(2, 1.5), reviewed)
                    )
        for _ in range(rng.randint(0, 4)):
            score = round(rng.random(), 2)
            attempts.append(
                attempt(score, rng.uniform(0, 800), rng.random() < 0.8, rng.choice(QUIZZES), pid)
            )
        for _ in range(rng.randint(0, 3)):
            issued = rng.uniform(0, 800)
            signed = issued + rng.uniform(0, 40) if rng.random() < 0.7 else None
            expires = issued + rng.uniform(30, 700) if rng.random() < 0.5 else None
            hours = rng.choice([None, 10, 20, 40])
            credentials.append(credential(issued, signed, expires, hours, rng.choice(KINDS), pid))
    # Duplicates of some (person, item) pairs, and records in no particular order.
    memories += rng.sample(memories, len(memories) // 20)
    rng.shuffle(memories)
    rng.shuffle(attempts)
    return staff, memories, attempts, credentials


@pytest.mark.parametrize("seed", range(8))
def test_matrix_equals_per_person_evaluation(seed):
    rng = random.Random(seed)
    items = _catalogue(rng)
    staff, memories, attempts, credentials = _population(rng, items, 30)
    competencies = _competencies(rng, items, [s.person_id for s in staff])
    seen: set[Status] = set()
    for now in (at(rng.uniform(100, 700)), at(0), at(900)):
        matrix = compute_matrix(staff, competencies, memories, attempts, credentials, now)
        assert matrix.person_ids == tuple(s.person_id for s in staff)
        assert matrix.competency_keys == tuple(c.key for c in competencies)
        for who in staff:
            expected = evaluate_person(who, competencies, memories, attempts, credentials, now)
            assert matrix.rows[who.person_id] == expected
            for key, status in expected.items():
                assert matrix.cell(who.person_id, key).missing == status.missing
                seen.add(status.status)
    # The populations are varied enough to reach most statuses.
    assert len(seen) >= 4, seen


def test_every_status_is_reached_across_the_seeds():
    seen: set[Status] = set()
    for seed in range(8):
        rng = random.Random(seed)
        items = _catalogue(rng)
        staff, memories, attempts, credentials = _population(rng, items, 30)
        competencies = _competencies(rng, items, [s.person_id for s in staff])
        for now in (at(300), at(600)):
            matrix = compute_matrix(staff, competencies, memories, attempts, credentials, now)
            seen |= {cell.status for row in matrix.rows.values() for cell in row.values()}
    assert seen == set(Status)


def test_records_of_people_not_on_the_staff_list_are_ignored():
    exam = ExamRequirement("exam", "the exam", "safety-exam", 0.8)
    competency = Competency("c", "C", (exam,))
    matrix = compute_matrix([person(1)], [competency], [], [attempt(0.9, 1, pid=2)], [], at(5))
    assert list(matrix.rows) == [1]
    assert matrix.cell(1, "c").status is Status.IN_PROGRESS
    assert matrix.counts("c") == {Status.IN_PROGRESS: 1}


def test_empty_clinic_and_unassigned_cells():
    competency = Competency(
        "c", "C", (ExamRequirement("e", "e", "q", 0.5),), assignment=Assignment()
    )
    assert compute_matrix([], [competency], [], [], [], at(0)).rows == {}
    matrix = compute_matrix([person(1)], [competency], [], [], [], at(0))
    assert matrix.cell(1, "c") == NOT_ASSIGNED


def test_database_rows_with_the_same_fields_are_accepted_as_card_memories():
    # The app can pass query rows (person_id, item_id, stability, last_review) unchanged.
    row = namedtuple("Row", "person_id item_id stability last_review")  # noqa: PYI024
    rng = random.Random(99)
    items = _catalogue(rng)
    staff, memories, attempts, credentials = _population(rng, items, 10)
    competencies = _competencies(rng, items, [s.person_id for s in staff])
    rows = [row(*m) for m in memories]
    now = at(400)
    assert compute_matrix(staff, competencies, rows, attempts, credentials, now) == compute_matrix(
        staff, competencies, memories, attempts, credentials, now
    )
    for who in staff:
        assert (
            evaluate_person(who, competencies, rows, attempts, credentials, now)
            == (
                compute_matrix(staff, competencies, memories, attempts, credentials, now).rows[
                    who.person_id
                ]
            )
        )
