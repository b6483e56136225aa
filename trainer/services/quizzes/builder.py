"""Building quizzes: settings, fixed and drawn slots, publish and archive.

Who builds what follows authoring (``services.authoring.permissions``): the shared bank's
authors (site instructors and admins) build site and link quizzes (``clinic_id`` None); a
clinic's instructors and managers build that clinic's quizzes. A quiz outside the builder's
scope does not exist for them (the views answer 404).

Which items a quiz may ask follows who takes it: a clinic quiz asks shared items and that
clinic's; a site or link quiz only shared ones. Only published items are asked; a fixed slot
whose item is not published is kept (it may be published later) but shown with a warning.
Once a quiz has attempts its slots are locked, as Moodle locks a quiz's questions, so that every
attempt was asked the same quiz.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from trainer.extensions import db
from trainer.models import (
    Clinic,
    FeedbackTiming,
    GradingMethod,
    Question,
    QuestionStatus,
    QuestionVersion,
    Quiz,
    QuizAttempt,
    QuizAudience,
    QuizKind,
    QuizSlot,
    QuizStatus,
    Topic,
    User,
)
from trainer.services.authoring.permissions import AuthorScope

MAX_SLOTS = 200
MAX_DRAW = 100


class BuildError(Exception):
    """A change the quiz refuses; the message is shown to the builder."""


SLOTS_LOCKED = (
    "This quiz already has attempts, so its items are locked: every attempt must have been "
    "asked the same quiz. Copy the settings into a new quiz to ask other items."
)


@dataclass(frozen=True)
class Settings:
    """Every setting of a quiz, as the builder's form gives them (times are UTC)."""

    title: str
    description: str = ""
    kind: QuizKind = QuizKind.PRACTICE
    audience: QuizAudience = QuizAudience.SITE
    time_limit_minutes: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    attempts_allowed: int | None = None
    grading_method: GradingMethod = GradingMethod.HIGHEST
    pass_percent: float = 80.0
    shuffle_items: bool = True
    shuffle_choices: bool = True
    feedback_timing: FeedbackTiming = FeedbackTiming.AFTER_SUBMIT
    review_marks: bool = True
    review_keys: bool = True
    review_explanations: bool = True
    review_references: bool = True
    counts_for_srs: bool | None = None  # None: the kind's default (practice on, exam off)


def default_counts_for_srs(kind: QuizKind) -> bool:
    return kind == QuizKind.PRACTICE


def allows_quiz(scope: AuthorScope, quiz: Quiz) -> bool:
    return scope.allows_owner(quiz.clinic_id)


def quiz_in_scope(scope: AuthorScope, quiz_id: int) -> Quiz | None:
    quiz = db.session.get(Quiz, quiz_id)
    return quiz if quiz is not None and allows_quiz(scope, quiz) else None


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    owner_name: str
    slots: int
    attempts: int


def quizzes_for(scope: AuthorScope) -> list[QuizRow]:
    """The quizzes the builder may edit, newest first, with slot and attempt counts."""
    owner = []
    if scope.shared:
        owner.append(Quiz.clinic_id.is_(None))
    if scope.clinic_ids:
        owner.append(Quiz.clinic_id.in_(sorted(scope.clinic_ids)))
    if not owner:
        return []
    where = owner[0] if len(owner) == 1 else owner[0] | owner[1]
    slots = select(func.count(QuizSlot.id)).where(QuizSlot.quiz_id == Quiz.id).scalar_subquery()
    attempts = (
        select(func.count(QuizAttempt.id)).where(QuizAttempt.quiz_id == Quiz.id).scalar_subquery()
    )
    rows = db.session.execute(
        select(Quiz, Clinic.name, slots, attempts)
        .outerjoin(Clinic, Clinic.id == Quiz.clinic_id)
        .where(where)
        .order_by(Quiz.updated_at.desc(), Quiz.id.desc())
    ).all()
    return [
        QuizRow(q, name or "Site", n_slots, n_attempts) for q, name, n_slots, n_attempts in rows
    ]


def has_attempts(quiz: Quiz) -> bool:
    return bool(
        db.session.execute(
            select(QuizAttempt.id).where(QuizAttempt.quiz_id == quiz.id).limit(1)
        ).first()
    )


def audience_problem(clinic_id: int | None, audience: QuizAudience) -> str | None:
    """Clinic quizzes are for their clinic only; shared quizzes for the site or a link."""
    if clinic_id is not None and audience != QuizAudience.CLINIC:
        return "A clinic's quiz is only for that clinic's members."
    if clinic_id is None and audience == QuizAudience.CLINIC:
        return "A shared quiz is for the whole site or for anyone with its link."
    return None


