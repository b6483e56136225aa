"""Question bank files <-> database.

Import is an idempotent upsert by item id in one transaction: a changed item gets a new version,
an item gone from the files is retired (never deleted, so learners' reviews and history stay),
and an invalid bank imports nothing. Export writes the current content back in the bank format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from trainer import bank as bankfmt
from trainer.extensions import db
from trainer.models import (
    BankReference,
    Muscle,
    Question,
    QuestionStatus,
    QuestionVersion,
    Topic,
    utcnow,
)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    muscles: int = 0
    references: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.new_versions or self.retired or self.restored)

    def summary(self) -> str:
        return (
            f"{len(self.created)} new, {len(self.new_versions)} changed (new version), "
            f"{self.unchanged} unchanged, {len(self.retired)} retired, "
            f"{len(self.restored)} restored; {self.muscles} muscles, {self.references} references"
        )


def import_bank(bank: bankfmt.Bank, now: datetime | None = None) -> ImportReport:
    """Upsert a validated bank; commits once at the end, or rolls back and re-raises."""
    now = now or utcnow()
    report = ImportReport()
    try:
        topics = _upsert_topics(bank.topics)
        report.references = _upsert_catalogue(
            BankReference, "key", bank.references.values(), lambda r: r.key, now
        )
        report.muscles = _upsert_catalogue(Muscle, "slug", bank.muscles, lambda m: m.id, now)
        _upsert_items(bank.items, topics, report, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _upsert_topics(topics: Iterable[bankfmt.Topic]) -> dict[str, Topic]:
    existing = {t.slug: t for t in db.session.execute(select(Topic)).scalars()}
    for position, topic in enumerate(topics):
        row = existing.get(topic.id)
        if row is None:
            row = existing[topic.id] = Topic(slug=topic.id)
            db.session.add(row)
        row.title = topic.title
        row.description = topic.description or ""
        row.position = position
    return existing


def _upsert_catalogue(model, key_attr: str, entries, key_of, now: datetime) -> int:
    """References and muscles: content JSON plus hash; entries gone from the files are retired."""
    existing = {getattr(r, key_attr): r for r in db.session.execute(select(model)).scalars()}
    seen = set()
    for position, entry in enumerate(entries):
        key = key_of(entry)
        seen.add(key)
        content = entry.to_content()
        row = existing.get(key)
        if row is None:
            row = model(**{key_attr: key})
            db.session.add(row)
        row.position = position
        row.retired_at = None
        if row.content_hash != (digest := bankfmt.content_hash(content)):
            row.content = content
            row.content_hash = digest
        if model is Muscle:
            row.name = entry.name
            row.group = entry.group.value
    for key, row in existing.items():
        if key not in seen and row.retired_at is None:
            row.retired_at = now
    return len(seen)


def _upsert_items(items, topics: dict[str, Topic], report: ImportReport, now: datetime) -> None:
    questions = {
        q.external_id: q
        for q in db.session.execute(
            select(Question).options(db.joinedload(Question.current_version))
        ).scalars()
    }
    latest_number = dict(
        db.session.execute(
            select(QuestionVersion.question_id, func.max(QuestionVersion.number)).group_by(
                QuestionVersion.question_id
            )
        ).all()
    )
    positions: dict[str, int] = {}
    seen = set()
    for item in items:
        seen.add(item.id)
        position = positions[item.topic] = positions.get(item.topic, -1) + 1
        content = item.to_content()
        digest = bankfmt.content_hash(content)
        question = questions.get(item.id)
        if question is None:
            question = Question(external_id=item.id, status=QuestionStatus.PUBLISHED)
            db.session.add(question)
            report.created.append(item.id)
            number = 1
        else:
            current = question.current_version
            if current is not None and current.content_hash == digest:
                number = None
            else:
                number = latest_number.get(question.id, 0) + 1
                report.new_versions.append(item.id)
            if question.status == QuestionStatus.RETIRED:
                question.status = QuestionStatus.PUBLISHED
                report.restored.append(item.id)
            elif number is None:
                report.unchanged += 1
        question.topic = topics[item.topic]
        question.position = position
        question.muscle_slug = item.muscle
        if number is not None:
            version = QuestionVersion(
                question=question,
                number=number,
                type=item.type.value,
                difficulty=item.difficulty,
                prompt=item.prompt,
                content=content,
                content_hash=digest,
                created_at=now,
            )
            db.session.add(version)
            question.current_version = version
    for external_id, question in questions.items():
        if external_id not in seen and question.status != QuestionStatus.RETIRED:
            question.status = QuestionStatus.RETIRED
            report.retired.append(external_id)


def current_bank(regions: dict[str, str] | None = None) -> bankfmt.Bank:
    """The database's live bank (published items, current versions) as bank objects."""
    topics = db.session.execute(select(Topic).order_by(Topic.position, Topic.slug)).scalars().all()
    topic_order = {t.id: i for i, t in enumerate(topics)}
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.status == QuestionStatus.PUBLISHED)
    ).all()
    rows.sort(key=lambda row: (topic_order[row[0].topic_id], row[0].position, row[0].external_id))
    slug_of = {t.id: t.slug for t in topics}
    items = tuple(
        bankfmt.Item.from_content(v.content, id=q.external_id, topic=slug_of[q.topic_id])
        for q, v in rows
    )
    muscles = tuple(
        bankfmt.Muscle.from_content(m.content, id=m.slug) for m in _live(Muscle, Muscle.slug)
    )
    references = {
        r.key: bankfmt.Reference.from_content(r.content, key=r.key)
        for r in _live(BankReference, BankReference.key)
    }
    return bankfmt.Bank(
        topics=tuple(bankfmt.Topic(t.slug, t.title, t.description or None) for t in topics),
        items=items,
        muscles=muscles,
        references=references,
        regions=regions or {},
    )


def _live(model, tiebreak):
    return db.session.execute(
        select(model).where(model.retired_at.is_(None)).order_by(model.position, tiebreak)
    ).scalars()


def export_bank(out_dir: str | Path) -> list[Path]:
    """Write the live bank to ``out_dir`` in the bank format; returns the files written."""
    return bankfmt.write_bank(current_bank(), out_dir)
