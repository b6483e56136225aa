"""Per-item ("position") statistics, computed as Moodle computes them.

Follows question/classes/statistics/questions/calculator.php in moodle/moodle: the four walks
``initial_steps_walker``, ``initial_question_walker``, ``secondary_steps_walker`` and
``secondary_question_walker``, then the effective weights at the end of ``calculate``. Each
figure below names the function it follows. Moodle's raw values are kept (marks, not fractions)
except where a field says otherwise; :mod:`.report` turns them into the report's units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from trainer.domain.item_analysis.arithmetic import mean, running_sum, sum_of_products
from trainer.domain.item_analysis.marks import Attempt


@dataclass(frozen=True)
class ItemStatistics:
    """Moodle's ``core_question\\statistics\\questions\\calculated`` for one slot.

    ``s``: attempts at the item. ``max_mark``: its max mark. ``mark_average``: mean mark.
    ``facility``: mean mark / max mark (``None`` when the max mark is 0). ``sd``: standard
    deviation of the marks, in marks (``None`` below 2 attempts). ``mark_variance``,
    ``other_mark_variance``, ``covariance``, ``covariance_max`` and
    ``covariance_with_overall_mark``: sample (n - 1) figures of the mark and the rest-of-test
    mark (``None`` below 2 attempts). ``negative_covariance``: Moodle's ``negcovar``.
    ``discrimination_index`` and ``discriminative_efficiency``: in percent, ``None`` where
    Moodle leaves them null. ``effective_weight``: in percent, ``None`` where Moodle leaves it
    null.
    """

    item: str
    s: int
    max_mark: float
    mark_average: float
    facility: float | None
    sd: float | None
    mark_variance: float | None
    other_mark_variance: float | None
    covariance: float | None
    covariance_max: float | None
    covariance_with_overall_mark: float | None
    negative_covariance: bool
    discrimination_index: float | None
    discriminative_efficiency: float | None
    effective_weight: float | None = None


def item_statistics(attempts: Sequence[Attempt], items: Sequence[str]) -> list[ItemStatistics]:
    """The statistics of each item in ``items`` over ``attempts`` (a full mark matrix).

    The rest-of-test mark of an attempt is its total minus this item's mark, as Moodle's slot
    statistics use it (``initial_steps_walker`` with ``$positionstat`` true).
    """
    computed = [_one_item(attempts, item) for item in items]
    return _with_effective_weights(computed)


def sum_of_mark_variance(stats: Sequence[ItemStatistics]) -> float:
    """questions/calculator.php ``calculate``: ``$this->sumofmarkvariance += markvariance``.

    PHP adds a null variance (fewer than 2 attempts) as 0. Used by the quiz's CIC.
    """
    return running_sum(s.mark_variance or 0.0 for s in stats)


def _one_item(attempts: Sequence[Attempt], item: str) -> ItemStatistics:
    marks = [a.marks[item].counted_mark for a in attempts]
    others = [a.total - m for a, m in zip(attempts, marks, strict=True)]
    totals = [a.total for a in attempts]
    s = len(marks)
    max_mark = attempts[0].marks[item].max_mark if attempts else 0.0

    # initial_question_walker: markaverage = totalmarks / s (0 when s is 0), facility =
    # markaverage / maxmark, null when maxmark is 0.
    mark_average = mean(marks)
    other_average = mean(others)
    total_average = mean(totals)
    facility = mark_average / max_mark if max_mark != 0 else None

    # secondary_steps_walker: sums of squared differences and of products. covariancemax pairs
    # the k-th smallest mark with the k-th smallest rest-of-test mark (both arrays sorted in
    # initial_question_walker and shifted one by one), the largest covariance these marks
    # could have.
    mark_diffs = [m - mark_average for m in marks]
    other_diffs = [o - other_average for o in others]
    total_diffs = [t - total_average for t in totals]
    sorted_mark_diffs = [m - mark_average for m in sorted(marks)]
    sorted_other_diffs = [o - other_average for o in sorted(others)]
    mark_variance_sum = running_sum(d * d for d in mark_diffs)
    other_variance_sum = running_sum(d * d for d in other_diffs)
    covariance_sum = sum_of_products(mark_diffs, other_diffs)
    covariance_max_sum = sum_of_products(sorted_mark_diffs, sorted_other_diffs)
    # Moodle's summarksaverage stays 0 (totalsummarks is never added to), so it sums
    # markdifference * summarks; that equals this sum because the mark differences sum to 0.
    overall_sum = sum_of_products(mark_diffs, total_diffs)

    # secondary_question_walker: sample figures (divide by s - 1) when s > 1, else null.
    if s > 1:
        mark_variance = mark_variance_sum / (s - 1)
        other_mark_variance = other_variance_sum / (s - 1)
        covariance = covariance_sum / (s - 1)
        covariance_max = covariance_max_sum / (s - 1)
        covariance_with_overall = overall_sum / (s - 1)
        sd = math.sqrt(mark_variance)
        negative_covariance = covariance_with_overall < 0
    else:
        mark_variance = other_mark_variance = covariance = covariance_max = None
        covariance_with_overall = sd = None
        negative_covariance = False

    # secondary_question_walker: discriminationindex = 100 * covariance /
    # sqrt(markvariance * othermarkvariance) when that product is truthy (PHP: non-zero and not
    # null), else null; so an item, or a rest of test, with zero variance has none.
    product = (mark_variance or 0.0) * (other_mark_variance or 0.0)
    discrimination_index = 100 * covariance / math.sqrt(product) if product else None
    # discriminativeefficiency = 100 * covariance / covariancemax when covariancemax is truthy.
    discriminative_efficiency = 100 * covariance / covariance_max if covariance_max else None

    return ItemStatistics(
        item=item,
        s=s,
        max_mark=max_mark,
        mark_average=mark_average,
        facility=facility,
        sd=sd,
        mark_variance=mark_variance,
        other_mark_variance=other_mark_variance,
        covariance=covariance,
        covariance_max=covariance_max,
        covariance_with_overall_mark=covariance_with_overall,
        negative_covariance=negative_covariance,
        discrimination_index=discrimination_index,
        discriminative_efficiency=discriminative_efficiency,
    )


def _with_effective_weights(stats: list[ItemStatistics]) -> list[ItemStatistics]:
    """questions/calculator.php ``calculate``, last loop over the slots.

    effectiveweight = 100 * sqrt(covariancewithoverallmark) / the sum of that square root over
    the slots whose covariance with the overall mark is >= 0 (a null covariance is skipped);
    null for a slot with negative covariance (negcovar) and for every slot when the sum is 0.
    """
    total = running_sum(
        math.sqrt(s.covariance_with_overall_mark)
        for s in stats
        if s.covariance_with_overall_mark is not None and s.covariance_with_overall_mark >= 0
    )
    weighted = []
    for s in stats:
        weight = None
        if total and not s.negative_covariance and s.covariance_with_overall_mark is not None:
            weight = 100 * math.sqrt(s.covariance_with_overall_mark) / total
        weighted.append(replace(s, effective_weight=weight))
    return weighted
