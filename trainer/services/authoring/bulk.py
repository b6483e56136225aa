"""Bulk actions of the bank browser: plan (how many items change, which are skipped and why),
then apply the same plan after the author confirms.

Retagging makes a new version of each item with the new tags. Tags sort and filter items; they
do not change what a learner is asked, so a retag takes effect without review: the new version
replaces the one it was made from (the published one, or the pending one in its state).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.bank.spec import SLUG_RE
from trainer.extensions import db
from trainer.models import Question, QuestionStatus, User
from trainer.services.authoring import workflow
from trainer.services.authoring.permissions import AuthorScope

ACTIONS = {
    "add_tag": "add the tag",
    "remove_tag": "remove the tag",
    "retire": "retire",
    "publish": "publish",
}


@dataclass(frozen=True)
class BulkPlan:
    action: str
    tag: str
    changing: tuple[Question, ...]
    skipped: tuple[tuple[str, str], ...]  # (item id, why)

    @property
    def description(self) -> str:
        what = ACTIONS[self.action]
        if self.tag:
            what += f" '{self.tag}'"
        n = len(self.changing)
        return f"{what.capitalize()}: {n} item{'s' if n != 1 else ''} will change."


class BulkError(ValueError):
    pass


def plan(scope: AuthorScope, user: User, action: str, ids: list[int], tag: str = "") -> BulkPlan:
    if action not in ACTIONS:
        raise BulkError("choose an action")
    tag = tag.strip()
    if action in ("add_tag", "remove_tag") and not SLUG_RE.match(tag):
        raise BulkError("a tag is lowercase letters, digits and hyphens (e.g. neck-pain)")
    if not ids:
        raise BulkError("select at least one item")
    questions = db.session.execute(
        select(Question).where(Question.id.in_(ids), scope.clause()).order_by(Question.external_id)
    ).scalars()
    changing, skipped = [], []
    for question in questions:
        reason = _why_not(question, user, action, tag)
        if reason is None:
            changing.append(question)
        else:
            skipped.append((question.external_id, reason))
    return BulkPlan(action, tag, tuple(changing), tuple(skipped))


def _why_not(question: Question, user: User, action: str, tag: str) -> str | None:
    tags = question.head_version.content.get("tags", []) if question.head_version else []
    if action == "add_tag" and tag in tags:
        return "has the tag already"
    if action == "remove_tag" and tag not in tags:
        return "does not have the tag"
    if action == "retire" and question.status == QuestionStatus.RETIRED:
        return "retired already"
    if action == "publish":
        problem = workflow.publish_check(question, user)
        return problem.message if problem else None
    return None


def apply(plan: BulkPlan, user: User, now: datetime) -> int:
    """Carry out a plan made (and confirmed) just before; returns how many items changed."""
    for question in plan.changing:
        if plan.action == "retire":
            workflow.retire(question)
        elif plan.action == "publish":
            workflow.publish(question, user, now)
        else:
            workflow.retag(question, user, plan.tag, plan.action == "add_tag", now)
    return len(plan.changing)
