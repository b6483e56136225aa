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
    VersionOrigin,
    utcnow,
)


@dataclass(frozen=True)
class Conflict:
    """An item the import did not write, because that would overwrite work done elsewhere."""

    item_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item_id}: {self.reason}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    muscles: int = 0
    references: int = 0
    #: Items left as they are: changed in the browser since the last import (``--force`` writes
    #: the file's version over them, except a clinic's items, which the files never own).
    conflicts: list[Conflict] = field(default_factory=list)
    #: Browser edits kept because the file has not changed since the last import.
    kept_edits: list[str] = field(default_factory=list)
    #: Browser edits replaced by the file's content (with ``force``).
    overwritten: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.new_versions or self.retired or self.restored)

    def summary(self) -> str:
        return (
            f"{len(self.created)} new, {len(self.new_versions)} changed (new version), "
            f"{self.unchanged} unchanged, {len(self.retired)} retired, "
            f"{len(self.restored)} restored; {self.muscles} muscles, {self.references} references"
            f"; {len(self.kept_edits)} browser edits kept, {len(self.conflicts)} conflicts"
            f", {len(self.overwritten)} overwritten"
        )


def import_bank(
    bank: bankfmt.Bank, now: datetime | None = None, *, force: bool = False
) -> ImportReport:
    """Upsert a validated bank; commits once at the end, or rolls back and re-raises.

    An item edited in the browser since the last import is not overwritten: it is reported in
    ``conflicts`` (with its reason) unless ``force``, when the file's content becomes a new
    published version. A clinic's own item is never written from the files.
    """
    now = now or utcnow()
    report = ImportReport()
    try:
        topics = _upsert_topics(bank.topics)
        report.references = _upsert_catalogue(
            BankReference, "key", bank.references.values(), lambda r: r.key, now, retire=False
        )
        report.muscles = _upsert_catalogue(Muscle, "slug", bank.muscles, lambda m: m.id, now)
        _upsert_items(bank.items, topics, report, now, force)
        _retire_references(set(bank.references), now)
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


def _cited_by_live_items() -> set[str]:
    """Reference keys that a live item's current or pending version cites. A reference added in
    the browser is not in the files; retiring it would leave those items citing nothing."""
    version_ids = db.session.execute(
        select(Question.current_version_id, Question.pending_version_id).where(
            Question.status != QuestionStatus.RETIRED
        )
    ).all()
    ids = {v for pair in version_ids for v in pair if v is not None}
    cited: set[str] = set()
    for (content,) in db.session.execute(
        select(QuestionVersion.content).where(QuestionVersion.id.in_(ids))
    ):
        cited.update(ref["key"] for ref in content.get("references", ()) if "key" in ref)
    return cited


def _retire_references(in_files: set[str], now: datetime) -> None:
    """Retire references gone from the files, unless a live item still cites one (an entry added
    in the browser is not in the files). Runs after the items, so it sees their new versions."""
    cited = _cited_by_live_items()
    for row in db.session.execute(
        select(BankReference).where(BankReference.retired_at.is_(None))
    ).scalars():
        if row.key not in in_files and row.key not in cited:
            row.retired_at = now


def _upsert_catalogue(
    model, key_attr: str, entries, key_of, now: datetime, retire: bool = True
) -> int:
    """References and muscles: content JSON plus hash; with ``retire``, entries gone from the
    files are retired."""
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
        if retire and key not in seen and row.retired_at is None:
            row.retired_at = now
    return len(seen)


@dataclass(frozen=True)
class _History:
    """What the import needs to know of a question's versions."""

    latest_number: int
    head_origin: VersionOrigin  # of the newest version (pending, else current)
    head_hash: str | None
    last_bank_hash: str | None  # of the newest version that came from the files


