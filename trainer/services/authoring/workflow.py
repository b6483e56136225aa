"""Saving items and moving them through draft -> in review -> published -> retired.

Every save makes a new immutable version, the question's *pending* version; learners keep the
*current* (published) one until the pending one is published. Reviews and comments point at
versions, so they keep meaning what they meant. With the approval policy on, publishing needs
an instructor other than the pending version's author.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from trainer import bank as bankfmt
from trainer.extensions import db
from trainer.models import (
    Approval,
    Question,
    QuestionStatus,
    QuestionVersion,
    ReviewComment,
    Topic,
    User,
    VersionOrigin,
)
from trainer.services.authoring.policy import needs_second_approval

DRAFT, IN_REVIEW = QuestionStatus.DRAFT, QuestionStatus.IN_REVIEW
PUBLISHED, RETIRED = QuestionStatus.PUBLISHED, QuestionStatus.RETIRED


class WorkflowError(Exception):
    """A step the item's state or the user's part does not allow. ``forbidden``: it is the
    user who may not (403); otherwise the item is not in a state for it (409)."""

    def __init__(self, message: str, *, forbidden: bool = False):
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden


def _new_version(
    question: Question,
    user: User | None,
    content: dict[str, Any],
    rich: dict[str, str] | None,
    now: datetime,
    restored_from: QuestionVersion | None = None,
) -> QuestionVersion:
    number = (
        db.session.execute(
            select(func.max(QuestionVersion.number)).where(
                QuestionVersion.question_id == question.id
            )
        ).scalar()
        or 0
    ) + 1
    version = QuestionVersion(
        question=question,
        number=number,
        type=content["type"],
        difficulty=content["difficulty"],
        prompt=content["prompt"],
        content=content,
        content_hash=bankfmt.content_hash(content),
        created_at=now,
        created_by_id=user.id if user else None,
        origin=VersionOrigin.EDITOR,
        rich=rich or None,
        restored_from_id=restored_from.id if restored_from else None,
    )
    db.session.add(version)
    return version


def _make_pending(question: Question, version: QuestionVersion) -> None:
    question.pending_version = version
    question.pending_state = DRAFT
    if question.current_version_id is None:
        question.status = DRAFT  # never published: the whole item is a draft


def create_item(
    user: User,
    item: bankfmt.Item,
    rich: dict[str, str] | None,
    clinic_id: int | None,
    now: datetime,
) -> Question:
    """A new draft question owned by ``clinic_id`` (None: the shared bank)."""
    topic = db.session.execute(select(Topic).where(Topic.slug == item.topic)).scalar_one()
    position = db.session.execute(
        select(func.coalesce(func.max(Question.position), -1)).where(Question.topic_id == topic.id)
    ).scalar_one()
    question = Question(
        external_id=item.id,
        topic=topic,
        position=position + 1,
        muscle_slug=item.muscle,
        status=DRAFT,
        clinic_id=clinic_id,
        created_at=now,
    )
    db.session.add(question)
    db.session.flush()
    _make_pending(question, _new_version(question, user, item.to_content(), rich, now))
    db.session.commit()
    return question


def save_edit(
    question: Question,
    user: User,
    item: bankfmt.Item,
    rich: dict[str, str] | None,
    now: datetime,
) -> QuestionVersion | None:
    """A new pending version (a draft again), or None when nothing changed."""
    content = item.to_content()
    head = question.head_version
    if (
        head is not None
        and head.content_hash == bankfmt.content_hash(content)
        and ((head.rich or None) == (rich or None))
    ):
        return None
    version = _new_version(question, user, content, rich, now)
    _make_pending(question, version)
    db.session.commit()
    return version


def restore(question: Question, user: User, old: QuestionVersion, now: datetime) -> QuestionVersion:
    """An older version's content as a new pending version (history is never rewritten)."""
    if old.question_id != question.id:
        raise WorkflowError("that version belongs to another item")
    version = _new_version(question, user, dict(old.content), old.rich, now, restored_from=old)
    _make_pending(question, version)
    db.session.commit()
    return version


