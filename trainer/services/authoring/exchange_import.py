"""Writing items read from an exchange file (GIFT, Moodle XML, CSV) into the bank's tables.

``import_items`` upserts by item id in one transaction, as bank_sync does: a new id makes a
question with version 1, a changed item a new version, an equal one nothing. The plan is
computed first and the same plan is what a dry run reports and what a real import applies, so a
dry run equals the import that follows it.

Without the approval rule (``policy``) the new versions are published at once. With it, an
import never changes what learners see: each new version waits *in review* for a second
instructor, as an editor's version does once submitted (the importer is its author, so they
cannot approve it themselves). In review rather than draft because a file is finished work, as
in Moodle, where imported questions are "ready"; the reviewer's queue is where it belongs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    User,
    VersionOrigin,
    utcnow,
)
from trainer.services.authoring.bank_sync import current_bank
from trainer.services.authoring.policy import needs_second_approval

PUBLISHED, IN_REVIEW = QuestionStatus.PUBLISHED, QuestionStatus.IN_REVIEW
RETIRED = QuestionStatus.RETIRED

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
    #: The owner's rule: new and changed items wait in review for a second instructor.
    needs_approval: bool = False
    #: Item id -> its workflow state once imported ("published", "in_review", "draft", "retired").
    states: dict[str, str] = field(default_factory=dict)

    def state_of(self, item_id: str) -> str:
        return self.states.get(item_id, "")

    @property
    def waiting(self) -> int:
        """How many of the created and updated items wait in review."""
        written = self.created + self.updated
        return sum(self.states.get(i) == IN_REVIEW.value for i in written)


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
    user: User | None = None,
) -> FileImport:
    """Parse, check against the current bank and import a whole file, or nothing.

    Unsupported questions are errors unless ``skip_unsupported``. With any error nothing is
    written and the report is empty. The CLI and the upload page both come through here;
    ``user`` (the uploader; None from the CLI) is the new versions' author.
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
    report = ExchangeImportReport(
        dry_run=dry_run, needs_approval=needs_second_approval(clinic.id if clinic else None)
    )
    if not errors:
        items = [imported.item for imported in parsed.items]
        report = import_items(items, clinic=clinic, dry_run=dry_run, user=user)
    return FileImport(parsed, errors, report)


def import_context(clinic: Clinic | None = None) -> ImportContext:
    """The owner's current bank (the shared one, or the clinic's) and every item id in use
    (retired ones and other owners' too: ids are global).

    The bank's items include the owner's unpublished versions (drafts, items in review), so
    that a file's question is found again by its prompt, and keeps its id, while it waits."""
    clinic_id = clinic.id if clinic else None
    taken = db.session.execute(select(Question.external_id)).scalars().all()
    bank = current_bank(region_names(), clinic_id=clinic_id)
    waiting = db.session.execute(
        select(Question.external_id, Topic.slug, QuestionVersion.content)
        .join(Topic, Topic.id == Question.topic_id)
        .join(QuestionVersion, QuestionVersion.id == Question.pending_version_id)
        .where(
            Question.status != QuestionStatus.RETIRED,
            Question.clinic_id.is_(None) if clinic_id is None else Question.clinic_id == clinic_id,
        )
        .order_by(Question.external_id)
    ).all()
    pending = tuple(
        Item.from_content(content, id=external_id, topic=topic)
        for external_id, topic, content in waiting
    )
    bank = replace(bank, items=bank.items + pending)
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
    user: User | None = None,
) -> ExchangeImportReport:
    """Create or update the (validated) items of one owner (the shared bank, or ``clinic``); all
    or nothing. ``dry_run`` writes nothing. An item naming another owner's question raises
    OwnershipConflict before anything is written. ``user`` is the new versions' author."""
    problems = [p for item in items if (p := _owner_problem(item.id, clinic)) is not None]
    if problems:
        raise OwnershipConflict("; ".join(problems))
    now = now or utcnow()
    approval = needs_second_approval(clinic.id if clinic else None)
    questions = {
        q.external_id: q
        for q in db.session.execute(
            select(Question).options(
                db.joinedload(Question.current_version), db.joinedload(Question.pending_version)
            )
        ).scalars()
    }
    topics = {t.slug: t for t in db.session.execute(select(Topic)).scalars()}
    report = ExchangeImportReport(dry_run=dry_run, needs_approval=approval)
    plan: list[tuple[Item, Question | None]] = []
    for item in items:
        question = questions.get(item.id)
        if question is None:
            report.created.append(item.id)
            report.states[item.id] = (IN_REVIEW if approval else PUBLISHED).value
        elif _unchanged(question, item, topics[item.topic], approval):
            report.unchanged.append(item.id)
            report.states[item.id] = question.workflow_state.value
            continue
        else:
            report.updated.append(item.id)
            report.states[item.id] = _state_after_update(question, item, approval).value
        plan.append((item, question))
    if dry_run or not plan:
        return report
    try:
        _apply(plan, topics, now, clinic, approval, user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _hashes(question: Question) -> set[str]:
    """Content hashes of what learners see and of what waits to be published."""
    return {v.content_hash for v in (question.current_version, question.pending_version) if v}


def _unchanged(question: Question, item: Item, topic: Topic, approval: bool) -> bool:
    """Whether importing ``item`` leaves ``question`` as it is. With the rule, the file equal to
    the published version or to the one waiting is unchanged (a retired item is not silently
    reinstated, nor a draft replaced); without it, the published version must equal it."""
    if question.topic_id != topic.id:
        return False
    if approval:
        return item.content_hash() in _hashes(question)
    current = question.current_version
    return (
        current is not None
        and current.content_hash == item.content_hash()
        and question.status == PUBLISHED
    )


def _state_after_update(question: Question, item: Item, approval: bool) -> QuestionStatus:
    """The workflow state (as an author sees it) of an existing question once the file's item
    is written, the same for a dry run and for the import (see ``_apply``)."""
    if not approval:
        return question.pending_state if question.pending_version_id else PUBLISHED
    if item.content_hash() in _hashes(question):  # only its topic moves
        return question.workflow_state
    return RETIRED if question.status == RETIRED else IN_REVIEW


def _apply(
    plan: list[tuple[Item, Question | None]],
    topics: dict[str, Topic],
    now,
    clinic: Clinic | None,
    approval: bool,
    user: User | None,
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
                status=IN_REVIEW if approval else PUBLISHED,
                clinic_id=clinic.id if clinic else None,
                muscle_slug=item.muscle,
            )
            db.session.add(question)
            number = 1
        else:
            number = latest.get(question.id, 0) + 1
            if not approval:
                question.status = PUBLISHED
        question.topic = topic
        question.position = position
        digest = item.content_hash()
        if approval:
            if digest not in _hashes(question):
                version = _file_version(question, item, number, now, user)
                question.pending_version = version
                question.pending_state = IN_REVIEW
                if question.current_version_id is None and question.status != RETIRED:
                    question.status = IN_REVIEW  # never published: the whole item waits
            continue
        question.muscle_slug = item.muscle
        if question.current_version is None or question.current_version.content_hash != digest:
            question.current_version = _file_version(question, item, number, now, user)


def _file_version(
    question: Question, item: Item, number: int, now, user: User | None
) -> QuestionVersion:
    version = QuestionVersion(
        question=question,
        number=number,
        type=item.type.value,
        difficulty=item.difficulty,
        prompt=item.prompt,
        content=item.to_content(),
        content_hash=item.content_hash(),
        origin=VersionOrigin.FILE,
        created_at=now,
        created_by_id=user.id if user else None,
    )
    db.session.add(version)
    return version
