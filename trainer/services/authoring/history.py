"""Version history: who changed what and when, field-by-field diffs, and the answer key.

Each field is shown as lines of text (a choice per line, marked ``[x]`` when correct) so that
``difflib`` gives a readable side-by-side comparison.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from trainer.extensions import db
from trainer.models import Approval, Question, QuestionVersion, ReviewComment, User

#: (content key, label) in the order the history shows them.
FIELDS = (
    ("type", "Type"),
    ("mode", "Body-map mode"),
    ("difficulty", "Difficulty"),
    ("tags", "Tags"),
    ("muscle", "Muscle"),
    ("prompt", "Prompt"),
    ("answer", "Answer"),
    ("regions", "Regions"),
    ("choices", "Choices"),
    ("pairs", "Pairs"),
    ("distractors", "Distractors"),
    ("explanation", "Explanation"),
    ("references", "References"),
)


def answer_key(content: dict[str, Any]) -> tuple:
    """What counts as the right answer, independent of order and wording elsewhere."""
    kind = content.get("type")
    if kind in ("flashcard", "true_false"):
        return (kind, content.get("answer"))
    if kind == "matching":
        return (kind, frozenset((p["left"], p["right"]) for p in content.get("pairs", ())))
    if kind == "body_map" and content.get("mode") == "select_regions":
        return (kind, "regions", frozenset(content.get("regions", ())))
    label = "muscle" if kind == "body_map" else "text"
    correct = frozenset(c[label] for c in content.get("choices", ()) if c.get("correct"))
    return (kind, correct)


def key_changed(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return old is not None and answer_key(old) != answer_key(new)


def field_lines(content: dict[str, Any], key: str) -> list[str]:
    value = content.get(key)
    if value is None or value == [] or value == ():
        return []
    if key == "answer" and isinstance(value, bool):
        return ["true" if value else "false"]
    if key == "choices":
        lines = []
        for c in value:
            text = c.get("text") or c.get("muscle", "")
            line = f"[{'x' if c.get('correct') else ' '}] {text}"
            if c.get("feedback"):
                line += f"  (feedback: {c['feedback']})"
            lines.append(line)
        return lines
    if key == "pairs":
        return [f"{p['left']} -> {p['right']}" for p in value]
    if key == "references":
        return [f"{r['key']}" + (f" ({r['where']})" if r.get("where") else "") for r in value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).splitlines() or [""]


@dataclass(frozen=True)
class DiffRow:
    tag: str  # "equal", "replace", "delete", "insert"
    left: str | None
    right: str | None


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    rows: tuple[DiffRow, ...]

    @property
    def changed(self) -> bool:
        return any(row.tag != "equal" for row in self.rows)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """Every field present in either version, aligned line by line."""
    out = []
    for key, label in FIELDS:
        left, right = field_lines(old, key), field_lines(new, key)
        if not left and not right:
            continue
        rows: list[DiffRow] = []
        matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                rows += [DiffRow("equal", a, a) for a in left[i1:i2]]
                continue
            lefts, rights = left[i1:i2], right[j1:j2]
            for n in range(max(len(lefts), len(rights))):
                a = lefts[n] if n < len(lefts) else None
                b = rights[n] if n < len(rights) else None
                rows.append(
                    DiffRow(
                        "replace"
                        if a is not None and b is not None
                        else ("delete" if b is None else "insert"),
                        a,
                        b,
                    )
                )
        out.append(FieldDiff(key, label, tuple(rows)))
    return out


@dataclass(frozen=True)
class VersionRow:
    version: QuestionVersion
    author: str
    key_changed: bool
    is_current: bool
    is_pending: bool
    restored_from: int | None  # number of the version restored
    approved_by: tuple[str, ...]
    comments: int


def versions(question: Question) -> list[VersionRow]:
    """The question's versions, newest first."""
    rows = db.session.execute(
        select(QuestionVersion, User.display_name)
        .outerjoin(User, User.id == QuestionVersion.created_by_id)
        .where(QuestionVersion.question_id == question.id)
        .order_by(QuestionVersion.number)
    ).all()
    ids = [v.id for v, _ in rows]
    numbers = {v.id: v.number for v, _ in rows}
    approvals: dict[int, list[str]] = {}
    for version_id, name in db.session.execute(
        select(Approval.version_id, User.display_name)
        .outerjoin(User, User.id == Approval.approver_id)
        .where(Approval.version_id.in_(ids))
        .order_by(Approval.created_at)
    ):
        approvals.setdefault(version_id, []).append(name or "(deleted user)")
    comments = dict(
        db.session.execute(
            select(ReviewComment.version_id, func.count(ReviewComment.id))
            .where(ReviewComment.version_id.in_(ids))
            .group_by(ReviewComment.version_id)
        ).all()
    )
    out, previous = [], None
    for version, name in rows:
        out.append(
            VersionRow(
                version=version,
                author=name or ("question bank files" if version.origin == "bank" else "unknown"),
                key_changed=key_changed(previous, version.content),
                is_current=version.id == question.current_version_id,
                is_pending=version.id == question.pending_version_id,
                restored_from=numbers.get(version.restored_from_id),
                approved_by=tuple(approvals.get(version.id, ())),
                comments=comments.get(version.id, 0),
            )
        )
        previous = version.content
    return out[::-1]


def version_comments(version_id: int) -> list[tuple[str, datetime, str]]:
    """(author, time, text) of a version's review comments, oldest first."""
    return [
        (name or "(deleted user)", created, body)
        for body, created, name in db.session.execute(
            select(ReviewComment.body, ReviewComment.created_at, User.display_name)
            .outerjoin(User, User.id == ReviewComment.author_id)
            .where(ReviewComment.version_id == version_id)
            .order_by(ReviewComment.created_at, ReviewComment.id)
        )
    ]
