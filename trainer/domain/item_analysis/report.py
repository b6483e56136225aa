"""Item analysis of a quiz from its attempts: every figure in the units Moodle's report uses.

:func:`analyse` is the one entry point the app and ``flask --app trainer quiz analyse`` share;
:func:`analysis_to_dict` gives the JSON shape both print.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trainer.domain.item_analysis.arithmetic import running_sum
from trainer.domain.item_analysis.choices import Choice, ChoiceAnalysis, choice_counts
from trainer.domain.item_analysis.flags import Flag, item_flags
from trainer.domain.item_analysis.item_statistics import (
    ItemStatistics,
    item_statistics,
    sum_of_mark_variance,
)
from trainer.domain.item_analysis.marks import (
    Attempt,
    WhichAttempts,
    check_attempts,
    select_attempts,
)
from trainer.domain.item_analysis.quiz_statistics import QuizStatistics, quiz_statistics


@dataclass(frozen=True)
class ItemInfo:
    """What the marks alone cannot tell: the random guess score (see :mod:`.random_guess`)
    and the item's choices, for the per-choice counts."""

    random_guess_score: float | None = None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class ItemReport:
    """One item in the report's units.

    ``facility`` and ``sd``: fractions of the max mark (statistics_table.php ``col_facility``,
    ``col_sd``: sd / maxmark). ``random_guess_score``: a fraction. ``intended_weight``,
    ``effective_weight``, ``discrimination_index``, ``discriminative_efficiency``: percent.
    ``statistics``: Moodle's raw figures (marks, variances, covariances).
    """

    item: str
    s: int
    max_mark: float
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    negative_covariance: bool
    choices: ChoiceAnalysis | None
    flags: tuple[Flag, ...]
    statistics: ItemStatistics = field(repr=False)


@dataclass(frozen=True)
class Analysis:
    which: WhichAttempts
    items: tuple[ItemReport, ...]
    quiz: QuizStatistics


def analyse(
    attempts: Iterable[Attempt],
    *,
    which: WhichAttempts = WhichAttempts.ALL,
    info: Mapping[str, ItemInfo] | None = None,
) -> Analysis:
    """Moodle's quiz statistics of ``attempts`` (finished attempts, a full mark matrix).

    ``which``: the attempts that count (Moodle's "all attempts" by default). ``info``: per item,
    the random guess score and choices where known. Raises :class:`.MarksError` naming every
    problem when the attempts do not form a full matrix with one max mark per item.
    """
    attempts = list(attempts)
    items = check_attempts(attempts)
    counted = select_attempts(attempts, which)
    info = info or {}
    stats = item_statistics(counted, items)
    max_total = running_sum(s.max_mark for s in stats)
    reports = tuple(_item_report(s, counted, info.get(s.item), max_total) for s in stats)
    quiz = quiz_statistics([a.total for a in counted], len(items), sum_of_mark_variance(stats))
    return Analysis(which=which, items=reports, quiz=quiz)


def _item_report(
    stats: ItemStatistics, attempts: list[Attempt], info: ItemInfo | None, max_total: float
) -> ItemReport:
    choices = None
    if info is not None and info.choices:
        picks = [a.marks[stats.item].picked for a in attempts]
        choices = choice_counts(stats.item, info.choices, picks)
    return ItemReport(
        item=stats.item,
        s=stats.s,
        max_mark=stats.max_mark,
        facility=stats.facility,
        # statistics_table.php col_sd: sd / maxmark, blank when sd is null or maxmark is 0.
        sd=stats.sd / stats.max_mark if stats.sd is not None and stats.max_mark else None,
        random_guess_score=info.random_guess_score if info else None,
        # statistics_table.php col_intended_weight -> reportlib.php
        # quiz_report_scale_summarks_as_percentage: 100 * maxmark / quiz sumgrades (the sum of
        # the max marks), blank when that sum is 0.
        intended_weight=100 * stats.max_mark / max_total if max_total else None,
        effective_weight=stats.effective_weight,
        discrimination_index=stats.discrimination_index,
        discriminative_efficiency=stats.discriminative_efficiency,
        negative_covariance=stats.negative_covariance,
        choices=choices,
        flags=item_flags(stats, choices),
        statistics=stats,
    )


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """The JSON shape ``quiz analyse --json`` and ``quiz stats --json`` print."""
    return {
        "attempts": analysis.which.value,
        "items": {r.item: _item_dict(r) for r in analysis.items},
        "quiz": {
            "n": analysis.quiz.n,
            "mean": analysis.quiz.mean,
            "median": analysis.quiz.median,
            "sd": analysis.quiz.sd,
            "skewness": analysis.quiz.skewness,
            "kurtosis": analysis.quiz.kurtosis,
            "cic": analysis.quiz.cic,
            "error_ratio": analysis.quiz.error_ratio,
            "standard_error": analysis.quiz.standard_error,
        },
    }


def _item_dict(report: ItemReport) -> dict[str, Any]:
    result: dict[str, Any] = {
        "attempts": report.s,
        "max_mark": report.max_mark,
        "facility": report.facility,
        "sd": report.sd,
        "random_guess_score": report.random_guess_score,
        "intended_weight": report.intended_weight,
        "effective_weight": report.effective_weight,
        "discrimination_index": report.discrimination_index,
        "discriminative_efficiency": report.discriminative_efficiency,
        "negative_covariance": report.negative_covariance,
        "flags": [{"flag": f.code, "reason": f.reason} for f in report.flags],
    }
    if report.choices is not None:
        result["choices"] = {
            c.id: {
                "label": c.label,
                "correct": c.correct,
                "count": c.count,
                "frequency": c.frequency,
            }
            for c in report.choices.choices
        }
        result["no_response"] = report.choices.no_response
    return result