def _apply(quiz: Quiz, settings: Settings) -> None:
    quiz.title = settings.title
    quiz.description = settings.description
    quiz.kind = settings.kind
    quiz.audience = settings.audience
    if settings.audience == QuizAudience.LINK:
        quiz.link_token = quiz.link_token or secrets.token_urlsafe(32)
    else:
        quiz.link_token = None
    quiz.time_limit_seconds = (
        settings.time_limit_minutes * 60 if settings.time_limit_minutes else None
    )
    quiz.opens_at = settings.opens_at
    quiz.closes_at = settings.closes_at
    quiz.attempts_allowed = settings.attempts_allowed
    quiz.grading_method = settings.grading_method
    quiz.pass_fraction = settings.pass_percent / 100
    quiz.shuffle_items = settings.shuffle_items
    quiz.shuffle_choices = settings.shuffle_choices
    quiz.feedback_timing = settings.feedback_timing
    quiz.review_marks = settings.review_marks
    quiz.review_keys = settings.review_keys
    quiz.review_explanations = settings.review_explanations
    quiz.review_references = settings.review_references
    quiz.counts_for_srs = (
        default_counts_for_srs(settings.kind)
        if settings.counts_for_srs is None
        else settings.counts_for_srs
    )


def create_quiz(user: User, clinic_id: int | None, settings: Settings) -> Quiz:
    """A new draft quiz (the caller has checked the owner is in the builder's scope)."""
    problem = audience_problem(clinic_id, settings.audience)
    if problem:
        raise BuildError(problem)
    quiz = Quiz(clinic_id=clinic_id, created_by_id=user.id, status=QuizStatus.DRAFT)
    _apply(quiz, settings)
    db.session.add(quiz)
    db.session.commit()
    return quiz


def update_settings(quiz: Quiz, settings: Settings) -> None:
    problem = audience_problem(quiz.clinic_id, settings.audience)
    if problem:
        raise BuildError(problem)
    _apply(quiz, settings)
    db.session.commit()


# --- which items a quiz may ask ---------------------------------------------------------------


def visible_to_audience(quiz: Quiz):
    """SQL: the question's owner lets this quiz's takers see it."""
    if quiz.clinic_id is None:
        return Question.clinic_id.is_(None)
    return Question.clinic_id.is_(None) | (Question.clinic_id == quiz.clinic_id)


def picker_scope(quiz: Quiz) -> AuthorScope:
    """The owners whose items the quiz may ask (the bank browser's scope for the picker)."""
    clinics = frozenset() if quiz.clinic_id is None else frozenset({quiz.clinic_id})
    return AuthorScope(True, clinics)


def may_pick(scope: AuthorScope, quiz: Quiz, question: Question) -> bool:
    """The builder may put this item in this quiz: its takers see it, and it is either the
    builder's own to edit or published (a clinic builder may use the published shared bank,
    not read its drafts)."""
    if question.clinic_id is not None and question.clinic_id != quiz.clinic_id:
        return False
    return scope.allows_owner(question.clinic_id) or question.status == QuestionStatus.PUBLISHED


def _locked(quiz: Quiz) -> None:
    if has_attempts(quiz):
        raise BuildError(SLOTS_LOCKED)


def _renumber(quiz: Quiz, slots: list[QuizSlot]) -> None:
    """Give ``slots`` positions 1..n in that order without tripping (quiz_id, position)."""
    for n, slot in enumerate(slots, start=1):
        slot.position = -n
    db.session.flush()
    for n, slot in enumerate(slots, start=1):
        slot.position = n
    db.session.flush()


def _next_position(quiz: Quiz) -> int:
    return max((s.position for s in quiz.slots), default=0) + 1


@dataclass(frozen=True)
class AddResult:
    added: int
    already: int
    refused: int
    unpublished: list[str]


def add_fixed(scope: AuthorScope, quiz: Quiz, question_ids: list[int], mark: float) -> AddResult:
    """Append the picked items as fixed slots (each once); items the builder may not pick
    are refused, items already in the quiz skipped."""
    _locked(quiz)
    present = {s.question_id for s in quiz.slots if s.question_id is not None}
    added = already = refused = 0
    unpublished: list[str] = []
    position = _next_position(quiz)
    for question_id in dict.fromkeys(question_ids):
        question = db.session.get(Question, question_id)
        if question is None or not may_pick(scope, quiz, question):
            refused += 1
            continue
        if question.id in present:
            already += 1
            continue
        if len(quiz.slots) >= MAX_SLOTS:
            raise BuildError(f"A quiz has at most {MAX_SLOTS} slots.")
        quiz.slots.append(QuizSlot(position=position, question_id=question.id, mark=mark))
        present.add(question.id)
        position += 1
        added += 1
        if question.status != QuestionStatus.PUBLISHED:
            unpublished.append(question.external_id)
    db.session.commit()
    return AddResult(added, already, refused, unpublished)


