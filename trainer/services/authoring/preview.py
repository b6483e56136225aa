"""The preview: an item shown as a learner sees it and graded by the study screen's registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from trainer.domain import grading
from trainer.extensions import db
from trainer.models import Muscle
from trainer.services.learning.study_view import response_from_form


@dataclass
class PreviewView:
    content: dict[str, Any]
    rich: dict[str, str]
    type_key: str
    choices: list[tuple[int, str]] = field(default_factory=list)  # (original index, label)
    lefts: list[tuple[int, str]] = field(default_factory=list)
    right_options: list[str] = field(default_factory=list)
    result: grading.GradeResult | None = None
    error: str | None = None
    region_classes: dict[str, str] = field(default_factory=dict)


def _muscle_names() -> dict[str, str]:
    return dict(db.session.execute(select(Muscle.slug, Muscle.name)).all())


def preview(content: dict[str, Any], rich: dict[str, str] | None, seed: int) -> PreviewView:
    key = grading.type_key(content)
    view = PreviewView(content=content, rich=rich or {}, type_key=key)
    shown = grading.present(content, seed)
    if key in ("single_choice", "multiple_response"):
        view.choices = [(i, content["choices"][i]["text"]) for i in shown.choice_order]
    elif key == "body_map:identify_muscle":
        names = _muscle_names()
        view.choices = [
            (i, names.get(content["choices"][i]["muscle"], content["choices"][i]["muscle"]))
            for i in shown.choice_order
        ]
    elif key == "matching":
        view.lefts = [(i, p["left"]) for i, p in enumerate(content["pairs"])]
        view.right_options = list(shown.right_options)
    return view


def check(view: PreviewView, form: MultiDict) -> PreviewView:
    """Grade the previewer's answer exactly as the study screen would."""
    response = response_from_form(view.type_key, form)
    if view.type_key == "flashcard":
        response = {"rating": form.get("rating") or "3"}
    try:
        view.result = grading.grade(view.content, response, duration_ms=0)
    except grading.InvalidResponse as error:
        view.error = str(error)
        return view
    detail = view.result.detail
    if isinstance(detail, grading.RegionDetail):
        view.region_classes = (
            {r: "is-correct" for r in detail.hit}
            | {r: "is-missed" for r in detail.missed}
            | {r: "is-wrong" for r in detail.wrong}
        )
    return view
