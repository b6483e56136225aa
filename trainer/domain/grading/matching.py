"""Matching items: lefts in file order, right-hand options shuffled; partial credit."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import (
    Evaluation,
    Grader,
    InvalidResponse,
    MatchingDetail,
    MatchRow,
    Presentation,
    _describe,
    _field,
    _index,
    register,
)


@register
class MatchingGrader(Grader):
    """Score: the share of lefts matched to their right; Hard from 0.5."""

    key = "matching"
    partial_credit = True

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"pairs": {str(i): pair["right"] for i, pair in enumerate(content["pairs"])}}

    @staticmethod
    def options(content: Mapping[str, Any]) -> tuple[str, ...]:
        """The right-hand options in file order: distinct rights, then distractors."""
        rights = [p["right"] for p in content["pairs"]]
        return tuple(dict.fromkeys([*rights, *content.get("distractors", ())]))

    def present(self, content: Mapping[str, Any], rng: random.Random) -> Presentation:
        options = list(self.options(content))
        rng.shuffle(options)
        return Presentation(right_options=tuple(options))

    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        pairs = content["pairs"]
        options = frozenset(self.options(content))
        raw = _field(response, "pairs")
        if not isinstance(raw, Mapping):
            raise InvalidResponse(
                f"'pairs' must be an object of left number -> right option, not {_describe(raw)}"
            )
        given: dict[int, str | None] = {}
        for key, value in raw.items():
            left = _index(key, len(pairs), "left")
            if value is None or value == "":
                answer = None
            elif isinstance(value, str):
                if value not in options:
                    raise InvalidResponse(
                        f"{value!r} (for left {left}) is not one of this question's options"
                    )
                answer = value
            else:
                raise InvalidResponse(
                    f"the answer for left {left} must be an option's text, not {_describe(value)}"
                )
            if left in given and given[left] != answer:
                raise InvalidResponse(f"left {left} is answered twice, differently")
            given[left] = answer
        rows = tuple(
            MatchRow(left_index=i, left=p["left"], expected=p["right"], given=given.get(i))
            for i, p in enumerate(pairs)
        )
        right = sum(1 for r in rows if r.correct)
        return Evaluation(
            correct=right == len(rows),
            score=right / len(rows) if rows else 1.0,
            detail=MatchingDetail(rows=rows),
        )
