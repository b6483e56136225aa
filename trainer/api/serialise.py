"""JSON shapes of the study API. A card never carries its answer before it is answered."""

from __future__ import annotations

from typing import Any

from trainer.services.learning.study import AnswerOutcome, Presented
from trainer.services.learning.study_view import card_view, format_interval


def card_json(presented: Presented) -> dict[str, Any]:
    view = card_view(presented)
    content = presented.content
    out: dict[str, Any] = {
        "token": presented.token,
        "card_id": presented.card_id,
        "item": presented.external_id,
        "topic": presented.topic_title,
        "kind": presented.kind,
        "type": view.type_key,
        "prompt": content["prompt"],
        "intervals": {str(int(r)): format_interval(i) for r, i in presented.intervals.items()},
    }
    if view.type_key == "flashcard":
        out["answer"] = content["answer"]  # the back: self-rated, shown on reveal
    if view.choices:
        out["choices"] = [{"index": c.index, "text": c.text} for c in view.choices]
    if view.lefts:
        out["lefts"] = [{"index": i, "text": text} for i, text in view.lefts]
        out["options"] = view.right_options
    if view.shaded_regions:
        out["shaded_regions"] = view.shaded_regions
    return out


def outcome_json(outcome: AnswerOutcome) -> dict[str, Any]:
    grade = outcome.grade
    return {
        "log_id": outcome.log_id,
        "card_id": outcome.card_id,
        "rating": int(outcome.rating),
        "proposed_rating": int(outcome.proposed_rating),
        "correct": None if grade is None or grade.self_rated else grade.correct,
        "score": None if grade is None or grade.self_rated else grade.score,
        "due": outcome.due.isoformat(),
        "intervals": {str(int(r)): format_interval(i) for r, i in outcome.intervals.items()},
        "leech": outcome.leech,
        "duplicate": outcome.duplicate,
    }
