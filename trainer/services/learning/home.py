"""What the home page shows a logged-in user: what is due, today's work, topics, clinics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.domain.learner_stats import TopicMastery
from trainer.extensions import db
from trainer.models import Clinic, ClinicRole, Membership, User
from trainer.services.learning import learner_dashboard, study_queue


@dataclass(frozen=True)
class ClinicLink:
    slug: str
    name: str
    role: ClinicRole


@dataclass(frozen=True)
class HomeSummary:
    clinics: list[ClinicLink]
    queue: study_queue.QueueCounts
    mastery: list[TopicMastery]

    @property
    def first_time(self) -> bool:
        """Nothing studied yet: the home page starts with a short introduction."""
        return not any(m.studied for m in self.mastery)


def home_summary(user: User, now: datetime) -> HomeSummary:
    rows = db.session.execute(
        select(Clinic.slug, Clinic.name, Membership.role)
        .join(Membership, Membership.clinic_id == Clinic.id)
        .where(Membership.user_id == user.id)
        .order_by(Clinic.name)
    ).all()
    return HomeSummary(
        clinics=[ClinicLink(slug, name, role) for slug, name, role in rows],
        queue=study_queue.counts(user.id, now),
        mastery=learner_dashboard.topic_mastery(user.id, now),
    )