def _histories() -> dict[int, _History]:
    rows = db.session.execute(
        select(
            QuestionVersion.question_id,
            QuestionVersion.id,
            QuestionVersion.number,
            QuestionVersion.origin,
            QuestionVersion.content_hash,
        ).order_by(QuestionVersion.question_id, QuestionVersion.number)
    ).all()
    heads = dict(
        db.session.execute(
            select(
                Question.id, func.coalesce(Question.pending_version_id, Question.current_version_id)
            )
        ).all()
    )
    by_question: dict[int, list] = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append(row)
    out = {}
    for question_id, versions in by_question.items():
        head = next((v for v in versions if v.id == heads.get(question_id)), versions[-1])
        bank = [v for v in versions if v.origin == VersionOrigin.BANK]
        out[question_id] = _History(
            latest_number=versions[-1].number,
            head_origin=VersionOrigin(head.origin),
            head_hash=head.content_hash,
            last_bank_hash=bank[-1].content_hash if bank else None,
        )
    return out


def _conflict(question: Question, history: _History | None, digest: str | None) -> str | None:
    """Why writing the file's content (None: the item is gone from the files) would overwrite
    work done outside the files; None when it would not."""
    if question.clinic_id is not None:
        return "the id belongs to a clinic's own item"
    if history is None or history.head_origin == VersionOrigin.BANK:
        return None
    if digest is not None and digest in (history.head_hash, history.last_bank_hash):
        return None  # the file holds the edit already, or has not changed since the edit
    if history.last_bank_hash is None:
        return (
            "made in the browser, never in the files"
            if digest is None
            else ("an item made in the browser has the same id")
        )
    if digest is None:
        return "gone from the files, but edited in the browser since the last import"
    return "changed in the files and edited in the browser since the last import"


def _upsert_items(
    items, topics: dict[str, Topic], report: ImportReport, now: datetime, force: bool
) -> None:
    questions = {
        q.external_id: q
        for q in db.session.execute(
            select(Question).options(db.joinedload(Question.current_version))
        ).scalars()
    }
    histories = _histories()
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
            history = histories.get(question.id)
            reason = _conflict(question, history, digest)
            if reason is not None and (question.clinic_id is not None or not force):
                report.conflicts.append(Conflict(item.id, reason))
                continue
            if reason is None and history is not None and history.head_origin != VersionOrigin.BANK:
                report.kept_edits.append(item.id)  # the browser edit stands; the file is older
                continue
            current = question.current_version
            if reason is None and current is not None and current.content_hash == digest:
                number = None
            else:
                number = (history.latest_number if history else 0) + 1
                report.new_versions.append(item.id)
                if reason is not None:
                    report.overwritten.append(item.id)
            if question.status != QuestionStatus.PUBLISHED:
                if question.status == QuestionStatus.RETIRED:
                    report.restored.append(item.id)
                question.status = QuestionStatus.PUBLISHED
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
                origin=VersionOrigin.BANK,
            )
            db.session.add(version)
            question.current_version = version
            question.pending_version = None
            question.pending_state = None
    for external_id, question in questions.items():
        if external_id in seen or question.status == QuestionStatus.RETIRED:
            continue
        if question.clinic_id is not None:
            continue  # clinics' own items never came from the files
        history = histories.get(question.id)
        reason = _conflict(question, history, None)
        if reason is not None and history is not None and history.last_bank_hash is None:
            continue  # made in the browser: the files never had it, nothing to retire
        if reason is not None and not force:
            report.conflicts.append(Conflict(external_id, reason))
            continue
        question.status = QuestionStatus.RETIRED
        report.retired.append(external_id)


def current_bank(
    regions: dict[str, str] | None = None, clinic_id: int | None = None
) -> bankfmt.Bank:
    """The database's live bank (published items, current versions) as bank objects: the shared
    bank, or with ``clinic_id`` that clinic's own items (the catalogue is shared by both).

    The shared bank never includes clinics' items: the files are the shared bank."""
    topics = db.session.execute(select(Topic).order_by(Topic.position, Topic.slug)).scalars().all()
    topic_order = {t.id: i for i, t in enumerate(topics)}
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(
            Question.status == QuestionStatus.PUBLISHED,
            Question.clinic_id.is_(None) if clinic_id is None else Question.clinic_id == clinic_id,
        )
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
