"""How long the pure staff x competency matrix takes for a clinic, without any database.

Builds a synthetic clinic in memory -- N staff, 20 competencies over ~400 items (mastery by
topic, tag set and muscle set; exams; credentials; validity, deadlines, assignment by everyone,
role and name), one card memory per studied (person, item), a few attempts and credentials each
-- then times :func:`trainer.domain.competency.compute_matrix` alone (input building is not
timed: the app pays for it in its queries). Prints the median of repeated runs as wall time
(``matrix_ms``) and as CPU time of this process (``matrix_cpu_ms``), with the CPU time of a
fixed pure-Python loop beside them (``calibration_cpu_ms``): on a shared machine wall time
mostly measures the wait for a core, and the calibration says how fast a core was.

    .venv/bin/python bench/competency_matrix_pure.py --staff 1000 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.domain.competency import (  # noqa: E402
    Assignment,
    CardMemory,
    Competency,
    Credential,
    CredentialRequirement,
    ExamRequirement,
    ItemFacts,
    ItemSelection,
    MasteryRequirement,
    QuizAttempt,
    SelectBy,
    StaffMember,
    compute_matrix,
    select_items,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TOPICS = [f"topic-{i}" for i in range(8)]
TAGS = [f"tag-{i}" for i in range(40)]
MUSCLES = [f"muscle-{i}" for i in range(60)]
QUIZZES = [f"quiz-{i}" for i in range(6)]
KINDS = ["needling-course", "licence", "cpr", "supervised-sessions"]
ROLES = ["staff", "staff", "staff", "instructor", "manager"]


def build_items(rng: random.Random, count: int) -> list[ItemFacts]:
    return [
        ItemFacts(
            item_id=i,
            topic=rng.choice(TOPICS),
            tags=frozenset(rng.sample(TAGS, rng.randint(1, 4))),
            muscle=rng.choice(MUSCLES) if rng.random() < 0.6 else None,
        )
        for i in range(count)
    ]


def build_competencies(
    rng: random.Random, items: list[ItemFacts], staff_ids: list[int], count: int
) -> list[Competency]:
    competencies = []
    for c in range(count):
        requirements: list = []
        by = rng.choice(list(SelectBy))
        values = {
            SelectBy.TOPIC: lambda: rng.sample(TOPICS, rng.randint(1, 2)),
            SelectBy.TAGS: lambda: rng.sample(TAGS, rng.randint(3, 8)),
            SelectBy.MUSCLES: lambda: rng.sample(MUSCLES, rng.randint(5, 15)),
        }[by]()
        selection = ItemSelection(by, frozenset(values))
        requirements.append(
            MasteryRequirement(
                key="mastery",
                label=selection.describe(),
                item_ids=select_items(selection, items),
                min_mean_recall=rng.choice([0.6, 0.7, 0.8, 0.9]),
                min_studied=rng.choice([0.0, 0.5, 0.8]),
            )
        )
        if rng.random() < 0.6:
            quiz = rng.choice(QUIZZES)
            requirements.append(ExamRequirement("exam", quiz, quiz, rng.choice([0.7, 0.8])))
        if rng.random() < 0.4:
            kind = rng.choice(KINDS)
            requirements.append(CredentialRequirement("credential", kind, kind))
        assignment = rng.choice(
            [
                Assignment(everyone=True),
                Assignment(roles=frozenset({"staff", "instructor"})),
                Assignment(person_ids=frozenset(rng.sample(staff_ids, len(staff_ids) // 3))),
            ]
        )
        competencies.append(
            Competency(
                key=f"competency-{c}",
                title=f"Competency {c}",
                requirements=tuple(requirements),
                valid_for=rng.choice([None, timedelta(days=365), timedelta(days=730)]),
                due_soon_within=timedelta(days=rng.choice([14, 30, 60])),
                deadline_days=rng.choice([None, 30, 90]),
                assignment=assignment,
            )
        )
    return competencies


def build_population(rng: random.Random, staff_count: int, items: list[ItemFacts]):
    staff, memories, attempts, credentials = [], [], [], []
    for pid in range(1, staff_count + 1):
        staff.append(
            StaffMember(pid, rng.choice(ROLES), NOW - timedelta(days=rng.randint(0, 1500)))
        )
        share = rng.uniform(0.2, 1.0)
        for item in items:
            if rng.random() < share:
                memories.append(
                    CardMemory(
                        pid,
                        item.item_id,
                        rng.lognormvariate(2.5, 1.2),
                        NOW - timedelta(seconds=rng.uniform(0, 120 * 86400)),
                    )
                )
        for quiz in QUIZZES:
            for _ in range(rng.randint(0, 3)):
                score = round(rng.uniform(0.4, 1.0), 2)
                attempts.append(
                    QuizAttempt(
                        pid, quiz, NOW - timedelta(days=rng.uniform(0, 800)), score, score >= 0.7
                    )
                )
        for kind in KINDS:
            if rng.random() < 0.5:
                issued = NOW - timedelta(days=rng.uniform(0, 900))
                signed = rng.random() < 0.8
                credentials.append(
                    Credential(
                        pid,
                        kind,
                        issued,
                        expires_at=issued + timedelta(days=730) if rng.random() < 0.5 else None,
                        signed_by=1 if signed else None,
                        signed_at=issued + timedelta(days=2) if signed else None,
                    )
                )
    return staff, memories, attempts, credentials


def _calibration_ms() -> float:
    """CPU time of a fixed pure-Python loop (10**6 additions), to compare machines and loads:
    on an idle modern core it takes about 25-35 ms with CPython 3.11."""
    start = time.process_time()
    total = 0
    for number in range(1_000_000):
        total += number
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--competencies", type=int, default=20)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    items = build_items(rng, args.items)
    staff, memories, attempts, credentials = build_population(rng, args.staff, items)
    competencies = build_competencies(rng, items, [s.person_id for s in staff], args.competencies)

    wall, cpu, calibration = [], [], []
    for _ in range(args.repeats):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        matrix = compute_matrix(staff, competencies, memories, attempts, credentials, NOW)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        calibration.append(_calibration_ms())
    statuses: dict[str, int] = {}
    for row in matrix.rows.values():
        for cell in row.values():
            statuses[cell.status.value] = statuses.get(cell.status.value, 0) + 1

    figures = {
        "staff": args.staff,
        "competencies": args.competencies,
        "items": args.items,
        "card_memories": len(memories),
        "attempts": len(attempts),
        "credentials": len(credentials),
        "cells": args.staff * args.competencies,
        "matrix_ms": round(statistics.median(wall), 1),
        "matrix_ms_min": round(min(wall), 1),
        "matrix_cpu_ms": round(statistics.median(cpu), 1),
        "matrix_cpu_ms_min": round(min(cpu), 1),
        "calibration_cpu_ms": round(statistics.median(calibration), 1),
        "repeats": args.repeats,
        "statuses": dict(sorted(statuses.items())),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"command : {' '.join(sys.argv)}")
    for key, value in figures.items():
        print(f"{key:14}: {value}")


if __name__ == "__main__":
    main()
