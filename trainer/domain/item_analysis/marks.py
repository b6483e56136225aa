"""The input of item analysis: attempts with a mark per item, and which attempts count.

Plain values only. An :class:`Attempt` is one finished attempt at a quiz (Moodle's
``quiz_attempts`` row together with the latest step of each of its question attempts); its
``marks`` hold one :class:`ItemMark` per item (Moodle's slot), in quiz order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from trainer.domain.item_analysis.arithmetic import running_sum


class MarksError(ValueError):
    """Attempts that cannot be analysed together; ``problems`` says every reason."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class ItemMark:
    """One item in one attempt.

    ``mark``: the marks scored, or ``None`` when the item was not answered. Moodle computes
    ``fraction * maxmark`` in SQL, which is NULL for an unanswered question, and PHP then adds
    and subtracts that NULL as 0 (question/classes/statistics/questions/calculator.php,
    ``get_latest_steps`` and ``initial_steps_walker``), so an unanswered item counts as 0 marks.
    ``picked``: the choice ids the learner picked (empty: picked nothing), or ``None`` when the
    picks are unknown; only used for the per-choice counts.
    """

    mark: float | None
    max_mark: float
    picked: frozenset[str] | None = None

    @property
    def counted_mark(self) -> float:
        return 0.0 if self.mark is None else self.mark


@dataclass(frozen=True)
class Attempt:
    """One finished attempt: its id, the learner, the learner's attempt number, its marks."""

    id: str
    marks: Mapping[str, ItemMark]
    learner: str | None = None
    number: int | None = None
    total: float = field(init=False)

    def __post_init__(self) -> None:
        # Moodle's $summarks (questions/calculator.php, get_latest_steps) and quiza.sumgrades:
        # the sum of the item marks, added in slot order.
        total = running_sum(m.counted_mark for m in self.marks.values())
        object.__setattr__(self, "total", total)


class WhichAttempts(Enum):
    """Which attempts the statistics use, as Moodle's quiz statistics report offers them.

    mod/quiz/report/reportlib.php, ``quiz_report_grade_method_sql``: ALL (QUIZ_GRADEAVERAGE,
    every finished attempt), FIRST (QUIZ_ATTEMPTFIRST, each learner's lowest attempt number),
    LAST (QUIZ_ATTEMPTLAST, the highest attempt number), HIGHEST (QUIZ_GRADEHIGHEST, the
    attempt with the highest total, the earliest one on a tie).
    """

    ALL = "all"
    FIRST = "first"
    LAST = "last"
    HIGHEST = "highest"


def select_attempts(attempts: Iterable[Attempt], which: WhichAttempts) -> list[Attempt]:
    """The attempts that count under ``which``, in their given order.

    Every attempt needs a ``learner`` and a ``number`` unless ``which`` is ALL.
    """
    attempts = list(attempts)
    if which is WhichAttempts.ALL:
        return attempts
    missing = [a.id for a in attempts if a.learner is None or a.number is None]
    if missing:
        raise MarksError(
            [
                f"attempt {a!r} has no learner or attempt number, needed for {which.value} attempts"
                for a in missing
            ]
        )
    chosen: dict[str, Attempt] = {}
    for attempt in attempts:
        best = chosen.get(attempt.learner)
        if best is None or _better(attempt, best, which):
            chosen[attempt.learner] = attempt
    keep = {id(a) for a in chosen.values()}
    return [a for a in attempts if id(a) in keep]


def _better(attempt: Attempt, best: Attempt, which: WhichAttempts) -> bool:
    if which is WhichAttempts.FIRST:
        return attempt.number < best.number
    if which is WhichAttempts.LAST:
        return attempt.number > best.number
    # HIGHEST: no other attempt has a higher total, or the same total and a lower number.
    return attempt.total > best.total or (
        attempt.total == best.total and attempt.number < best.number
    )


def check_attempts(attempts: Sequence[Attempt]) -> list[str]:
    """The items, in quiz order, after checking that the attempts form a full mark matrix.

    Moodle's position statistics have one latest step per slot in every attempt, and one max
    mark per slot; anything else is refused with every problem named.
    """
    problems: list[str] = []
    items: dict[str, float] = {}
    for attempt in attempts:
        for item, item_mark in attempt.marks.items():
            items.setdefault(item, item_mark.max_mark)
    seen_ids: set[str] = set()
    for attempt in attempts:
        if attempt.id in seen_ids:
            problems.append(f"attempt {attempt.id!r} appears twice")
        seen_ids.add(attempt.id)
        for item, max_mark in items.items():
            item_mark = attempt.marks.get(item)
            if item_mark is None:
                problems.append(f"attempt {attempt.id!r} has no mark for item {item!r}")
                continue
            problems.extend(_mark_problems(attempt.id, item, item_mark, max_mark))
    if problems:
        raise MarksError(problems)
    return list(items)


def _mark_problems(attempt: str, item: str, item_mark: ItemMark, max_mark: float) -> list[str]:
    where = f"attempt {attempt!r}, item {item!r}"
    if not math.isfinite(item_mark.max_mark) or item_mark.max_mark < 0:
        return [f"{where}: max mark {item_mark.max_mark!r} is not a finite number >= 0"]
    if item_mark.max_mark != max_mark:
        return [f"{where}: max mark {item_mark.max_mark:g} differs from {max_mark:g} elsewhere"]
    mark = item_mark.mark
    if mark is not None and (not math.isfinite(mark) or abs(mark) > max_mark):
        return [f"{where}: mark {mark:g} is not a finite number within ±{max_mark:g}"]
    return []
