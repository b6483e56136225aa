"""How well do the schedulers predict recall? A time-split evaluation on a review log.

Method (see :func:`evaluate`):

1. Training uses only reviews before ``cutoff``: FSRS parameters are fitted on them (plainly,
   and shrunk toward the defaults by a weight validated on the latest training reviews; see
   :mod:`trainer.domain.scheduling.validated_fit`), and the constant model ("avg") predicts
   their recall rate.
2. Every review at or after ``cutoff`` is predicted from its card's earlier reviews (all of them,
   including pre-cutoff ones), with elapsed time counted in whole learner days.
3. A card's first review (nothing to predict from) and reviews on the same learner day as the
   card's previous review are not scored; the label is "recalled" (rating above Again). Both
   rules, and the day-level time, are those of open-spaced-repetition/srs-benchmark.
4. Metrics: log loss, RMSE(bins) exactly as srs-benchmark defines it, and AUC.

Models: FSRS-6 with default parameters, with plainly fitted parameters ("fsrs_fitted") and with
the fit shrunk toward the defaults ("fsrs_shrunk"), SM-2 (replayed over all earlier reviews; see
:mod:`trainer.domain.sm2`) and the constant training recall rate.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from trainer.domain.scheduling import (
    DEFAULT_PARAMETERS,
    Rating,
    as_utc,
    day_number,
    fit_validated,
    recall_predictions,
    training_item_count,
)
from trainer.domain.sm2 import Sm2State, sm2_predict_recall, sm2_review

__all__ = [
    "MODELS",
    "EvaluationReport",
    "ReviewLike",
    "auc",
    "evaluate",
    "evaluate_detailed",
    "log_loss",
    "rmse_bins",
]

#: Result keys, in report order.
MODELS = ("fsrs_default", "fsrs_fitted", "fsrs_shrunk", "sm2", "avg")


class ReviewLike(Protocol):
    """Anything with the fields of :class:`trainer.domain.review_history.ReviewRecord`."""

    @property
    def card_id(self) -> int: ...

    @property
    def rating(self) -> int: ...

    @property
    def review_time(self) -> datetime: ...


@dataclass(frozen=True)
class EvaluationReport:
    """Everything :func:`evaluate_detailed` measured.

    Attributes:
        cutoff: Start of the test period (UTC).
        day_start: Offset of the learner's day boundary from UTC midnight.
        metrics: Per model in :data:`MODELS`: ``{"log_loss", "rmse_bins", "auc"}``.
        n: Number of scored test reviews.
        n_train: Number of scoreable training reviews (what FSRS was fitted on and the constant
            model averaged).
        train_recall_rate: The constant model's prediction.
        fitted_parameters: The FSRS parameters fitted on the training reviews (the defaults if
            there were too few; then ``fitted_is_default`` is true).
        fitted_is_default: Whether fitting fell back to the defaults.
        shrunk_parameters: ``shrink_weight`` of the fitted parameters plus the rest of the
            defaults ("fsrs_shrunk").
        shrink_weight: The weight chosen on the latest training reviews (0 = the defaults).
    """

    cutoff: datetime
    day_start: timedelta
    metrics: dict[str, dict[str, float | None]]
    n: int
    n_train: int
    train_recall_rate: float
    fitted_parameters: tuple[float, ...]
    fitted_is_default: bool
    shrunk_parameters: tuple[float, ...]
    shrink_weight: float

    def as_dict(self) -> dict[str, object]:
        """``{model: {...} for model in MODELS} | {"n": N}``."""
        result: dict[str, object] = {model: dict(self.metrics[model]) for model in MODELS}
        result["n"] = self.n
        return result


def evaluate(
    reviews: Iterable[ReviewLike], cutoff: datetime, *, day_start: timedelta = timedelta(0)
) -> dict[str, object]:
    """Train on reviews before ``cutoff``, score predictions of the reviews from ``cutoff`` on.

    Args:
        reviews: The review log, in any order.
        cutoff: Start of the test period (timezone-aware).
        day_start: Where the learner's day begins, as an offset from UTC midnight (Anki's "next
            day starts at" in UTC). Elapsed days are counted across these boundaries.

    Returns:
        ``{"fsrs_default": m, "fsrs_fitted": m, "fsrs_shrunk": m, "sm2": m, "avg": m, "n": N}``
        (models in :data:`MODELS` order) where each ``m``
        is ``{"log_loss": float, "rmse_bins": float, "auc": float | None}`` (AUC is ``None``
        when the test reviews are all recalled or all forgotten) and ``N`` is the number of
        scored test reviews.

    Raises:
        ValueError: if no review before ``cutoff`` or none after it can be scored.
    """
    return evaluate_detailed(reviews, cutoff, day_start=day_start).as_dict()


@dataclass(frozen=True)
class _Scored:
    label: int
    elapsed_days: int
    review_count: int
    lapses: int
    predictions: dict[str, float]


def evaluate_detailed(
    reviews: Iterable[ReviewLike], cutoff: datetime, *, day_start: timedelta = timedelta(0)
) -> EvaluationReport:
    """Like :func:`evaluate`, returning an :class:`EvaluationReport` with the fitted parameters
    and training figures as well."""
    cutoff = as_utc(cutoff, "cutoff")
    histories = _histories(reviews)

    train_histories = [
        [event for event in events if event[0] < cutoff] for events in histories.values()
    ]
    train_histories = [events for events in train_histories if events]
    train_labels = [
        int(rating > Rating.AGAIN)
        for events in train_histories
        for (_, rating), delta in zip(events, _elapsed(events, day_start), strict=True)
        if delta is not None and delta > 0
    ]
    if not train_labels:
        raise ValueError(f"no scoreable review before the cutoff {cutoff.isoformat()}")
    train_recall_rate = sum(train_labels) / len(train_labels)
    fit = fit_validated(train_histories, day_start=day_start)
    fsrs_models = {
        "fsrs_default": DEFAULT_PARAMETERS,
        "fsrs_fitted": fit.fitted,
        "fsrs_shrunk": fit.parameters,
    }

    scored: list[_Scored] = []
    for events in histories.values():
        scored.extend(_score_card(events, cutoff, day_start, fsrs_models, train_recall_rate))
    if not scored:
        raise ValueError(f"no scoreable review at or after the cutoff {cutoff.isoformat()}")

    labels = [row.label for row in scored]
    elapsed = [row.elapsed_days for row in scored]
    counts = [row.review_count for row in scored]
    lapses = [row.lapses for row in scored]
    metrics: dict[str, dict[str, float | None]] = {}
    for model in MODELS:
        predicted = [row.predictions[model] for row in scored]
        metrics[model] = {
            "log_loss": log_loss(labels, predicted),
            "rmse_bins": rmse_bins(labels, predicted, elapsed, counts, lapses),
            "auc": auc(labels, predicted),
        }
    return EvaluationReport(
        cutoff=cutoff,
        day_start=day_start,
        metrics=metrics,
        n=len(scored),
        n_train=training_item_count(train_histories, day_start),
        train_recall_rate=train_recall_rate,
        fitted_parameters=fit.fitted,
        fitted_is_default=fit.fitted == DEFAULT_PARAMETERS,
        shrunk_parameters=fit.parameters,
        shrink_weight=fit.weight,
    )


def _histories(reviews: Iterable[ReviewLike]) -> dict[int, list[tuple[datetime, Rating]]]:
    histories: dict[int, list[tuple[datetime, Rating]]] = defaultdict(list)
    for record in reviews:
        histories[record.card_id].append(
            (as_utc(record.review_time, "review_time"), Rating(record.rating))
        )
    for events in histories.values():
        events.sort(key=lambda event: event[0])  # stable: equal times keep log order
    return dict(histories)


def _elapsed(events: Sequence[tuple[datetime, Rating]], day_start: timedelta) -> list[int | None]:
    # Learner days since the card's previous review; None for its first review.
    days = [day_number(moment, day_start) for moment, _ in events]
    return [None, *(later - earlier for earlier, later in zip(days, days[1:], strict=False))]


def _score_card(
    events: Sequence[tuple[datetime, Rating]],
    cutoff: datetime,
    day_start: timedelta,
    fsrs_models: dict[str, tuple[float, ...]],
    train_recall_rate: float,
) -> list[_Scored]:
    if not any(moment >= cutoff for moment, _ in events):
        return []
    deltas = _elapsed(events, day_start)
    fsrs_p = {
        model: recall_predictions(parameters, events, day_start=day_start)
        for model, parameters in fsrs_models.items()
    }

    scored: list[_Scored] = []
    sm2_state = Sm2State()
    long_term_reviews = 0  # reviews so far with elapsed days > 0 (srs-benchmark's `i` - 1)
    long_term_lapses = 0  # earlier Again answers with elapsed days > 0 (rmse_bins_lapse)
    for k, ((moment, rating), delta) in enumerate(zip(events, deltas, strict=True)):
        long_term = delta is not None and delta > 0
        if long_term:
            long_term_reviews += 1
        if long_term and moment >= cutoff:
            assert delta is not None
            predictions: dict[str, float] = {}
            for model, model_p in fsrs_p.items():
                p = model_p[k]
                assert p is not None
                predictions[model] = p
            predictions["sm2"] = sm2_predict_recall(sm2_state, delta)
            predictions["avg"] = train_recall_rate
            scored.append(
                _Scored(
                    label=int(rating > Rating.AGAIN),
                    elapsed_days=delta,
                    review_count=long_term_reviews + 1,
                    lapses=long_term_lapses,
                    predictions=predictions,
                )
            )
        if long_term and rating == Rating.AGAIN:
            long_term_lapses += 1
        sm2_state = sm2_review(sm2_state, rating)
    return scored


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------

# sklearn.metrics.log_loss clips to [eps, 1 - eps] with the float64 machine epsilon.
_EPS = sys.float_info.epsilon


def log_loss(labels: Sequence[int], probabilities: Sequence[float]) -> float:
    """Mean binary cross-entropy of predicted recall probabilities (natural log)."""
    _check_lengths(labels, probabilities)
    total = 0.0
    for label, p in zip(labels, probabilities, strict=True):
        p = min(max(p, _EPS), 1.0 - _EPS)
        total -= math.log(p) if label else math.log(1.0 - p)
    return total / len(labels)


# RMSE(bins) as defined by open-spaced-repetition/srs-benchmark, utils.py::rmse_matrix, with the
# features of features/base.py::_common_postprocessing:
#   delta_t = elapsed days since the card's previous review,
#   i       = 1 + number of the card's reviews so far (this one included) with elapsed days > 0,
#   lapse   = number of the card's earlier reviews rated Again with elapsed days > 0.
# Each is binned on a log scale; reviews are grouped by (delta_t, i, lapse) bin; the result is the
# root of the count-weighted mean squared difference between each group's mean label and mean
# prediction.


def _delta_t_bin(elapsed: float) -> float:
    exponent = math.floor(math.log(max(elapsed, 1e-6)) / math.log(3.62))
    return round(2.48 * 3.62**exponent, 2)


def _review_count_bin(count: int) -> float:
    return round(1.99 * 1.89 ** math.floor(math.log(count) / math.log(1.89)), 0)


def _lapse_bin(lapses: int) -> float:
    if lapses == 0:
        return 0.0
    return round(1.65 * 1.73 ** math.floor(math.log(lapses) / math.log(1.73)), 0)


def rmse_bins(
    labels: Sequence[int],
    probabilities: Sequence[float],
    elapsed_days: Sequence[float],
    review_counts: Sequence[int],
    lapses: Sequence[int],
) -> float:
    """RMSE(bins) of srs-benchmark: calibration error over (interval, review count, lapses) bins.

    Args:
        labels: 1 if recalled, else 0.
        probabilities: Predicted probability of recall.
        elapsed_days: Days since the card's previous review.
        review_counts: srs-benchmark's ``i``: 1 + the card's reviews so far (this one included)
            that came on a later day than the review before them.
        lapses: The card's earlier Again answers that came on a later day than the review
            before them.
    """
    _check_lengths(labels, probabilities, elapsed_days, review_counts, lapses)
    groups: dict[tuple[float, float, float], list[float]] = {}
    for label, p, elapsed, count, lapse in zip(
        labels, probabilities, elapsed_days, review_counts, lapses, strict=True
    ):
        key = (_delta_t_bin(elapsed), _review_count_bin(count), _lapse_bin(lapse))
        group = groups.setdefault(key, [0.0, 0.0, 0.0])
        group[0] += label
        group[1] += p
        group[2] += 1
    weighted = sum(n * (sum_y / n - sum_p / n) ** 2 for sum_y, sum_p, n in groups.values())
    return math.sqrt(weighted / len(labels))


def auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the ROC curve via the Mann-Whitney U statistic, ties counted as one half.

    Returns ``None`` when all labels are equal (AUC is undefined; sklearn raises there and
    srs-benchmark records ``None``).
    """
    _check_lengths(labels, scores)
    positives = sum(1 for label in labels if label)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=lambda index: scores[index])
    ranks = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        mid_rank = (start + end) / 2 + 1  # tied scores share their average 1-based rank
        for position in range(start, end + 1):
            ranks[order[position]] = mid_rank
        start = end + 1
    positive_rank_sum = sum(rank for rank, label in zip(ranks, labels, strict=True) if label)
    u_statistic = positive_rank_sum - positives * (positives + 1) / 2
    return u_statistic / (positives * negatives)


def _check_lengths(first: Sequence[object], *others: Sequence[object]) -> None:
    if not first:
        raise ValueError("no predictions to score")
    for other in others:
        if len(other) != len(first):
            raise ValueError(f"length mismatch: {len(first)} labels, {len(other)} values")
