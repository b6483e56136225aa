"""The bank browser: the items an author may edit, filtered, searched, sorted, with learners'
answer statistics, and the bulk actions (retag, retire, publish).

Filtering happens on the head version (pending, else current): what the author works on. The
candidate rows come from one query; filters on JSON content (tags) and sorting by statistics run
in Python, which stays portable and cheap for a bank of hundreds to thousands of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import case, func, select

from trainer.extensions import db
from trainer.models import CardState, Clinic, Question, QuestionVersion, ReviewLog, Topic, User
from trainer.services.authoring.permissions import AuthorScope
from trainer.services.authoring.search import matching_versions

PAGE_SIZE = 25
SORTS = ("id", "topic", "type", "status", "difficulty", "updated", "answers", "correct", "leeches")


@dataclass(frozen=True)
class BrowseFilter:
    q: str = ""
    topic: str = ""
    type: str = ""  # a type key: single_choice, body_map:select_regions...
    status: str = ""  # a workflow state
    tag: str = ""
    muscle: str = ""
    difficulty: int | None = None
    owner: str = ""  # "shared" or a clinic slug
    author: str = ""  # part of the head version author's name
    min_answers: int | None = None
    max_correct: float | None = None  # percent: items learners find hard
    leeches_only: bool = False
    sort: str = "id"
    descending: bool = False


@dataclass(frozen=True)
class ItemRow:
    question_id: int
    external_id: str
    topic: str
    topic_title: str
    type_key: str
    prompt: str
    state: str
    owner: str  # "shared" or the clinic's slug
    owner_name: str
    difficulty: int
    tags: tuple[str, ...]
    muscle: str | None
    author: str
    updated_at: datetime
    answers: int = 0
    percent_correct: float | None = None
    leeches: int = 0


@dataclass(frozen=True)
class Page:
    rows: list[ItemRow]
    total: int
    page: int
    pages: int
    facets: dict[str, list[str]] = field(default_factory=dict)


def type_key(content: dict) -> str:
    return f"body_map:{content.get('mode')}" if content["type"] == "body_map" else content["type"]


def _statistics(question_ids: list[int]) -> dict[int, tuple[int, float | None, int]]:
    """question id -> (answers, percent correct of graded answers, leech cards)."""
    if not question_ids:
        return {}
    answers = db.session.execute(
        select(
            QuestionVersion.question_id,
            func.count(ReviewLog.id),
            func.sum(case((ReviewLog.correct.is_(True), 1), else_=0)),
            func.count(ReviewLog.correct),
        )
        .join(QuestionVersion, QuestionVersion.id == ReviewLog.question_version_id)
        .where(QuestionVersion.question_id.in_(question_ids))
        .group_by(QuestionVersion.question_id)
    ).all()
    leeches = dict(
        db.session.execute(
            select(CardState.question_id, func.count(CardState.id))
            .where(CardState.question_id.in_(question_ids), CardState.leech.is_(True))
            .group_by(CardState.question_id)
        ).all()
    )
    out = {qid: (0, None, leeches.get(qid, 0)) for qid in question_ids}
    for qid, count, right, graded in answers:
        out[qid] = (count, 100.0 * right / graded if graded else None, leeches.get(qid, 0))
    return out


def _candidates(scope: AuthorScope, f: BrowseFilter) -> list[ItemRow]:
    head = func.coalesce(Question.pending_version_id, Question.current_version_id)
    query = (
        select(
            Question,
            QuestionVersion,
            Topic.slug,
            Topic.title,
            Clinic.slug,
            Clinic.name,
            User.display_name,
        )
        .join(QuestionVersion, QuestionVersion.id == head)
        .join(Topic, Topic.id == Question.topic_id)
        .outerjoin(Clinic, Clinic.id == Question.clinic_id)
        .outerjoin(User, User.id == QuestionVersion.created_by_id)
        .where(scope.clause())
    )
    if f.q and (found := matching_versions(f.q)) is not None:
        query = query.where(QuestionVersion.id.in_(found))
    if f.topic:
        query = query.where(Topic.slug == f.topic)
    if f.difficulty:
        query = query.where(QuestionVersion.difficulty == f.difficulty)
    if f.owner == "shared":
        query = query.where(Question.clinic_id.is_(None))
    elif f.owner:
        query = query.where(Clinic.slug == f.owner)
    rows = []
    for question, version, topic, title, clinic_slug, clinic_name, author in db.session.execute(
        query
    ):
        content = version.content
        rows.append(
            ItemRow(
                question_id=question.id,
                external_id=question.external_id,
                topic=topic,
                topic_title=title,
                type_key=type_key(content),
                prompt=version.prompt,
                state=question.workflow_state.value,
                owner=clinic_slug or "shared",
                owner_name=clinic_name or "Shared bank",
                difficulty=version.difficulty,
                tags=tuple(content.get("tags", ())),
                muscle=content.get("muscle"),
                author=author or ("bank files" if version.origin == "bank" else ""),
                updated_at=version.created_at,
            )
        )
    return rows


def _keep(row: ItemRow, f: BrowseFilter) -> bool:
    if f.type and row.type_key != f.type:
        return False
    if f.status and row.state != f.status:
        return False
    if f.tag and f.tag not in row.tags:
        return False
    if f.muscle and row.muscle != f.muscle:
        return False
    if f.author and f.author.casefold() not in row.author.casefold():
        return False
    if f.min_answers is not None and row.answers < f.min_answers:
        return False
    if f.max_correct is not None and (
        row.percent_correct is None or row.percent_correct > f.max_correct
    ):
        return False
    return not (f.leeches_only and row.leeches == 0)


_SORT_KEYS = {
    "id": lambda r: r.external_id,
    "topic": lambda r: (r.topic_title, r.external_id),
    "type": lambda r: (r.type_key, r.external_id),
    "status": lambda r: (r.state, r.external_id),
    "difficulty": lambda r: (r.difficulty, r.external_id),
    "updated": lambda r: r.updated_at,
    "answers": lambda r: (r.answers, r.external_id),
    "correct": lambda r: (
        r.percent_correct if r.percent_correct is not None else -1,
        r.external_id,
    ),
    "leeches": lambda r: (r.leeches, r.external_id),
}


def matching_rows(scope: AuthorScope, f: BrowseFilter) -> list[ItemRow]:
    """Every item in scope that passes the filter, sorted (for a page or the CSV export)."""
    rows = _candidates(scope, f)
    stats = _statistics([r.question_id for r in rows])
    rows = [
        replace(r, answers=answers, percent_correct=correct, leeches=leeches)
        for r in rows
        for answers, correct, leeches in (stats[r.question_id],)
    ]
    rows = [r for r in rows if _keep(r, f)]
    rows.sort(key=_SORT_KEYS.get(f.sort, _SORT_KEYS["id"]), reverse=f.descending)
    return rows


def browse(scope: AuthorScope, f: BrowseFilter, page: int = 1) -> Page:
    rows = matching_rows(scope, f)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    return Page(rows[start : start + PAGE_SIZE], len(rows), page, pages, facets(scope))


def facets(scope: AuthorScope) -> dict[str, list[str]]:
    """The values the filter menus offer: tags and muscles in use in the scope."""
    rows = _candidates(scope, BrowseFilter())
    return {
        "tags": sorted({t for r in rows for t in r.tags}),
        "muscles": sorted({r.muscle for r in rows if r.muscle}),
    }


CSV_HEADER = (
    "id",
    "topic",
    "type",
    "status",
    "owner",
    "difficulty",
    "tags",
    "muscle",
    "author",
    "updated",
    "answers",
    "percent_correct",
    "leeches",
    "prompt",
)


def csv_rows(rows: list[ItemRow]):
    for r in rows:
        yield (
            r.external_id,
            r.topic,
            r.type_key,
            r.state,
            r.owner,
            r.difficulty,
            " ".join(r.tags),
            r.muscle or "",
            r.author,
            r.updated_at.isoformat(timespec="seconds"),
            r.answers,
            "" if r.percent_correct is None else f"{r.percent_correct:.1f}",
            r.leeches,
            r.prompt,
        )
