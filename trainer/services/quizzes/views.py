"""Attempt items as the quiz templates show them: question, options in the attempt's order,
the saved answer, and (when the review allows) marks, keys, explanations and references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from trainer.domain import grading
from trainer.extensions import db
from trainer.models import AttemptItem, BankReference, Muscle
from trainer.services.learning.study import version_content, version_rich
from trainer.services.quizzes.attempts import NO_SHUFFLE
from trainer.services.quizzes.finishing import grade_response
from trainer.services.quizzes.history import ReviewPolicy


@dataclass(frozen=True)
class Option:
    index: int  # original index in the item's choices
    text: str
    chosen: bool = False
    correct: bool | None = None  # None: the key is not shown
    note: str | None = None  # the choice's feedback, when keys are shown


@dataclass
class ItemView:
    item: AttemptItem
    type_key: str
    prompt: str
    rich_prompt: str | None
    options: list[Option] = field(default_factory=list)
    lefts: list[tuple[int, str, str | None]] = field(default_factory=list)  # index, left, given
    right_options: list[str] = field(default_factory=list)
    shaded_regions: list[str] = field(default_factory=list)
    selected_regions: list[str] = field(default_factory=list)
    answer: Any = None  # true_false: True/False/None; flashcard: the rating
    flashcard_back: str | None = None
    # feedback (results, or an item checked with immediate feedback)
    graded: bool = False
    fraction: float | None = None
    key_text: str | None = None  # true_false / flashcard answer, matching keys per left
    matching_keys: dict[int, str] = field(default_factory=dict)
    region_classes: dict[str, str] = field(default_factory=dict)
    explanation: str | None = None
    rich_explanation: str | None = None
    citations: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.item.response is not None


def _order(content: dict[str, Any], item: AttemptItem) -> grading.Presentation:
    if item.seed == NO_SHUFFLE:
        key = grading.type_key(content)
        if key == "matching":
            options = grading.grader_for(content).options(content)
            return grading.Presentation((), tuple(options))
        return grading.Presentation(tuple(range(len(content.get("choices", [])))))
    return grading.present(content, item.seed)


def _muscle_names(slugs: set[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(
        db.session.execute(select(Muscle.slug, Muscle.name).where(Muscle.slug.in_(slugs))).all()
    )


def item_view(item: AttemptItem, policy: ReviewPolicy | None = None) -> ItemView:
    """The item as asked; with a ``policy`` (and a graded item) also its feedback."""
    content = version_content(item.question_version_id)
    rich = version_rich(item.question_version_id)
    key = grading.type_key(content)
    response = item.response or {}
    view = ItemView(item, key, content["prompt"], rich.get("prompt") or None)
    order = _order(content, item)
    if key in ("single_choice", "multiple_response", "body_map:identify_muscle"):
        names = _muscle_names({c["muscle"] for c in content["choices"] if "muscle" in c})
        picked = response.get("choices", [response.get("choice")])
        chosen = {str(v) for v in picked if v is not None}
        for i in order.choice_order:
            choice = content["choices"][i]
            label = choice.get("text") or names.get(choice.get("muscle"), choice.get("muscle"))
            view.options.append(Option(i, label, chosen=str(i) in chosen))
        if key == "body_map:identify_muscle":
            view.shaded_regions = list(content["regions"])
    elif key == "matching":
        given = response.get("pairs", {})
        view.lefts = [
            (i, pair["left"], given.get(str(i), given.get(i)))
            for i, pair in enumerate(content["pairs"])
        ]
        view.right_options = list(order.right_options)
    elif key == "body_map:select_regions":
        view.selected_regions = [str(r) for r in response.get("regions", [])]
    elif key == "true_false":
        value = response.get("answer")
        view.answer = None if value is None else value in (True, "true")
    elif key == "flashcard":
        view.answer = response.get("rating")
    if policy is not None and item.graded_at is not None:
        _add_feedback(view, content, rich, policy)
    return view


def _add_feedback(view: ItemView, content, rich, policy: ReviewPolicy) -> None:
    item = view.item
    view.graded = True
    view.fraction = item.fraction if policy.marks else None
    if policy.keys:
        detail = None
        if item.response is not None:
            detail = grade_response(content, item.response).detail
        if view.options:
            correct = {i for i, c in enumerate(content["choices"]) if c.get("correct")}
            view.options = [
                Option(
                    o.index,
                    o.text,
                    o.chosen,
                    o.index in correct,
                    content["choices"][o.index].get("feedback")
                    if (o.chosen or o.index in correct)
                    else None,
                )
                for o in view.options
            ]
        if view.type_key == "matching":
            view.matching_keys = {i: p["right"] for i, p in enumerate(content["pairs"])}
        if view.type_key == "true_false":
            view.key_text = "True" if content["answer"] else "False"
        if view.type_key == "flashcard":
            view.key_text = content["answer"]
        if view.type_key == "body_map:select_regions":
            expected = set(content["regions"])
            chosen = set(detail.selected) if isinstance(detail, grading.RegionDetail) else set()
            view.region_classes = (
                {r: "is-correct" for r in expected & chosen}
                | {r: "is-missed" for r in expected - chosen}
                | {r: "is-wrong" for r in chosen - expected}
            )
    if policy.explanations:
        view.explanation = content.get("explanation")
        view.rich_explanation = rich.get("explanation") or None
    if policy.references:
        refs = content.get("references", [])
        stored = {
            r.key: r.content
            for r in db.session.execute(
                select(BankReference).where(BankReference.key.in_([r["key"] for r in refs]))
            ).scalars()
        }
        view.citations = [
            (
                stored.get(r["key"], {}).get("citation", r["key"]),
                r.get("where"),
                stored.get(r["key"], {}).get("url"),
            )
            for r in refs
        ]
