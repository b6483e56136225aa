"""A clinic's competencies: stored definitions, the shipped defaults, and the quizzes an exam
requirement may name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from trainer.domain.competency import DEFAULT_DEFINITIONS
from trainer.extensions import db
from trainer.models import Clinic, Competency, Quiz, QuizStatus, User, utcnow
from trainer.services.clinics import audit

#: A month of validity, in days, as the domain counts validity (12 months = 365 days).
DAYS_PER_MONTH = 365 / 12


def months_to_days(months: int | None) -> int | None:
    return None if months is None else round(months * DAYS_PER_MONTH)


def clinic_competencies(clinic: Clinic) -> list[Competency]:
    return list(
        db.session.execute(
            select(Competency)
            .where(Competency.clinic_id == clinic.id)
            .order_by(Competency.title, Competency.id)
        ).scalars()
    )


def competency_in(clinic: Clinic, competency_id: int) -> Competency | None:
    return db.session.execute(
        select(Competency).where(Competency.id == competency_id, Competency.clinic_id == clinic.id)
    ).scalar_one_or_none()


def quiz_choices(clinic: Clinic) -> list[tuple[int, str]]:
    """Quizzes an exam requirement may name: the clinic's own and the site's, by title."""
    rows = db.session.execute(
        select(Quiz.id, Quiz.title, Quiz.clinic_id)
        .where(
            or_(Quiz.clinic_id == clinic.id, Quiz.clinic_id.is_(None)),
            Quiz.status != QuizStatus.DRAFT,
        )
        .order_by(Quiz.title, Quiz.id)
    ).all()
    return [(qid, f"{title} ({'clinic' if cid else 'site'})") for qid, title, cid in rows]


def quiz_titles(quiz_ids: set[int]) -> dict[int, str]:
    if not quiz_ids:
        return {}
    rows = db.session.execute(select(Quiz.id, Quiz.title).where(Quiz.id.in_(quiz_ids))).all()
    return dict(rows)


def slug_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50] or "competency"


def _unique_key(clinic: Clinic, wanted: str, own_id: int | None = None) -> str:
    taken = {
        key
        for key, cid in db.session.execute(
            select(Competency.key, Competency.id).where(Competency.clinic_id == clinic.id)
        )
        if cid != own_id
    }
    key, n = wanted, 2
    while key in taken:
        key, n = f"{wanted}-{n}", n + 1
    return key


@dataclass
class CompetencyData:
    """What the form gives: the competency's fields and its requirement definitions."""

    title: str
    valid_for_months: int | None
    due_soon_days: int
    deadline_days: int | None
    assign_everyone: bool
    assign_roles: list[str]
    assign_user_ids: list[int]
    requirements: list[dict[str, Any]]


def save(
    clinic: Clinic, actor: User, data: CompetencyData, competency: Competency | None = None
) -> Competency:
    created = competency is None
    if competency is None:
        competency = Competency(clinic_id=clinic.id, key=_unique_key(clinic, slug_key(data.title)))
        db.session.add(competency)
    competency.title = data.title
    competency.valid_for_months = data.valid_for_months
    competency.due_soon_days = data.due_soon_days
    competency.deadline_days = data.deadline_days
    assignment = (data.assign_everyone, sorted(data.assign_roles), sorted(data.assign_user_ids))
    before = (competency.assign_everyone, competency.assign_roles, competency.assign_user_ids)
    if not created and assignment != before:
        # Deadlines count from the assignment at the earliest: people it newly covers get
        # their full deadline from now, not an "overdue" on the spot.
        competency.assigned_at = utcnow()
    competency.assign_everyone = data.assign_everyone
    competency.assign_roles = sorted(data.assign_roles)
    competency.assign_user_ids = sorted(data.assign_user_ids)
    competency.requirements = data.requirements
    summary = ", ".join(
        f"{r['kind']} {r.get('min_mean_recall', r.get('min_score', r.get('min_hours', '')))}"
        for r in data.requirements
    )
    audit.record(
        clinic, actor, "competency_created" if created else "competency_edited", data.title,
        f"valid {data.valid_for_months} months, due soon {data.due_soon_days} d, deadline "
        f"{data.deadline_days} d; {summary}",
    )  # fmt: skip
    db.session.commit()
    return competency


def _safety_exam(clinic: Clinic) -> int | None:
    """The quiz the default safety-exam requirement names: a clinic or site quiz whose title
    mentions safety (the clinic's own first); ``None`` if there is none yet (then the
    requirement cannot be met until a manager picks the quiz)."""
    for qid, title in quiz_choices(clinic):
        if "safety" in title.lower():
            return qid
    return None


def add_recommended(clinic: Clinic, actor: User) -> list[str]:
    """Copy the shipped default competencies into the clinic (those it does not have by key);
    returns the titles added. They are ordinary competencies afterwards, editable."""
    have = {c.key for c in clinic_competencies(clinic)}
    added = []
    for definition in DEFAULT_DEFINITIONS:
        if definition["key"] in have:
            continue
        requirements = []
        for requirement in definition["requirements"]:
            stored = {k: v for k, v in requirement.items() if k != "quiz"}
            if requirement["kind"] == "exam":
                stored["quiz"] = _safety_exam(clinic)
            requirements.append(stored)
        days = definition.get("valid_for_days")
        db.session.add(
            Competency(
                clinic_id=clinic.id,
                key=definition["key"],
                title=definition["title"],
                valid_for_months=None if days is None else round(days / DAYS_PER_MONTH),
                due_soon_days=definition.get("due_soon_days", 30),
                deadline_days=definition.get("deadline_days"),
                assign_everyone=True,
                assign_roles=[],
                assign_user_ids=[],
                requirements=requirements,
            )
        )
        audit.record(clinic, actor, "competency_created", definition["title"], "recommended")
        added.append(definition["title"])
    db.session.commit()
    return added


def definition_of(competency: Competency) -> dict[str, Any]:
    """The stored competency as a domain definition (see domain.competency.definitions)."""
    return {
        "key": competency.key,
        "title": competency.title,
        "valid_for_days": months_to_days(competency.valid_for_months),
        "due_soon_days": competency.due_soon_days,
        "deadline_days": competency.deadline_days,
        "assign": {
            "everyone": competency.assign_everyone,
            "roles": list(competency.assign_roles or ()),
            "people": list(competency.assign_user_ids or ()),
        },
        "requirements": [dict(r) for r in competency.requirements],
    }
