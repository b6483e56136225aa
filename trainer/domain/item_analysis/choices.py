"""Per-choice counts: how often each choice (the key and every distractor) was picked.

Moodle's response analysis (question/classes/statistics/responses/analyser.php) counts, for each
possible response of a question, the attempts that gave it, and its report prints the frequency
as that count divided by the attempts at the question
(mod/quiz/report/statistics/statistics_question_table.php, ``col_frequency``). A
multiple-answer question is counted per choice, so the frequencies need not add up to 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.domain import grading
from trainer.domain.item_analysis.marks import MarksError


@dataclass(frozen=True)
class Choice:
    """One choice of an item: an id (as the picks name it), whether it is a key, a label."""

    id: str
    correct: bool
    label: str = ""


@dataclass(frozen=True)
class ChoiceCount:
    """``count``: attempts that picked this choice; ``frequency``: count / attempts (``None``
    when there are no attempts)."""

    id: str
    label: str
    correct: bool
    count: int
    frequency: float | None


@dataclass(frozen=True)
class ChoiceAnalysis:
    """The counts of one item. ``s``: attempts whose picks are known; ``no_response``: those
    that picked nothing (Moodle's "[No response]" row)."""

    s: int
    choices: tuple[ChoiceCount, ...]
    no_response: int

    @property
    def unpicked_distractors(self) -> tuple[ChoiceCount, ...]:
        """Wrong choices nobody picked, once there is at least one attempt."""
        if self.s == 0:
            return ()
        return tuple(c for c in self.choices if not c.correct and c.count == 0)


def choice_counts(
    item: str, choices: Sequence[Choice], picks: Sequence[frozenset[str] | None]
) -> ChoiceAnalysis:
    """Count the picks of ``item``; a ``None`` pick (unknown) is left out of every count."""
    known = [p for p in picks if p is not None]
    ids = {c.id for c in choices}
    unknown = sorted({choice for p in known for choice in p} - ids)
    if unknown:
        raise MarksError([f"item {item!r}: picked choice(s) {unknown} are not its choices"])
    s = len(known)
    counts = tuple(
        ChoiceCount(
            id=c.id,
            label=c.label,
            correct=c.correct,
            count=sum(1 for p in known if c.id in p),
            frequency=(sum(1 for p in known if c.id in p) / s) if s else None,
        )
        for c in choices
    )
    return ChoiceAnalysis(s=s, choices=counts, no_response=sum(1 for p in known if not p))


def choices_from_content(content: Mapping[str, Any]) -> tuple[Choice, ...]:
    """The choices of a bank item whose response is a pick among options.

    Choice items (``single_choice``, ``multiple_response``, ``body_map:identify_muscle``): ids
    are the original choice indices as strings ("0", "1", ...), as responses name them.
    ``true_false``: the ids "true" and "false". Other types have no choices here: ``()``.
    """
    try:
        key = grading.type_key(content)
    except TypeError:
        return ()
    if key == "true_false":
        answer = bool(content.get("answer"))
        return (Choice("true", answer, "True"), Choice("false", not answer, "False"))
    if key in {"single_choice", "multiple_response", "body_map:identify_muscle"}:
        return tuple(
            Choice(str(i), bool(c.get("correct")), str(c.get("text", "")))
            for i, c in enumerate(content.get("choices") or ())
        )
    return ()


def picked_choices(content: Mapping[str, Any], response: Any) -> frozenset[str] | None:
    """The choice ids (as :func:`choices_from_content` names them) a response picked.

    ``None`` response (not answered): nothing picked, ``frozenset()``. A response the grader
    refuses, or an item type without choices here: ``None`` (unknown, left out of the counts).
    The item's own grader reads the response, so it is parsed exactly as it was graded.
    """
    if response is None:
        return frozenset()
    try:
        detail = grading.grader_for(content).evaluate(content, response).detail
    except (grading.InvalidResponse, grading.UnknownItemType, KeyError, TypeError):
        return None
    if isinstance(detail, grading.TrueFalseDetail):
        return frozenset({"true" if detail.given else "false"})
    if isinstance(detail, grading.ChoiceDetail):
        return frozenset(str(i) for i in detail.chosen)
    return None
