"""Writing items read from an exchange file (GIFT, Moodle XML, CSV) into the bank's tables.

``import_items`` upserts by item id in one transaction, as bank_sync does: a new id makes a
question (published) with version 1, a changed item a new version, an equal one nothing. The
plan is computed first and the same plan is what a dry run reports and what a real import
applies, so a dry run equals the import that follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from trainer.bank.model import Item
from trainer.bodymap import region_names
from trainer.exchange import IMPORT_FORMATS, ExchangeError, ImportContext, ParseResult
from trainer.extensions import db
from trainer.models import (
    Clinic,
    Question,
    QuestionStatus,
    QuestionVersion,
    Topic,
    VersionOrigin,
    utcnow,
)
from trainer.services.authoring.bank_sync import current_bank

#: Largest file an import reads (config EXCHANGE_MAX_BYTES overrides).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_LEADING = b"\xef\xbb\xbf \t\r\n"


class UnacceptableFile(ValueError):
    """Too big, or plainly not the format asked for: refused before it is parsed."""


def check_file(data: bytes, fmt: str, limit: int = DEFAULT_MAX_BYTES) -> None:
    """The size limit and a type check, for the CLI and uploads alike."""
    if len(data) > limit:
        raise UnacceptableFile(f"{len(data)} bytes is over the {limit}-byte limit")
    head = data.lstrip(_LEADING)
    if fmt == "moodle-xml" and not head.startswith(b"<"):
        raise UnacceptableFile("not an XML file (use --format gift or csv?)")
    if fmt != "moodle-xml" and head.startswith(b"<?xml"):
        raise UnacceptableFile("this is XML; use --format moodle-xml")
    if b"\x00" in data[:4096]:
        raise UnacceptableFile("a binary file, not text")


class OwnershipConflict(ValueError):
    """An item of the file names a question that belongs to another owner."""


@dataclass
class ExchangeImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class FileImport:
    """What importing one file did (or, in a dry run, would do)."""

    parsed: ParseResult
    errors: list[ExchangeError]
    report: ExchangeImportReport


def import_file(
    data: bytes,
    filename: str,
    fmt: str,
    *,
    dry_run: bool = False,
    skip_unsupported: bool = False,
    clinic: Clinic | None = None,
) -> FileImport:
    """Parse, check against the current bank and import a whole file, or nothing.

    Unsupported questions are errors unless ``skip_unsupported``. With any error nothing is
    written and the report is empty. The CLI and the upload page both come through here.
    """
    parsed = IMPORT_FORMATS[fmt].parse(data, filename, import_context(clinic))
    errors = list(parsed.errors)
    errors += [
        ExchangeError(filename, imported.line, imported.item.id, "id", message)
        for imported in parsed.items
        if (message := _owner_problem(imported.item.id, clinic)) is not None
    ]
    if not skip_unsupported:
        errors += [
            ExchangeError(
                filename,
                s.line,
                s.name,
                "type",
                f"unsupported question type {s.type!r}; --skip-unsupported leaves it out",
            )
            for s in parsed.skipped
        ]
    report = ExchangeImportReport(dry_run=dry_run)
    if not errors:
        items = [imported.item for imported in parsed.items]
        report = import_items(items, clinic=clinic, dry_run=dry_run)
    return FileImport(parsed, errors, report)


def import_context(clinic: Clinic | None = None) -> ImportContext:
    """The owner's current bank (the shared one, or the clinic's) and every item id in use
    (retired ones and other owners' too: ids are global)."""
    taken = db.session.execute(select(Question.external_id)).scalars().all()
    bank = current_bank(region_names(), clinic_id=clinic.id if clinic else None)
    return ImportContext(bank=bank, taken_ids=frozenset(taken))


def _owner_problem(external_id: str, clinic: Clinic | None) -> str | None:
    """Why an item with this id may not be written for this owner, or None."""
    owner_id = db.session.execute(
        select(Question.clinic_id).where(Question.external_id == external_id)
    ).first()
    if owner_id is None or owner_id[0] == (clinic.id if clinic else None):
        return None
    if owner_id[0] is None:
        return f"{external_id} is an item of the shared bank, not of this clinic; rename it"
    return f"{external_id} belongs to another clinic; rename it"


def import_items(
    items: Sequence[Item],
    clinic: Clinic | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ExchangeImportReport:
    """Create or update the (validated) items of one owner (the shared bank, or ``clinic``); all
    or nothing. ``dry_run`` writes nothing. An item naming another owner's question raises
    OwnershipConflict before anything is written."""
    problems = [p for item in items if (p := _owner_problem(item.id, clinic)) is not None]
    if problems:
        raise OwnershipConflict("; ".join(problems))
    now = now or utcnow()
    questions = {
        q.external_id: q
        for q in db.session.execute(
            select(Question).options(db.joinedload(Question.current_version))
        ).scalars()
    }
    topics = {t.slug: t for t in db.session.execute(select(Topic)).scalars()}
    report = ExchangeImportReport(dry_run=dry_run)
    plan: list[tuple[Item, Question | None]] = []
    for item in items:
        question = questions.get(item.id)
        if question is None:
            report.created.append(item.id)
        elif (
            question.current_version is not None
            and question.current_version.content_hash == item.content_hash()
            and question.topic_id == topics[item.topic].id
            and question.status == QuestionStatus.PUBLISHED
        ):
            report.unchanged.append(item.id)
            continue
        else:
            report.updated.append(item.id)
        plan.append((item, question))
    if dry_run or not plan:
        return report
    try:
        _apply(plan, topics, now, clinic)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _apply(
    plan: list[tuple[Item, Question | None]],
    topics: dict[str, Topic],
    now,
    clinic: Clinic | None,
) -> None:
    latest = dict(
        db.session.execute(
            select(QuestionVersion.question_id, func.max(QuestionVersion.number)).group_by(
                QuestionVersion.question_id
            )
        ).all()
    )
    last_position = dict(
        db.session.execute(
            select(Question.topic_id, func.max(Question.position)).group_by(Question.topic_id)
        ).all()
    )
    for item, question in plan:
        topic = topics[item.topic]
        if question is None or question.topic_id != topic.id:
            # new items (and items moved to another topic) go to the end of their topic
            position = last_position.get(topic.id, -1) + 1
            last_position[topic.id] = position
        else:
            position = question.position
        if question is None:
            question = Question(
                external_id=item.id,
                status=QuestionStatus.PUBLISHED,
                clinic_id=clinic.id if clinic else None,
            )
            db.session.add(question)
            number = 1
        else:
            number = latest.get(question.id, 0) + 1
            question.status = QuestionStatus.PUBLISHED
        question.topic = topic
        question.position = position
        question.muscle_slug = item.muscle
        digest = item.content_hash()
        if question.current_version is None or question.current_version.content_hash != digest:
            version = QuestionVersion(
                question=question,
                number=number,
                type=item.type.value,
                difficulty=item.difficulty,
                prompt=item.prompt,
                content=item.to_content(),
                content_hash=digest,
                origin=VersionOrigin.FILE,
                created_at=now,
            )
            db.session.add(version)
            question.current_version = version
