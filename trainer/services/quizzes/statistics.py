"""A quiz's results and item analysis, from its finished attempts in the database.

The figures come from ``trainer.domain.item_analysis.analyse``, the function
``flask --app trainer quiz analyse`` runs on a marks CSV: this module only turns attempts and
their ``AttemptItem`` marks into its input. An item is named by its bank id when it sits in a
fixed slot; items drawn by a random slot are analysed per position in that slot ("slot 3 #2"),
as Moodle analyses a random slot by position, since different attempts drew different items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trainer.domain.item_analysis import (
    Analysis,
    Attempt,
    Flag,
    ItemInfo,
    ItemMark,
    MarksError,
    WhichAttempts,
    analyse,
    choices_from_content,
    picked_choices,
    random_guess_score,
)
from trainer.domain.quizzes import AttemptScore, counted_score
from trainer.extensions import db
from trainer.models import (
    AttemptItem,
    AttemptState,
    Question,
    Quiz,
    QuizAttempt,
    QuizSlot,
    User,
)
from trainer.services.authoring.permissions import AuthorScope

# Below this many marks a float comparison with the pass mark is a tie (0.8 == 0.79999...).
_EPSILON = 1e-9


def _finished(quiz_id: int) -> list[QuizAttempt]:
    return list(
        db.session.execute(
            select(QuizAttempt)
            .where(QuizAttempt.quiz_id == quiz_id, QuizAttempt.state == AttemptState.FINISHED)
            .options(selectinload(QuizAttempt.items))
            .order_by(QuizAttempt.finished_at, QuizAttempt.id)
        ).scalars()
    )


def _quiz_owner_in(scope: AuthorScope):
    parts = []
    if scope.shared:
        parts.append(Quiz.clinic_id.is_(None))
    if scope.clinic_ids:
        parts.append(Quiz.clinic_id.in_(sorted(scope.clinic_ids)))
    if not parts:
        return Quiz.id.is_(None)
    return parts[0] if len(parts) == 1 else parts[0] | parts[1]


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    user_id: int
    name: str
    email: str
    finished: int
    in_progress: int
    counted_score: float | None  # 0..1, under the quiz's grading method
    passed: bool | None
    seconds: float | None  # time taken by the counted attempt (the mean, for "average")
    last_finished_at: datetime | None


def _seconds(attempt: QuizAttempt) -> float | None:
    if attempt.finished_at is None:
        return None
    return (attempt.finished_at - attempt.started_at).total_seconds()


def results(quiz: Quiz) -> list[ResultRow]:
    """One row per learner who started the quiz, by name."""
    attempts = list(
        db.session.execute(
            select(QuizAttempt, User)
            .join(User, User.id == QuizAttempt.user_id)
            .where(QuizAttempt.quiz_id == quiz.id)
        ).all()
    )
    by_user: dict[int, list[QuizAttempt]] = defaultdict(list)
    users: dict[int, User] = {}
    for attempt, user in attempts:
        by_user[user.id].append(attempt)
        users[user.id] = user
    method = quiz.grading_method.value
    rows = []
    for user_id, own in by_user.items():
        done = [a for a in own if a.state == AttemptState.FINISHED and a.score is not None]
        score = counted_score(
            [AttemptScore(a.number, a.finished_at, a.score) for a in done], method
        )
        rows.append(
            ResultRow(
                user_id=user_id,
                name=users[user_id].display_name,
                email=users[user_id].email,
                finished=len(done),
                in_progress=sum(1 for a in own if a.state == AttemptState.IN_PROGRESS),
                counted_score=score,
                passed=None if score is None else score + _EPSILON >= quiz.pass_fraction,
                seconds=_counted_seconds(done, method),
                last_finished_at=max((a.finished_at for a in done), default=None),
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.email))
    return rows


def _counted_seconds(done: list[QuizAttempt], method: str) -> float | None:
    if not done:
        return None
    by_number = sorted(done, key=lambda a: a.number)
    if method == "first":
        return _seconds(by_number[0])
    if method == "last":
        return _seconds(by_number[-1])
    if method == "highest":
        best = max(a.score for a in done)
        return _seconds(next(a for a in by_number if a.score == best))
    times = [s for s in (_seconds(a) for a in done) if s is not None]
    return sum(times) / len(times) if times else None


RESULTS_CSV_HEADER = (
    "learner", "email", "finished_attempts", "in_progress", "counted_score_percent",
    "passed", "seconds", "last_finished_at",
)  # fmt: skip


def results_csv_rows(rows: list[ResultRow]):
    for r in rows:
        yield (
            r.name,
            r.email,
            r.finished,
            r.in_progress,
            "" if r.counted_score is None else f"{100 * r.counted_score:.2f}",
            "" if r.passed is None else ("yes" if r.passed else "no"),
            "" if r.seconds is None else f"{r.seconds:.0f}",
            "" if r.last_finished_at is None else r.last_finished_at.isoformat(timespec="seconds"),
        )


# --- item analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizAnalysis:
    """``analysis`` None when there is nothing to analyse or the marks do not form a full
    matrix (``problems`` says why). ``questions``: item key -> question id (fixed slots)."""

    analysis: Analysis | None
    problems: tuple[str, ...]
    questions: dict[str, int]
    labels: dict[str, str]


def _keys(quiz: Quiz, attempt: QuizAttempt, slots: dict[int, QuizSlot], external: dict[int, str]):
    """(key, item) per attempt item: the bank id for a fixed slot, the slot position and rank
    for a drawn one."""
    rank: dict[int, int] = defaultdict(int)
    for item in sorted(attempt.items, key=lambda i: i.position):
        slot = slots.get(item.slot_id) if item.slot_id is not None else None
        if slot is None or slot.question_id is not None:
            yield external[item.question_id], item
            continue
        rank[slot.id] += 1
        yield f"slot {slot.position} #{rank[slot.id]}", item


def attempts_of(quiz: Quiz) -> tuple[list[Attempt], dict[str, ItemInfo], dict[str, int]]:
    """The pure module's input: finished attempts, per-item info (random guess score and
    choices where every attempt asked the same version), and item key -> question id."""
    finished = _finished(quiz.id)
    slots = {s.id: s for s in quiz.slots}
    question_ids = {i.question_id for a in finished for i in a.items}
    external = (
        dict(
            db.session.execute(
                select(Question.id, Question.external_id).where(Question.id.in_(question_ids))
            ).all()
        )
        if question_ids
        else {}
    )
    attempts: list[Attempt] = []
    versions: dict[str, set[int]] = defaultdict(set)
    contents: dict[str, dict] = {}
    questions: dict[str, int] = {}
    for attempt in finished:
        marks: dict[str, ItemMark] = {}
        for key, item in _keys(quiz, attempt, slots, external):
            content = item.question_version.content
            versions[key].add(item.question_version_id)
            contents[key] = content
            if not key.startswith("slot "):
                questions[key] = item.question_id
            marks[key] = ItemMark(
                mark=item.mark,
                max_mark=item.max_mark,
                picked=picked_choices(content, item.response),
            )
        attempts.append(
            Attempt(
                id=str(attempt.id), marks=marks, learner=str(attempt.user_id), number=attempt.number
            )
        )
    info = {}
    for key, content in contents.items():
        same_version = len(versions[key]) == 1
        info[key] = ItemInfo(
            random_guess_score=random_guess_score(content) if same_version else None,
            choices=choices_from_content(content) if same_version else (),
        )
    return attempts, info, questions


def item_analysis(quiz: Quiz, which: WhichAttempts = WhichAttempts.ALL) -> QuizAnalysis:
    attempts, info, questions = attempts_of(quiz)
    labels = _labels(questions)
    if not attempts:
        return QuizAnalysis(None, ("No finished attempts yet.",), questions, labels)
    try:
        return QuizAnalysis(analyse(attempts, which=which, info=info), (), questions, labels)
    except MarksError as error:
        return QuizAnalysis(None, error.problems, questions, labels)


def _labels(questions: dict[str, int]) -> dict[str, str]:
    if not questions:
        return {}
    prompts = {}
    for question in db.session.execute(
        select(Question).where(Question.id.in_(set(questions.values())))
    ).scalars():
        head = question.head_version
        prompts[question.id] = head.prompt if head else ""
    return {key: prompts.get(qid, "") for key, qid in questions.items()}


def latest_flags(scope: AuthorScope, question_ids: list[int]) -> dict[int, tuple[Flag, ...]]:
    """question id -> the flags of the latest analysis that names it: among the quizzes in the
    viewer's scope (another clinic's attempts stay theirs) asking it in a fixed slot, the one
    with the most recently finished attempt. Items with no such analysis are left out."""
    if not question_ids:
        return {}
    latest = db.session.execute(
        select(QuizAttempt.quiz_id, AttemptItem.question_id, QuizAttempt.finished_at)
        .join(AttemptItem, AttemptItem.attempt_id == QuizAttempt.id)
        .join(QuizSlot, QuizSlot.id == AttemptItem.slot_id)
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .where(
            _quiz_owner_in(scope),
            AttemptItem.question_id.in_(question_ids),
            QuizSlot.question_id.is_not(None),
            QuizAttempt.state == AttemptState.FINISHED,
        )
    ).all()
    quiz_for: dict[int, tuple[datetime, int]] = {}
    for quiz_id, question_id, finished_at in latest:
        if finished_at is None:
            continue
        known = quiz_for.get(question_id)
        if known is None or (finished_at, quiz_id) > known:
            quiz_for[question_id] = (finished_at, quiz_id)
    flags: dict[int, tuple[Flag, ...]] = {}
    analyses: dict[int, QuizAnalysis] = {}
    for question_id, (_, quiz_id) in quiz_for.items():
        if quiz_id not in analyses:
            analyses[quiz_id] = item_analysis(db.session.get(Quiz, quiz_id))
        result = analyses[quiz_id]
        if result.analysis is None:
            continue
        for report in result.analysis.items:
            if result.questions.get(report.item) == question_id:
                flags[question_id] = report.flags
    return flags
