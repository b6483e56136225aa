"""Whole-quiz statistics, computed as Moodle computes them.

Follows mod/quiz/report/statistics/classes/calculator.php in moodle/moodle (``calculate``,
``attempt_counts_and_averages``, ``median``, ``sum_of_powers_of_difference_to_mean``) and the
NaN clean-up in mod/quiz/report/statistics/classes/calculated.php (``cache``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.domain.item_analysis.arithmetic import mean, running_sum


@dataclass(frozen=True)
class QuizStatistics:
    """Moodle's ``quiz_statistics\\calculated``: marks for mean, median, sd, standard error;
    percent for cic and error ratio; ``None`` where Moodle leaves the figure null."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def quiz_statistics(
    totals: Sequence[float], positions: int, sum_of_mark_variance: float
) -> QuizStatistics:
    """Statistics of the attempts' total marks.

    ``totals``: each counted attempt's total (Moodle's ``quiza.sumgrades``). ``positions``:
    the number of items (Moodle's ``$p``, the number of slots). ``sum_of_mark_variance``: the
    sum of the items' sample mark variances (:func:`.item_statistics.sum_of_mark_variance`).
    """
    s = len(totals)
    # attempt_counts_and_averages: COUNT(*) and AVG(sumgrades); nothing else when s is 0.
    if s == 0:
        return QuizStatistics(0, None, None, None, None, None, None, None, None)
    average = mean(totals)
    median = _median(totals)
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if s > 1:
        # sum_of_powers_of_difference_to_mean: SUM(POWER(sumgrades - mean, 2 | 3 | 4)).
        diffs = [t - average for t in totals]
        power2 = running_sum(d**2 for d in diffs)
        power3 = running_sum(d**3 for d in diffs)
        power4 = running_sum(d**4 for d in diffs)
        # calculate: standarddeviation = sqrt(power2 / (s - 1)), the sample SD.
        sd = math.sqrt(power2 / (s - 1))
        if s > 2:
            # calculate: the unbiased cumulants k2, k3, k4 (docs.moodle.org/dev/
            # Quiz_item_analysis_calculations_in_practise#Skewness_and_Kurtosis).
            m2, m3, m4 = power2 / s, power3 / s, power4 / s
            k2 = s * m2 / (s - 1)
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            if k2 != 0:
                skewness = k3 / k2**1.5
                if s > 3:
                    k4 = (
                        s
                        * s
                        * (((s + 1) * m4) - (3 * (s - 1) * m2 * m2))
                        / ((s - 1) * (s - 2) * (s - 3))
                    )
                    kurtosis = k4 / (k2 * k2)
                if positions > 1:
                    # calculate: cic = 100 p / (p - 1) * (1 - sum of item variances / k2), i.e.
                    # Cronbach's alpha in percent; error ratio = 100 sqrt(1 - cic / 100);
                    # standard error = error ratio * sd / 100, in marks.
                    cic = (100 * positions / (positions - 1)) * (1 - (sum_of_mark_variance / k2))
                    error_ratio = _nan_to_none(100 * _php_sqrt(1 - (cic / 100)))
                    standard_error = None if error_ratio is None else error_ratio * sd / 100
    return QuizStatistics(
        n=s,
        mean=average,
        median=median,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )


def _median(totals: Sequence[float]) -> float:
    """calculator.php ``median``: the middle total, or the mean of the two middle ones."""
    ordered = sorted(totals)
    s = len(ordered)
    # Even: LIMIT 2 OFFSET s/2 - 1; odd: LIMIT 1 OFFSET floor(s/2).
    start, count = (s // 2 - 1, 2) if s % 2 == 0 else (s // 2, 1)
    middle = ordered[start : start + count]
    return running_sum(middle) / len(middle)


def _php_sqrt(value: float) -> float:
    """PHP's sqrt: NAN for a negative argument, where Python's math.sqrt raises."""
    return math.sqrt(value) if value >= 0 else math.nan


def _nan_to_none(value: float) -> float | None:
    """calculated.php ``cache``: a NaN error ratio or standard error is stored as null."""
    return None if math.isnan(value) else value
