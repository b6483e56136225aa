"""True/false items: all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import (
    Evaluation,
    Grader,
    InvalidResponse,
    TrueFalseDetail,
    _describe,
    _field,
    register,
)


@register
class TrueFalseGrader(Grader):
    key = "true_false"

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"answer": content["answer"]}

    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        value = _field(response, "answer")
        if isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        if not isinstance(value, bool):
            raise InvalidResponse(f"answer must be true or false, not {_describe(value)}")
        expected = bool(content["answer"])
        correct = value == expected
        return Evaluation(
            correct=correct,
            score=1.0 if correct else 0.0,
            detail=TrueFalseDetail(expected=expected, given=value),
        )
