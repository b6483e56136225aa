"""Choice items: single_choice, body_map identify_muscle and multiple_response.

Choices are shuffled for display and graded by their original index.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from trainer.domain.grading.base import (
    ChoiceDetail,
    Evaluation,
    Grader,
    Presentation,
    _field,
    _index,
    _list,
    _net_score,
    register,
)


def _choice_feedback(
    choices: Sequence[Mapping[str, Any]], chosen: frozenset[int]
) -> tuple[tuple[int, str], ...]:
    return tuple((i, choices[i]["feedback"]) for i in sorted(chosen) if choices[i].get("feedback"))


def _correct_choices(choices: Sequence[Mapping[str, Any]]) -> frozenset[int]:
    return frozenset(i for i, c in enumerate(choices) if c.get("correct"))


class _ChoiceGrader(Grader):
    """Items with ``choices``: shuffled for display, graded by original index."""

    def present(self, content: Mapping[str, Any], rng: random.Random) -> Presentation:
        order = list(range(len(content["choices"])))
        rng.shuffle(order)
        return Presentation(choice_order=tuple(order))

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"choice": min(_correct_choices(content["choices"]))}

    def _chosen(self, content: Mapping[str, Any], response: Any) -> frozenset[int]:
        count = len(content["choices"])
        return frozenset({_index(_field(response, "choice"), count, "choice")})

    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        choices = content["choices"]
        chosen = self._chosen(content, response)
        correct = _correct_choices(choices)
        detail = ChoiceDetail(
            correct=correct, chosen=chosen, feedback=_choice_feedback(choices, chosen)
        )
        return Evaluation(correct=chosen == correct, score=self._score(detail), detail=detail)

    def _score(self, detail: ChoiceDetail) -> float:
        return 1.0 if detail.chosen == detail.correct else 0.0


@register
class SingleChoiceGrader(_ChoiceGrader):
    key = "single_choice"


@register
class IdentifyMuscleGrader(_ChoiceGrader):
    """body_map identify_muscle: choices are ``{muscle, correct?, feedback?}``."""

    key = "body_map:identify_muscle"


@register
class MultipleResponseGrader(_ChoiceGrader):
    """Score ``max(0, (right picks - wrong picks) / number correct)``; Hard from 0.5."""

    key = "multiple_response"
    partial_credit = True

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"choices": sorted(_correct_choices(content["choices"]))}

    def _chosen(self, content: Mapping[str, Any], response: Any) -> frozenset[int]:
        count = len(content["choices"])
        values = _list(_field(response, "choices"), "choices")
        return frozenset(_index(v, count, "choice") for v in values)

    def _score(self, detail: ChoiceDetail) -> float:
        return _net_score(len(detail.hits), len(detail.wrong), len(detail.correct))
