"""Small factories for test data; each commits so that routes see the rows."""

from __future__ import annotations

import itertools

from trainer.models import (
    Clinic,
    ClinicRole,
    Membership,
    Question,
    Quiz,
    QuizAudience,
    QuizSlot,
    QuizStatus,
    SiteRole,
    User,
)
from trainer.services.accounts import hash_password


class Factory:
    PASSWORD = "correct horse battery"

    def __init__(self, db):
        self.db = db
        self._seq = itertools.count(1)

    def user(
        self,
        email: str | None = None,
        name: str = "Test User",
        password: str = PASSWORD,
        site_role: SiteRole | None = None,
        clinic: Clinic | None = None,
        clinic_role: ClinicRole = ClinicRole.STAFF,
        active: bool = True,
    ) -> User:
        user = User(
            email=email or f"user{next(self._seq)}@example.com",
            display_name=name,
            password_hash=hash_password(password),
            site_role=site_role,
            active=active,
        )
        self.db.session.add(user)
        if clinic is not None:
            self.db.session.add(Membership(user=user, clinic=clinic, role=clinic_role))
        self.db.session.commit()
        return user

    def clinic(self, name: str, slug: str, invite_code: str | None = None) -> Clinic:
        clinic = Clinic(name=name, slug=slug, invite_code=invite_code or f"INV-{slug.upper()}")
        self.db.session.add(clinic)
        self.db.session.commit()
        return clinic

    def quiz(
        self,
        questions: list[Question] = (),
        *,
        draws: list[dict] = (),
        clinic: Clinic | None = None,
        status: QuizStatus = QuizStatus.PUBLISHED,
        **settings,
    ) -> Quiz:
        """A quiz asking ``questions`` (fixed slots, in order) then the ``draws`` (QuizSlot
        keyword dicts such as ``{"draw_count": 3, "draw_topic": "safety"}``). A clinic quiz's
        audience is the clinic unless ``audience`` says otherwise; ``settings`` are Quiz columns."""
        settings.setdefault("title", f"Quiz {next(self._seq)}")
        settings.setdefault("audience", QuizAudience.CLINIC if clinic else QuizAudience.SITE)
        quiz = Quiz(clinic=clinic, status=status, **settings)
        slots = [QuizSlot(question_id=q.id) for q in questions]
        slots += [QuizSlot(**draw) for draw in draws]
        for position, slot in enumerate(slots, start=1):
            slot.position = position
            quiz.slots.append(slot)
        self.db.session.add(quiz)
        self.db.session.commit()
        return quiz


_SHIPPED = None


def shipped_bank():
    """The shipped question bank, parsed once per test session."""
    global _SHIPPED
    if _SHIPPED is None:
        from trainer import bank as bankfmt

        _SHIPPED = bankfmt.load_bank("question_bank")
    return _SHIPPED


def make_bank(db, per_topic: int = 4):
    """Import a small slice of the shipped bank: the first items of each topic, plus the items
    tagged 'headache'. Returns the slice as a Bank."""
    from trainer import bank as bankfmt
    from trainer.services.authoring import bank_sync

    full = shipped_bank()
    chosen = []
    for topic in full.topics:
        chosen.extend(full.items_in(topic.id)[:per_topic])
    chosen.extend(i for i in full.items if "headache" in i.tags and i not in chosen)
    order = {item.id: n for n, item in enumerate(full.items)}
    chosen.sort(key=lambda item: order[item.id])
    bank = bankfmt.Bank(full.topics, tuple(chosen), full.muscles, full.references, full.regions)
    bank_sync.import_bank(bank)
    return bank
