"""Flashcards: self-rated, so the learner's own rating is the proposed rating."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trainer.domain.grading.base import (
    _INDEX_RE,
    Evaluation,
    Grader,
    GradeResult,
    InvalidResponse,
    _describe,
    _field,
    register,
)
from trainer.domain.scheduling import Rating


@register
class FlashcardGrader(Grader):
    """Self-rated: ``{"rating": 1..4}``; the learner's rating is proposed as given.

    ``correct`` is any rating but Again; score is 1 when correct, else 0.
    """

    key = "flashcard"

    def correct_response(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"rating": int(Rating.GOOD)}

    def evaluate(self, content: Mapping[str, Any], response: Any) -> Evaluation:
        correct = self._rating(response) != Rating.AGAIN
        return Evaluation(correct=correct, score=1.0 if correct else 0.0)

    def grade(
        self, content: Mapping[str, Any], response: Any, *, duration_ms: int, too_easy: bool
    ) -> GradeResult:
        found = self.evaluate(content, response)
        return GradeResult(
            type_key=self.key,
            correct=found.correct,
            score=found.score,
            proposed_rating=self._rating(response),
            self_rated=True,
        )

    @staticmethod
    def _rating(response: Any) -> Rating:
        value = _field(response, "rating")
        message = (
            f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {_describe(value)}"
        )
        if isinstance(value, str) and _INDEX_RE.fullmatch(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value not in range(1, 5):
            raise InvalidResponse(message)
        return Rating(value)
