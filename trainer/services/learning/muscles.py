"""The muscle catalogue pages: list, and one muscle with its zone, trigger points and items."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from trainer import bank as bankfmt
from trainer.bodymap import region_names
from trainer.extensions import db
from trainer.models import BankReference, Muscle, Question, QuestionStatus, QuestionVersion
from trainer.services.learning.study_queue import visible_to_user

GROUP_TITLES = {
    "head-neck": "Head and neck",
    "shoulder-arm": "Shoulder and arm",
    "forearm-hand": "Forearm and hand",
    "trunk": "Trunk",
    "hip-thigh": "Hip and thigh",
    "leg-foot": "Leg and foot",
}
ITEM_TYPE_LABELS = {
    "flashcard": "Flashcard",
    "true_false": "True or false",
    "single_choice": "Single choice",
    "multiple_response": "Multiple response",
    "matching": "Matching",
    "body_map": "Body map",
}


@dataclass(frozen=True)
class MuscleSummary:
    slug: str
    name: str
    zone: list[str]  # region names
    item_count: int


@dataclass(frozen=True)
class MuscleGroupList:
    title: str
    muscles: list[MuscleSummary]


@dataclass(frozen=True)
class CitedSource:
    citation: str
    where: str | None
    url: str | None


@dataclass(frozen=True)
class MuscleItem:
    external_id: str
    type_label: str
    prompt: str


@dataclass(frozen=True)
class MuscleDetail:
    muscle: bankfmt.Muscle
    zone_ids: frozenset[str]
    zone_names: list[str]
    trigger_points: list[tuple[bankfmt.TriggerPoint, list[str]]]  # with region names
    sources: list[CitedSource]
    items: list[MuscleItem]


def _zone_names(zone: frozenset[str] | set[str]) -> list[str]:
    names = region_names()
    return [name for region, name in names.items() if region in zone]


def list_muscles(user_id: int) -> list[MuscleGroupList]:
    """Muscles with the number of items this user may study (shared plus their clinics')."""
    counts = dict(
        db.session.execute(
            select(Question.muscle_slug, func.count(Question.id))
            .where(
                Question.status == QuestionStatus.PUBLISHED,
                Question.muscle_slug.is_not(None),
                visible_to_user(user_id),
            )
            .group_by(Question.muscle_slug)
        ).all()
    )
    rows = db.session.execute(
        select(Muscle).where(Muscle.retired_at.is_(None)).order_by(Muscle.position)
    ).scalars()
    groups: dict[str, list[MuscleSummary]] = {key: [] for key in GROUP_TITLES}
    for row in rows:
        muscle = bankfmt.Muscle.from_content(row.content, id=row.slug)
        groups.setdefault(row.group, []).append(
            MuscleSummary(
                row.slug, row.name, _zone_names(muscle.referral_zone), counts.get(row.slug, 0)
            )
        )
    return [
        MuscleGroupList(GROUP_TITLES.get(key, key), sorted(muscles, key=lambda m: m.name))
        for key, muscles in groups.items()
        if muscles
    ]


def muscle_table(user_id: int) -> tuple[list[str], list[list[object]]]:
    """The muscle list as a table (header, rows), for the CSV download."""
    header = ["group", "muscle", "slug", "referral_zone", "items"]
    rows: list[list[object]] = [
        [group.title, m.name, m.slug, "; ".join(m.zone), m.item_count]
        for group in list_muscles(user_id)
        for m in group.muscles
    ]
    return header, rows


def muscle_detail(slug: str, user_id: int) -> MuscleDetail | None:
    row = db.session.execute(
        select(Muscle).where(Muscle.slug == slug, Muscle.retired_at.is_(None))
    ).scalar_one_or_none()
    if row is None:
        return None
    muscle = bankfmt.Muscle.from_content(row.content, id=row.slug)
    keys = [ref.key for ref in muscle.references]
    citations = {
        r.key: r.content
        for r in db.session.execute(
            select(BankReference).where(BankReference.key.in_(keys))
        ).scalars()
    }
    sources = [
        CitedSource(
            citations.get(ref.key, {}).get("citation", ref.key),
            ref.where,
            citations.get(ref.key, {}).get("url"),
        )
        for ref in muscle.references
    ]
    items = [
        MuscleItem(q.external_id, ITEM_TYPE_LABELS.get(v.type, v.type), v.prompt)
        for q, v in db.session.execute(
            select(Question, QuestionVersion)
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .where(
                Question.muscle_slug == slug,
                Question.status == QuestionStatus.PUBLISHED,
                visible_to_user(user_id),
            )
            .order_by(Question.position)
        ).all()
    ]
    return MuscleDetail(
        muscle=muscle,
        zone_ids=muscle.referral_zone,
        zone_names=_zone_names(muscle.referral_zone),
        trigger_points=[
            (tp, _zone_names(set(tp.referral_regions))) for tp in muscle.trigger_points
        ],
        sources=sources,
        items=items,
    )
