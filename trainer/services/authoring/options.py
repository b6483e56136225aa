"""The editor's menus, from the live catalogue: owners, topics, muscles, regions, references."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from trainer.bodymap import region_names
from trainer.extensions import db
from trainer.models import BankReference, Muscle, Topic
from trainer.services.authoring.permissions import AuthorScope, owner_choices


@dataclass(frozen=True)
class EditorOptions:
    owners: list[tuple[str, str]]
    topics: list[tuple[str, str]]
    muscles: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    references: list[tuple[str, str]]
    tags: list[str]


def editor_options(scope: AuthorScope, tags: list[str] | None = None) -> EditorOptions:
    topics = db.session.execute(
        select(Topic.slug, Topic.title).order_by(Topic.position, Topic.slug)
    ).all()
    muscles = db.session.execute(
        select(Muscle.slug, Muscle.name).where(Muscle.retired_at.is_(None)).order_by(Muscle.name)
    ).all()
    references = db.session.execute(
        select(BankReference.key, BankReference.content)
        .where(BankReference.retired_at.is_(None))
        .order_by(BankReference.position, BankReference.key)
    ).all()
    return EditorOptions(
        owners=owner_choices(scope),
        topics=[tuple(t) for t in topics],
        muscles=[tuple(m) for m in muscles],
        regions=list(region_names().items()),
        references=[(key, f"{key}: {content['citation'][:90]}") for key, content in references],
        tags=tags or [],
    )
