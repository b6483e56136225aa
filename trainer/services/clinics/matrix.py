"""The clinic's staff x competency matrix from a handful of set-based queries.

One query each for: the active staff (with their FSRS decay), the clinic's competencies, the
bank's items they may study, every card memory of those staff, their finished attempts at the
quizzes the competencies name, and the clinic's credentials. Then one call of
:func:`trainer.domain.competency.compute_matrix`: no query per cell or per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import DateTime, String, or_, select, type_coerce

from trainer.domain import competency as domain
from trainer.extensions import db
from trainer.models import (
    AttemptState,
    CardState,
    Clinic,
    Credential,
    Membership,
    Question,
    QuestionStatus,
    QuestionVersion,
    QuizAttempt,
    StudySettings,
    Topic,
    User,
)
from trainer.models import Competency as CompetencyRow
from trainer.services.clinics.competencies import clinic_competencies, definition_of


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class ClinicMatrix:
    people: list[Person]
    competencies: list[CompetencyRow]
    domain_competencies: dict[str, domain.Competency]
    matrix: domain.CompetencyMatrix

    def cell(self, person: Person, competency: CompetencyRow) -> domain.CompetencyStatus:
        return self.matrix.cell(person.user_id, competency.key)


def _decay(parameters: list[float] | None) -> float:
    if parameters and len(parameters) > 20:
        return float(parameters[20])
    return domain.DEFAULT_DECAY


def clinic_items(clinic: Clinic) -> list[domain.ItemFacts]:
    """The published items the clinic's staff study (shared bank and the clinic's own)."""
    rows = db.session.execute(
        select(Question.id, Topic.slug, QuestionVersion.content, Question.muscle_slug)
        .join(Topic, Topic.id == Question.topic_id)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(
            Question.status == QuestionStatus.PUBLISHED,
            or_(Question.clinic_id.is_(None), Question.clinic_id == clinic.id),
        )
    ).all()
    return [
        domain.ItemFacts(qid, topic, frozenset((content or {}).get("tags", ())), muscle)
        for qid, topic, content, muscle in rows
    ]


def to_domain(row: CompetencyRow, items: list[domain.ItemFacts]) -> domain.Competency | None:
    """The stored competency for the domain; ``None`` if its definition is not valid."""
    try:
        return domain.competency_from_definition(
            definition_of(row), items, assigned_at=row.assigned_at
        )
    except (ValueError, KeyError, TypeError):
        return None


def credential_records(clinic: Clinic, user_ids=None) -> list[domain.Credential]:
    """The clinic's credentials as domain records (columns only: no ORM objects to build)."""
    statement = select(
        Credential.user_id, Credential.kind, Credential.issued_at, Credential.expires_at,
        Credential.hours, Credential.signed_by_id, Credential.signed_at, Credential.id,
        Credential.in_person_hours,
    ).where(Credential.clinic_id == clinic.id)  # fmt: skip
    if user_ids is not None:
        statement = statement.where(Credential.user_id.in_(user_ids))
    return [
        domain.Credential(
            person_id=uid, kind=kind, issued_at=issued, expires_at=expires, hours=hours,
            signed_by=signer, signed_at=signed_at if signer is not None else None,
            credential_id=cid, in_person_hours=in_person,
        )
        for uid, kind, issued, expires, hours, signer, signed_at, cid, in_person
        in db.session.execute(statement)
        # rows the forms never make (the domain refuses them) are not evidence
        if (expires is None or expires > issued)
        and (in_person is None or (hours is not None and in_person <= hours))
    ]  # fmt: skip


def _memories(members) -> list[domain.CardMemory]:
    """Every reviewed card of the people in ``members``, as the domain's ``CardMemory``.

    The hot spot of the page (~250 cards per person): the columns are read without the
    UTCDateTime decorator's Python call per value (UTC is attached by one C-level ``map``), and
    built into named tuples, whose attributes the domain reads in C where a Row's are not. A
    card never reviewed is left out: it counts as unstudied, exactly like an item without one.
    """
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    # SQLite keeps UTC as text without a zone (see models/types.py): read the text and parse it
    # with datetime.fromisoformat in C; other backends hand aware datetimes over as they are.
    raw = String() if sqlite else DateTime(timezone=True)
    rows = db.session.execute(
        select(
            CardState.user_id, CardState.question_id, CardState.stability,
            type_coerce(CardState.last_review, raw),
        )
        .where(
            CardState.user_id.in_(members),
            CardState.last_review.is_not(None),
            CardState.stability.is_not(None),
        )
        .order_by(CardState.user_id)
    ).all()  # fmt: skip
    if not rows:
        return []
    people, items, stabilities, reviewed = zip(*rows, strict=True)
    if sqlite:
        reviewed = map(_as_utc, map(datetime.fromisoformat, reviewed))
    return list(map(domain.CardMemory, people, items, stabilities, reviewed))


#: ``moment.replace(tzinfo=UTC)`` as a C-level callable (no Python frame per value).
_as_utc = partial(datetime.replace, tzinfo=UTC)


def clinic_matrix(clinic: Clinic, now: datetime, *, user_id: int | None = None) -> ClinicMatrix:
    """The matrix of the clinic's active staff (or of one of them) at ``now``."""
    staff_query = (
        select(User.id, User.display_name, User.email, Membership.role, Membership.created_at,
               StudySettings.parameters)
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(StudySettings, StudySettings.user_id == User.id)
        .where(Membership.clinic_id == clinic.id, Membership.active.is_(True))
        .order_by(User.display_name, User.id)
    )  # fmt: skip
    if user_id is not None:
        staff_query = staff_query.where(User.id == user_id)
    staff_rows = db.session.execute(staff_query).all()
    people = [Person(uid, name, email, role.value) for uid, name, email, role, _, _ in staff_rows]
    staff = [
        domain.StaffMember(uid, role.value, joined, _decay(params))
        for uid, _, _, role, joined, params in staff_rows
    ]
    rows = clinic_competencies(clinic)
    items = clinic_items(clinic) if rows else []
    converted = {row.key: to_domain(row, items) for row in rows}
    usable = [row for row in rows if converted[row.key] is not None]
    competencies = [converted[row.key] for row in usable]
    members = (
        select(Membership.user_id)
        .where(Membership.clinic_id == clinic.id, Membership.active.is_(True))
        .scalar_subquery()
    )
    if user_id is not None:
        members = (
            select(Membership.user_id)
            .where(Membership.clinic_id == clinic.id, Membership.user_id == user_id)
            .scalar_subquery()
        )
    memories = _memories(members)
    quiz_ids = {
        r.quiz_id
        for c in competencies
        for r in c.requirements
        if isinstance(r, domain.ExamRequirement)
    }
    attempts = []
    if quiz_ids:
        attempts = [
            domain.QuizAttempt(uid, qid, finished, score, bool(passed), aid)
            for aid, uid, qid, finished, score, passed in db.session.execute(
                select(QuizAttempt.id, QuizAttempt.user_id, QuizAttempt.quiz_id,
                       QuizAttempt.finished_at, QuizAttempt.score, QuizAttempt.passed)
                .where(
                    QuizAttempt.user_id.in_(members),
                    QuizAttempt.quiz_id.in_(quiz_ids),
                    QuizAttempt.state == AttemptState.FINISHED,
                    QuizAttempt.finished_at.is_not(None),
                    QuizAttempt.score.is_not(None),
                )
            )
        ]  # fmt: skip
    credentials = credential_records(clinic)
    matrix = domain.compute_matrix(staff, competencies, memories, attempts, credentials, now)
    return ClinicMatrix(people, usable, {c.key: c for c in competencies}, matrix)
