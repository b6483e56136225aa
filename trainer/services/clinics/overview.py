"""The clinic overview for managers and instructors: compliance now and over 12 months, the
most-missed topics and items, upcoming expiries and staff who have gone quiet.

Compliance is the share of assigned matrix cells that are met (or due soon, still met). Its
history comes from ``compliance_snapshots``, one row per clinic and day, written whenever the
daily reminder run or this page computes the matrix: replaying every review of every person at
twelve past moments would cost far more than the page is worth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.exc import IntegrityError

from trainer.domain.competency import Status
from trainer.extensions import db
from trainer.models import (
    CardState,
    Clinic,
    ComplianceSnapshot,
    Membership,
    Question,
    QuestionVersion,
    QuizAttempt,
    ReviewLog,
    Topic,
    User,
)
from trainer.services.clinics.matrix import ClinicMatrix, clinic_matrix

EXPIRY_WINDOW = timedelta(days=60)
QUIET_AFTER = timedelta(days=14)
MISSED_WINDOW = timedelta(days=90)
MIN_REVIEWS = 3  # an item missed once in one review says nothing yet
MONTHS = 12


@dataclass(frozen=True)
class Expiry:
    expires_at: datetime
    person: str
    user_id: int
    competency: str


@dataclass(frozen=True)
class Quiet:
    person: str
    user_id: int
    last_active: datetime | None


@dataclass(frozen=True)
class Missed:
    label: str
    reviews: int
    misses: int

    @property
    def percent(self) -> int:
        return round(100 * self.misses / self.reviews)


@dataclass(frozen=True)
class Overview:
    assigned: int
    compliant: int
    history: list[tuple[str, float]]  # (YYYY-MM, % compliant), oldest first
    expiries: list[Expiry]
    quiet: list[Quiet]
    missed_topics: list[Missed]
    missed_items: list[Missed]

    @property
    def percent(self) -> int | None:
        return round(100 * self.compliant / self.assigned) if self.assigned else None


def record_compliance(clinic: Clinic, result: ClinicMatrix, now: datetime) -> None:
    """Keep today's compliance of ``clinic`` (the latest computation of the day wins)."""
    assigned, compliant = result.matrix.compliance()
    day = now.date()
    row = db.session.execute(
        select(ComplianceSnapshot).where(
            ComplianceSnapshot.clinic_id == clinic.id, ComplianceSnapshot.day == day
        )
    ).scalar_one_or_none()
    if row is None:
        row = ComplianceSnapshot(clinic_id=clinic.id, day=day)
        db.session.add(row)
    row.assigned, row.compliant = assigned, compliant
    try:
        db.session.commit()
    except IntegrityError:  # another request recorded today at the same moment: theirs stands
        db.session.rollback()


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def compliance_history(clinic: Clinic, now: datetime) -> list[tuple[str, float]]:
    """% compliant at the last recorded day of each of the last 12 months (months without a
    recorded day are left out rather than drawn as 0%)."""
    first = date(now.year - (1 if now.month < MONTHS else 0), (now.month % MONTHS) + 1, 1)
    rows = db.session.execute(
        select(ComplianceSnapshot.day, ComplianceSnapshot.assigned, ComplianceSnapshot.compliant)
        .where(ComplianceSnapshot.clinic_id == clinic.id, ComplianceSnapshot.day >= first,
               ComplianceSnapshot.day <= now.date())
        .order_by(ComplianceSnapshot.day)
    ).all()  # fmt: skip
    latest: dict[str, float] = {}
    for day, assigned, compliant in rows:  # in day order: each month keeps its last day
        if assigned:
            latest[_month(day)] = round(100 * compliant / assigned, 1)
    return list(latest.items())


def expiring(result: ClinicMatrix, now: datetime, within: timedelta) -> list[Expiry]:
    """Cells still met (or due soon) whose competency expires within ``within`` of ``now``,
    soonest first: the overview's list and the digest's."""
    found = []
    for person in result.people:
        for competency in result.competencies:
            cell = result.cell(person, competency)
            if (
                cell.status in (Status.MET, Status.DUE_SOON)
                and cell.expires_at is not None
                and cell.expires_at <= now + within
            ):
                found.append(Expiry(cell.expires_at, person.name, person.user_id, competency.title))
    return sorted(found, key=lambda e: (e.expires_at, e.person))


def _quiet_staff(clinic: Clinic, now: datetime) -> list[Quiet]:
    # Correlated per member, so each is one index lookup (ix_review_logs_user_time, and the
    # attempts' user index) instead of a scan of every learner's log.
    last_review = (
        select(func.max(ReviewLog.reviewed_at))
        .where(ReviewLog.user_id == User.id)
        .scalar_subquery()
    )
    last_attempt = (
        select(func.max(QuizAttempt.started_at))
        .where(QuizAttempt.user_id == User.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(User.id, User.display_name, last_review, last_attempt)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic.id, Membership.active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    quiet = []
    for user_id, name, reviewed, attempted in rows:
        # max() keeps the column's UTC type, so these are aware datetimes on every backend.
        moments = [m for m in (reviewed, attempted) if m is not None]
        last = max(moments) if moments else None
        if last is None or last < now - QUIET_AFTER:
            quiet.append(Quiet(name, user_id, last))
    return sorted(quiet, key=lambda q: (q.last_active is not None, q.last_active or now, q.person))


def _missed(clinic: Clinic, now: datetime, limit: int = 10) -> tuple[list[Missed], list[Missed]]:
    """Topics and items the clinic's staff answered Again most often in the last 90 days."""
    members = select(Membership.user_id).where(
        Membership.clinic_id == clinic.id, Membership.active.is_(True)
    )
    misses = func.sum(case((ReviewLog.rating == 1, 1), else_=0))  # Again: a miss
    base = (
        select(func.count(ReviewLog.id), misses)
        .join(CardState, CardState.id == ReviewLog.card_id)
        .join(Question, Question.id == CardState.question_id)
        .where(
            ReviewLog.user_id.in_(members),
            ReviewLog.reviewed_at >= now - MISSED_WINDOW,
            # A member may belong to other clinics too: their private items stay theirs.
            or_(Question.clinic_id.is_(None), Question.clinic_id == clinic.id),
        )
    )
    topics = db.session.execute(
        base.add_columns(Topic.title)
        .join(Topic, Topic.id == Question.topic_id)
        .group_by(Topic.id, Topic.title)
    ).all()
    items = db.session.execute(
        base.add_columns(QuestionVersion.prompt)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .group_by(Question.id, QuestionVersion.prompt)
    ).all()

    def ranked(rows) -> list[Missed]:
        found = [Missed(label, int(n), int(m or 0)) for n, m, label in rows if n >= MIN_REVIEWS]
        found = [f for f in found if f.misses]
        return sorted(found, key=lambda f: (-f.misses / f.reviews, -f.reviews, f.label))[:limit]

    return ranked(topics), ranked(items)


def clinic_overview(clinic: Clinic, now: datetime) -> Overview:
    result = clinic_matrix(clinic, now)
    record_compliance(clinic, result, now)
    assigned, compliant = result.matrix.compliance()
    missed_topics, missed_items = _missed(clinic, now)
    return Overview(
        assigned,
        compliant,
        compliance_history(clinic, now),
        expiring(result, now, EXPIRY_WINDOW),
        _quiet_staff(clinic, now),
        missed_topics,
        missed_items,
    )
