"""Who may author which items.

The shared bank (``clinic_id`` None) belongs to site instructors and admins; a clinic's items to
that clinic's instructors and managers (site admins may edit every clinic's). An item outside a
user's scope does not exist for them: views answer 404, never 403, so that one clinic cannot
learn what another has.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, Question, User

AUTHOR_ROLES = (ClinicRole.INSTRUCTOR, ClinicRole.MANAGER)


@dataclass(frozen=True)
class AuthorScope:
    """The owners whose items a user may edit: the shared bank and/or these clinics."""

    shared: bool
    clinic_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return self.shared or bool(self.clinic_ids)

    def allows_owner(self, clinic_id: int | None) -> bool:
        return self.shared if clinic_id is None else clinic_id in self.clinic_ids

    def clause(self):
        """SQL: the question's owner is in this scope."""
        parts = []
        if self.shared:
            parts.append(Question.clinic_id.is_(None))
        if self.clinic_ids:
            parts.append(Question.clinic_id.in_(sorted(self.clinic_ids)))
        if not parts:
            return Question.id.is_(None)  # matches nothing (ids are never null)
        return parts[0] if len(parts) == 1 else parts[0] | parts[1]


def author_scope(user: User) -> AuthorScope:
    if user.is_site_admin:
        every = db.session.execute(select(Clinic.id)).scalars()
        return AuthorScope(True, frozenset(every))
    clinics = db.session.execute(
        select(Membership.clinic_id).where(
            Membership.user_id == user.id, Membership.role.in_(AUTHOR_ROLES)
        )
    ).scalars()
    return AuthorScope(user.is_site_instructor, frozenset(clinics))


def owner_choices(scope: AuthorScope) -> list[tuple[str, str]]:
    """(value, label) of the owners a new item may get: "shared" or a clinic slug."""
    choices = [("shared", "Shared bank")] if scope.shared else []
    if scope.clinic_ids:
        clinics = db.session.execute(
            select(Clinic.slug, Clinic.name)
            .where(Clinic.id.in_(sorted(scope.clinic_ids)))
            .order_by(Clinic.name)
        ).all()
        choices += [(slug, name) for slug, name in clinics]
    return choices


def owner_id(scope: AuthorScope, value: str) -> int | None:
    """The clinic id for an owner choice (None for the shared bank); LookupError if not allowed."""
    if value == "shared":
        if not scope.shared:
            raise LookupError(value)
        return None
    clinic_id = db.session.execute(select(Clinic.id).where(Clinic.slug == value)).scalar()
    if clinic_id is None or clinic_id not in scope.clinic_ids:
        raise LookupError(value)
    return clinic_id


def question_in_scope(scope: AuthorScope, question_id: int) -> Question | None:
    """The question if the scope may edit it, else None (the view answers 404)."""
    question = db.session.get(Question, question_id)
    if question is None or not scope.allows_owner(question.clinic_id):
        return None
    return question
