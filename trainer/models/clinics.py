"""Clinic administration and competency tracking: invites, the audit log, competencies,
credentials (with their uploaded evidence) and the reminders and digests already sent.

A competency's requirements are stored as the plain definitions of
:mod:`trainer.domain.competency.definitions` (a JSON list), so the domain reads them as they are
and a selection stays a rule (items added to the bank later are included).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from trainer.extensions import db
from trainer.models.accounts import Clinic, ClinicRole, User
from trainer.models.enums import enum_column
from trainer.models.types import UTCDateTime, utcnow


class ClinicInvite(db.Model):
    """A link or code that lets people join a clinic, with a role, until it expires or is
    revoked. The clinic's own ``invite_code`` is the standing code; these are the per-use ones."""

    __tablename__ = "clinic_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[ClinicRole] = mapped_column(enum_column(ClinicRole, "clinic_invite_role"))
    note: Mapped[str] = mapped_column(String(120), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uses: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    clinic: Mapped[Clinic] = relationship()


class AuditEvent(db.Model):
    """One manager action in a clinic, kept for the clinic's managers to read and export."""

    __tablename__ = "clinic_audit_events"
    __table_args__ = (Index("ix_clinic_audit_events_clinic_time", "clinic_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    # Who or what the action was about, in words that stay readable if the row it named goes.
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


class Competency(db.Model):
    """A clinic's competency: requirements that must all hold, validity, deadline, assignment."""

    __tablename__ = "competencies"
    __table_args__ = (UniqueConstraint("clinic_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(120))
    valid_for_months: Mapped[int | None]
    due_soon_days: Mapped[int] = mapped_column(default=30)
    deadline_days: Mapped[int | None]
    assign_everyone: Mapped[bool] = mapped_column(default=True)
    assign_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    assign_user_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The requirement definitions (kind, key, label, thresholds; see domain.competency.definitions).
    requirements: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Credential(db.Model):
    """Evidence recorded outside the app (a certificate, a licence, hours), in one clinic, with
    its uploaded file (kept in the database so every app host serves it) and its sign-off."""

    __tablename__ = "credentials"
    __table_args__ = (Index("ix_credentials_clinic_user", "clinic_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hours: Mapped[float | None] = mapped_column(Float)
    in_person_hours: Mapped[float | None] = mapped_column(Float)  # of ``hours``, hands-on
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(40))
    file_size: Mapped[int | None]
    # Loaded only when the file itself is served, never with a list of credentials.
    file_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])


class SentReminder(db.Model):
    """A reminder already sent: one per person, competency, expiry (or deadline) and mark, so
    the same reminder never goes twice however often the command runs."""

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("user_id", "competency_id", "due_at", "mark"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mark: Mapped[str] = mapped_column(String(20))  # "30d", "7d", "0d" or "overdue"
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SentDigest(db.Model):
    """A manager's weekly digest already sent: one per manager, clinic and ISO week (its
    Monday), so running the digest daily still sends one a week."""

    __tablename__ = "sent_digests"
    __table_args__ = (UniqueConstraint("user_id", "clinic_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    week: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ComplianceSnapshot(db.Model):
    """A clinic's compliance on one day: assigned matrix cells and how many were met (or due
    soon). Recorded whenever the daily reminder run or the overview computes the matrix, so the
    overview's 12-month chart reads history instead of replaying every review."""

    __tablename__ = "compliance_snapshots"
    __table_args__ = (UniqueConstraint("clinic_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    assigned: Mapped[int]
    compliant: Mapped[int]
