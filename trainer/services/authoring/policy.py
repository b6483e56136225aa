"""The approval policy: does publishing need a second instructor's approval?

One setting for the site (the shared bank) and one per clinic (its own items); a clinic without
its own row follows the site's.
"""

from __future__ import annotations

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import AuthoringPolicy


def _row(clinic_id: int | None) -> AuthoringPolicy | None:
    condition = (
        AuthoringPolicy.clinic_id.is_(None)
        if clinic_id is None
        else AuthoringPolicy.clinic_id == clinic_id
    )
    return db.session.execute(
        select(AuthoringPolicy).where(condition).order_by(AuthoringPolicy.id).limit(1)
    ).scalar_one_or_none()


def needs_second_approval(clinic_id: int | None) -> bool:
    row = _row(clinic_id)
    if row is None and clinic_id is not None:
        row = _row(None)
    return bool(row and row.needs_second_approval)


def set_needs_second_approval(clinic_id: int | None, value: bool) -> None:
    row = _row(clinic_id)
    if row is None:
        row = AuthoringPolicy(clinic_id=clinic_id)
        db.session.add(row)
    row.needs_second_approval = value
    db.session.commit()