def submit(question: Question, user: User) -> None:
    if question.pending_state != DRAFT or question.status == RETIRED:
        raise WorkflowError("only a draft can be submitted for review")
    question.pending_state = IN_REVIEW
    if question.current_version_id is None:
        question.status = IN_REVIEW
    db.session.commit()


def send_back(question: Question, user: User, comment: str | None, now: datetime) -> None:
    """In review -> draft, with the reviewer's comment on the version reviewed."""
    if question.pending_state != IN_REVIEW:
        raise WorkflowError("only an item in review can be sent back")
    if comment:
        add_comment(question.pending_version, user, comment, now, commit=False)
    question.pending_state = DRAFT
    if question.current_version_id is None:
        question.status = DRAFT
    db.session.commit()


def publish_check(question: Question, user: User) -> WorkflowError | None:
    """Why ``user`` may not publish the pending version now; None when they may."""
    if question.pending_version_id is None:
        return WorkflowError("nothing to publish: the newest version is already published")
    if question.status == RETIRED:
        return WorkflowError("a retired item is reinstated, not published")
    if needs_second_approval(question.clinic_id):
        if question.pending_state != IN_REVIEW:
            return WorkflowError("submit the item for review first: publishing needs approval")
        if question.pending_version.created_by_id == user.id:
            return WorkflowError(
                "you wrote this version: a second instructor must approve it", forbidden=True
            )
    return None


def publish(question: Question, user: User, now: datetime) -> None:
    """Approve and publish the pending version: learners see it from now on."""
    problem = publish_check(question, user)
    if problem is not None:
        raise problem
    version = question.pending_version
    db.session.add(Approval(version_id=version.id, approver_id=user.id, created_at=now))
    question.current_version = version
    question.pending_version = None
    question.pending_state = None
    question.status = PUBLISHED
    question.muscle_slug = version.content.get("muscle") or _identified_muscle(version.content)
    db.session.commit()


def _identified_muscle(content: dict[str, Any]) -> str | None:
    """An identify_muscle item is about its correct choice's muscle (the bank's rule)."""
    for choice in content.get("choices", ()):
        if choice.get("correct") and "muscle" in choice:
            return choice["muscle"]
    return None


def retire(question: Question) -> None:
    if question.status == RETIRED:
        raise WorkflowError("the item is retired already")
    question.status = RETIRED
    db.session.commit()


def reinstate(question: Question) -> None:
    """Retired -> published again (its last published version), or draft if never published."""
    if question.status != RETIRED:
        raise WorkflowError("only a retired item can be reinstated")
    if question.current_version_id is not None:
        question.status = PUBLISHED
    else:
        question.status = question.pending_state or DRAFT
    db.session.commit()


def add_comment(
    version: QuestionVersion, user: User, body: str, now: datetime, *, commit: bool = True
) -> ReviewComment:
    comment = ReviewComment(version_id=version.id, author_id=user.id, body=body, created_at=now)
    db.session.add(comment)
    if commit:
        db.session.commit()
    return comment


def retag(question: Question, user: User, tag: str, add: bool, now: datetime) -> QuestionVersion:
    """A new version with ``tag`` added or removed, in place of the version it was made from
    (see ``bulk``: tags do not need review)."""
    head = question.head_version
    tags = [t for t in head.content.get("tags", []) if t != tag] + ([tag] if add else [])
    content = {k: v for k, v in head.content.items() if k != "tags"}
    if tags:
        content = _with_tags(content, tags)
    version = _new_version(question, user, content, head.rich, now)
    if question.pending_version_id is not None:
        question.pending_version = version
    else:
        question.current_version = version
    db.session.commit()
    return version


def _with_tags(content: dict[str, Any], tags: list[str]) -> dict[str, Any]:
    """``content`` with ``tags`` in the bank's key order (after difficulty)."""
    out: dict[str, Any] = {}
    for key, value in content.items():
        out[key] = value
        if key == "difficulty":
            out["tags"] = tags
    return out
