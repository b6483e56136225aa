"""The clinic audit log: every manager action, for the clinic's managers to read and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import AuditEvent, Clinic, User


def record(clinic: Clinic, actor: User | None, action: str, subject: str, detail: str = "") -> None:
    """Add an audit event to the session; it commits with the action it describes, so an
    action that rolls back leaves no event and an event never lacks its action."""
    db.session.add(
        AuditEvent(
            clinic_id=clinic.id,
            actor_id=actor.id if actor is not None else None,
            action=action,
            subject=subject[:200],
            detail=detail,
        )
    )


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    subject: str
    detail: str


def audit_lines(clinic: Clinic, limit: int | None = None) -> list[AuditLine]:
    """The clinic's events, newest first (``limit`` of them, or all)."""
    statement = (
        select(AuditEvent.created_at, User.display_name, User.email, AuditEvent.action,
               AuditEvent.subject, AuditEvent.detail)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.clinic_id == clinic.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )  # fmt: skip
    if limit is not None:
        statement = statement.limit(limit)
    return [
        AuditLine(at, f"{name} <{email}>" if email else "(deleted user)", action, subject, detail)
        for at, name, email, action, subject, detail in db.session.execute(statement)
    ]
