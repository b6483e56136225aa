"""Competency definitions as plain data (what a manager edits and the app stores), and their
conversion to :class:`~trainer.domain.competency.competencies.Competency`.

A definition is a JSON-compatible dict::

    {"key": ..., "title": ..., "valid_for_days": 365 | None, "due_soon_days": 30,
     "deadline_days": 90 | None,
     "assign": {"everyone": true} | {"roles": [...], "people": [...]},
     "requirements": [
        {"kind": "mastery", "key": ..., "label": ..., "select": {"by": "topic", "values": [...]},
         "min_mean_recall": 0.9, "min_studied": 0.8},
        {"kind": "exam", "key": ..., "label": ..., "quiz": "<quiz key>", "min_score": 0.8},
        {"kind": "credential", "key": ..., "label": ..., "credential_kind": ...,
         "min_hours": None, "min_in_person_hours": None}]}

Selections are kept as rules and resolved against the bank's items on conversion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from trainer.domain.competency.competencies import Assignment, Competency
from trainer.domain.competency.inputs import ItemFacts, QuizId
from trainer.domain.competency.requirements import (
    CredentialRequirement,
    ExamRequirement,
    MasteryRequirement,
    Requirement,
)
from trainer.domain.competency.selection import ItemSelection, SelectBy, select_items

#: Shipped defaults for the seed bank's themes; the app copies them into a clinic, where a
#: manager can edit them. "deadline_days" for new staff is our choice, not from the issue.
DEFAULT_DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        "key": "dry-needling-safety",
        "title": "Dry-needling safety",
        "valid_for_days": 365,
        "due_soon_days": 30,
        "deadline_days": 90,
        "assign": {"everyone": True},
        "requirements": [
            {
                "kind": "mastery",
                "key": "safety-mastery",
                "label": "the safety topic",
                "select": {"by": "topic", "values": ["safety"]},
                "min_mean_recall": 0.9,
                "min_studied": 0.8,
            },
            {
                "kind": "exam",
                "key": "safety-exam",
                "label": "the safety exam",
                "quiz": "safety-exam",
                "min_score": 0.8,
            },
            {
                "kind": "credential",
                "key": "needling-course",
                "label": "dry-needling course certificate",
                "credential_kind": "needling-course",
            },
        ],
    },
    {
        "key": "referral-patterns",
        "title": "Referral patterns",
        "valid_for_days": None,
        "due_soon_days": 30,
        "deadline_days": 90,
        "assign": {"everyone": True},
        "requirements": [
            {
                "kind": "mastery",
                "key": "referral-mastery",
                "label": "the referral-patterns topic",
                "select": {"by": "topic", "values": ["referral-patterns"]},
                "min_mean_recall": 0.8,
                "min_studied": 0.0,
            },
        ],
    },
)


def _days(value: Any) -> timedelta | None:
    return None if value is None else timedelta(days=value)


def _requirement(
    data: Mapping[str, Any], items: list[ItemFacts], quiz_ids: Mapping[str, QuizId]
) -> Requirement:
    kind = data.get("kind")
    if kind == "mastery":
        selection = ItemSelection(
            SelectBy(data["select"]["by"]), frozenset(data["select"]["values"])
        )
        return MasteryRequirement(
            key=data["key"],
            label=data.get("label") or selection.describe(),
            item_ids=select_items(selection, items),
            min_mean_recall=data["min_mean_recall"],
            min_studied=data.get("min_studied", 0.0),
        )
    if kind == "exam":
        return ExamRequirement(
            key=data["key"],
            label=data.get("label") or data["quiz"],
            quiz_id=quiz_ids.get(data["quiz"], data["quiz"]),
            min_score=data["min_score"],
            valid_for=_days(data.get("valid_for_days")),
        )
    if kind == "credential":
        return CredentialRequirement(
            key=data["key"],
            label=data.get("label") or data["credential_kind"],
            kind=data["credential_kind"],
            min_hours=data.get("min_hours"),
            valid_for=_days(data.get("valid_for_days")),
            min_in_person_hours=data.get("min_in_person_hours"),
        )
    raise ValueError(f"unknown requirement kind {kind!r}")


def competency_from_definition(
    data: Mapping[str, Any],
    items: Iterable[ItemFacts],
    *,
    quiz_ids: Mapping[str, QuizId] | None = None,
    assigned_at: datetime | None = None,
) -> Competency:
    """Build a competency from its definition.

    Args:
        items: The bank's items, to resolve mastery selections.
        quiz_ids: Quiz key -> quiz id; a key missing here is used as the id itself.
        assigned_at: When the assignment was made (deadlines count from it at the earliest).

    Raises:
        ValueError: for an invalid definition (a missing field raises ``KeyError``).
    """
    catalogue = list(items)
    ids = quiz_ids or {}
    assign = data.get("assign") or {"everyone": True}
    return Competency(
        key=data["key"],
        title=data["title"],
        requirements=tuple(_requirement(r, catalogue, ids) for r in data["requirements"]),
        valid_for=_days(data.get("valid_for_days")),
        due_soon_within=timedelta(days=data.get("due_soon_days", 30)),
        deadline_days=data.get("deadline_days"),
        assignment=Assignment(
            everyone=bool(assign.get("everyone", False)),
            roles=frozenset(assign.get("roles", ())),
            person_ids=frozenset(assign.get("people", ())),
            assigned_at=assigned_at,
        ),
    )


def default_competencies(
    items: Iterable[ItemFacts],
    *,
    quiz_ids: Mapping[str, QuizId] | None = None,
    assigned_at: datetime | None = None,
) -> tuple[Competency, ...]:
    """The shipped defaults, resolved against ``items``."""
    catalogue = list(items)
    return tuple(
        competency_from_definition(d, catalogue, quiz_ids=quiz_ids, assigned_at=assigned_at)
        for d in DEFAULT_DEFINITIONS
    )
