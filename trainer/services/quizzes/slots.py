"""A quiz's slots: which items it may ask, fixed picks and random draws, order, marks, and
publishing (see ``builder`` for who builds what).

Which items a quiz may ask follows who takes it: a clinic quiz asks shared items and that
clinic's; a site or link quiz only shared ones. Only published items are asked; a fixed slot
whose item is not published is kept (it may be published later) but shown with a warning.
Once a quiz has attempts its slots are locked, as Moodle locks a quiz's questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import (
    Question,
    QuestionStatus,
    QuestionVersion,
    Quiz,
    QuizSlot,
    QuizStatus,
    Topic,
)
from trainer.services.authoring.permissions import AuthorScope
from trainer.services.quizzes.builder import SLOTS_LOCKED, BuildError, has_attempts

MAX_SLOTS = 200
MAX_DRAW = 100


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
    """How many published items this quiz's takers see match a draw (topic, tag, muscle);
    flashcards are not drawn, so not counted."""
    query = (
        select(QuestionVersion.content, Question.muscle_slug)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(
            Question.status == QuestionStatus.PUBLISHED,
            visible_to_audience(quiz),
            # self-rated flashcards are never drawn into a graded quiz (services.quizzes.drawing)
            QuestionVersion.type != "flashcard",
        )
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
