"""Topics, questions and their immutable versions.

A question is the stable identity (the bank id such as ``ref-001``); each change to its content
makes a new ``QuestionVersion``. Learners' answers point at the version they answered, so editing
an item never rewrites history.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.enums import enum_column
from trainer.models.types import UTCDateTime, utcnow


class QuestionStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    RETIRED = "retired"


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    questions: Mapped[list[Question]] = relationship(back_populates="topic")


class VersionOrigin(enum.StrEnum):
    """Where a version's content came from: `bank import` must not overwrite the others."""

    BANK = "bank"  # question_bank/ files, through `bank import`
    EDITOR = "editor"  # the browser editor (including restores of older versions)
    FILE = "file"  # an exchange file (GIFT, Moodle XML, CSV)


class Question(db.Model):
    """A question's identity and its workflow state.

    Learners see ``current_version`` while ``status`` is published. An edit makes a newer
    ``pending_version`` (draft, then in review) that learners do not see until it is published.
    ``clinic_id`` None means the shared bank; otherwise only that clinic's members see it.
    """

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_topic_status", "topic_id", "status"),
        # The study queue's scope: published items of the shared bank or of these clinics.
        Index("ix_questions_status_clinic", "status", "clinic_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(40), unique=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    # Order within its topic file, so that export writes the files back as they were.
    position: Mapped[int] = mapped_column(default=0)
    # The muscle the current version is about (muscles.slug), for the muscle pages.
    muscle_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    status: Mapped[QuestionStatus] = mapped_column(
        enum_column(QuestionStatus, "question_status"), default=QuestionStatus.DRAFT
    )
    # The version learners are shown now. use_alter breaks the questions <-> versions cycle.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, ondelete="SET NULL")
    )
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    # A newer, unpublished version and its workflow state (draft or in_review); None when the
    # current version is the newest.
    pending_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, ondelete="SET NULL")
    )
    pending_state: Mapped[QuestionStatus | None] = mapped_column(
        enum_column(QuestionStatus, "question_pending_state")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic] = relationship(back_populates="questions")
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question",
        foreign_keys="QuestionVersion.question_id",
        order_by="QuestionVersion.number",
    )
    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    pending_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[pending_version_id], post_update=True
    )

    @property
    def head_version(self) -> QuestionVersion | None:
        """The newest version: what the editor edits."""
        return self.pending_version or self.current_version

    @property
    def workflow_state(self) -> QuestionStatus:
        """What an author sees: the pending version's state, else the question's status."""
        if self.pending_state is not None and self.status != QuestionStatus.RETIRED:
            return self.pending_state
        return self.status


class QuestionVersion(db.Model):
    """One immutable revision of a question's content (type, prompt, answer data, sources)."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    number: Mapped[int]
    type: Mapped[str] = mapped_column(String(30))
    difficulty: Mapped[int] = mapped_column(SmallInteger)
    prompt: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    origin: Mapped[VersionOrigin] = mapped_column(
        enum_column(VersionOrigin, "version_origin"), default=VersionOrigin.BANK
    )
    # Sanitised HTML of the rich-text fields ({"prompt": ..., "explanation": ...}); ``content``
    # holds their plain text, in the bank format.
    rich: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # The version this one was restored from (history shows "restored from v3").
    restored_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", ondelete="SET NULL")
    )

    question: Mapped[Question] = relationship(back_populates="versions", foreign_keys=[question_id])


@event.listens_for(QuestionVersion, "before_update")
def _versions_are_immutable(_mapper, _connection, target: QuestionVersion) -> None:
    raise ValueError(f"question version {target.id} is immutable: create a new version instead")
