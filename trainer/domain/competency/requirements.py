"""The three kinds of requirement a competency is made of.

Thresholds are fractions (0.9 = 90 %). Each requirement has a ``key`` unique within its
competency, so results, "what is missing" and reminders can name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trainer.domain.competency.inputs import ItemId, QuizId

# Scores and means are floats computed from stored values; a hair below a threshold because of
# rounding (0.7999999999999999 for 80 %) must still count as reaching it.
TOLERANCE = 1e-9


def _fraction(value: float, name: str, problems: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        problems.append(f"{name} must be a fraction between 0 and 1, got {value!r}")


def _check(kind: str, key: str, problems: list[str], valid_for: timedelta | None) -> None:
    if not key:
        problems.append("key must not be empty")
    if valid_for is not None and valid_for <= timedelta(0):
        problems.append(f"valid_for must be positive, got {valid_for!r}")
    if problems:
        raise ValueError(f"Invalid {kind} requirement {key!r}: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class MasteryRequirement:
    """Mean predicted recall *now* over ``item_ids`` of at least ``min_mean_recall``, with at
    least ``min_studied`` of those items studied.

    Unstudied items count 0 in the mean. ``item_ids`` is the resolved selection (see
    :func:`~trainer.domain.competency.selection.select_items`); ``label`` describes it.
    Mastery has no validity period: it is measured afresh at every evaluation, and forgetting
    is what makes it lapse.
    """

    key: str
    label: str
    item_ids: frozenset[ItemId]
    min_mean_recall: float
    min_studied: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "item_ids", frozenset(self.item_ids))
        problems: list[str] = []
        _fraction(self.min_mean_recall, "min_mean_recall", problems)
        _fraction(self.min_studied, "min_studied", problems)
        _check("mastery", self.key, problems, None)


@dataclass(frozen=True, slots=True)
class ExamRequirement:
    """A passed attempt of quiz ``quiz_id`` with a score of at least ``min_score``.

    Every qualifying attempt certifies for ``valid_for`` from when it finished (``None``: the
    competency's validity). A later failed or lower attempt does not undo an earlier pass.
    """

    key: str
    label: str
    quiz_id: QuizId
    min_score: float
    valid_for: timedelta | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        _fraction(self.min_score, "min_score", problems)
        _check("exam", self.key, problems, self.valid_for)


@dataclass(frozen=True, slots=True)
class CredentialRequirement:
    """A signed-off credential of ``kind`` (with at least ``min_hours`` in all and
    ``min_in_person_hours`` of them in person, where set) that has not expired.

    A credential expires on its own ``expires_at`` if it has one, else ``valid_for`` after it
    was issued (``None``: the competency's validity; no validity at all: it never expires).
    """

    key: str
    label: str
    kind: str
    min_hours: float | None = None
    valid_for: timedelta | None = None
    min_in_person_hours: float | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        if not self.kind:
            problems.append("kind must not be empty")
        if self.min_hours is not None and not self.min_hours > 0:
            problems.append(f"min_hours must be positive, got {self.min_hours!r}")
        if self.min_in_person_hours is not None and not self.min_in_person_hours > 0:
            problems.append(
                f"min_in_person_hours must be positive, got {self.min_in_person_hours!r}"
            )
        if (
            self.min_in_person_hours is not None
            and self.min_hours is not None
            and self.min_in_person_hours > self.min_hours
        ):
            problems.append("min_in_person_hours cannot be more than min_hours")
        _check("credential", self.key, problems, self.valid_for)


Requirement = MasteryRequirement | ExamRequirement | CredentialRequirement