def matching_count(quiz: Quiz, topic: str | None, tag: str | None, muscle: str | None) -> int:
    """How many published items this quiz's takers see match a draw (topic, tag, muscle)."""
    query = (
        select(QuestionVersion.content, Question.muscle_slug)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Question.status == QuestionStatus.PUBLISHED, visible_to_audience(quiz))
    )
    if topic:
        query = query.where(Topic.slug == topic)
    if muscle:
        query = query.where(Question.muscle_slug == muscle)
    rows = db.session.execute(query).all()
    if tag:
        rows = [r for r in rows if tag in (r.content.get("tags") or ())]
    return len(rows)


def add_draw(
    quiz: Quiz,
    *,
    count: int,
    topic: str | None,
    tag: str | None,
    muscle: str | None,
    unseen_first: bool,
    mark: float,
) -> int:
    """Append a random slot; returns how many published items it may draw from now."""
    _locked(quiz)
    if not 1 <= count <= MAX_DRAW:
        raise BuildError(f"A slot draws between 1 and {MAX_DRAW} items.")
    if len(quiz.slots) >= MAX_SLOTS:
        raise BuildError(f"A quiz has at most {MAX_SLOTS} slots.")
    quiz.slots.append(
        QuizSlot(
            position=_next_position(quiz),
            draw_count=count,
            draw_topic=topic or None,
            draw_tag=tag or None,
            draw_muscle=muscle or None,
            unseen_first=unseen_first,
            mark=mark,
        )
    )
    db.session.commit()
    return matching_count(quiz, topic, tag, muscle)


def _slot(quiz: Quiz, slot_id: int) -> QuizSlot:
    for slot in quiz.slots:
        if slot.id == slot_id:
            return slot
    raise LookupError(slot_id)


def move_slot(quiz: Quiz, slot_id: int, offset: int) -> None:
    _locked(quiz)
    slots = sorted(quiz.slots, key=lambda s: s.position)
    slot = _slot(quiz, slot_id)
    index = slots.index(slot)
    target = min(max(index + offset, 0), len(slots) - 1)
    slots.insert(target, slots.pop(index))
    _renumber(quiz, slots)
    db.session.commit()


def remove_slot(quiz: Quiz, slot_id: int) -> None:
    _locked(quiz)
    slot = _slot(quiz, slot_id)
    quiz.slots.remove(slot)
    db.session.flush()
    _renumber(quiz, sorted(quiz.slots, key=lambda s: s.position))
    db.session.commit()


def set_mark(quiz: Quiz, slot_id: int, mark: float) -> None:
    _locked(quiz)
    _slot(quiz, slot_id).mark = mark
    db.session.commit()


# --- what the slots page shows, publish, archive -----------------------------------------------


@dataclass(frozen=True)
class SlotView:
    slot: QuizSlot
    label: str
    items: int  # items this slot asks now (0 for an unpublished fixed item)
    warning: str | None


def slot_views(quiz: Quiz) -> list[SlotView]:
    views = []
    for slot in sorted(quiz.slots, key=lambda s: s.position):
        if slot.question_id is not None:
            question = slot.question
            head = question.head_version
            label = f"{question.external_id}: {head.prompt if head else ''}"
            published = question.status == QuestionStatus.PUBLISHED
            visible = question.clinic_id in (None, quiz.clinic_id)
            warning = None
            if not visible:
                warning = "Not visible to this quiz's takers: it will not be asked."
            elif not published:
                warning = f"Not published ({question.workflow_state.value}): it will not be asked."
            views.append(SlotView(slot, label, 1 if published and visible else 0, warning))
            continue
        parts = [f"topic {slot.draw_topic}" if slot.draw_topic else "any topic"]
        if slot.draw_tag:
            parts.append(f"tag {slot.draw_tag}")
        if slot.draw_muscle:
            parts.append(f"muscle {slot.draw_muscle}")
        matches = matching_count(quiz, slot.draw_topic, slot.draw_tag, slot.draw_muscle)
        label = f"{slot.draw_count} at random from {', '.join(parts)}"
        if slot.unseen_first:
            label += " (unseen first)"
        label += f"; {matches} published item{'s' if matches != 1 else ''} match"
        warning = None
        if matches < slot.draw_count:
            warning = f"Only {matches} published item(s) match: the slot asks {matches}."
        views.append(SlotView(slot, label, min(matches, slot.draw_count), warning))
    return views


def item_count(quiz: Quiz) -> int:
    """Items an attempt would ask now (draws from separate slots may overlap; an upper bound)."""
    return sum(v.items for v in slot_views(quiz))


def publish(quiz: Quiz) -> None:
    if quiz.status == QuizStatus.ARCHIVED:
        raise BuildError("This quiz is archived; archived quizzes take no new attempts.")
    if not quiz.slots:
        raise BuildError("This quiz has no items yet: add fixed items or a random slot first.")
    if item_count(quiz) == 0:
        raise BuildError(
            "None of this quiz's slots would ask an item: every fixed item is unpublished and "
            "no published item matches its random slots."
        )
    quiz.status = QuizStatus.PUBLISHED
    db.session.commit()


def archive(quiz: Quiz) -> None:
    quiz.status = QuizStatus.ARCHIVED
    db.session.commit()
