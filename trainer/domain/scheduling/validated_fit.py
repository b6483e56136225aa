"""Fit FSRS parameters and decide, out of sample, how far to trust the fit.

A plain fit (:func:`fit_parameters`) can overfit a short history: on the sample log in the README
it predicts later reviews worse than the defaults when trained on ~800 reviews. This module
shrinks the fit toward the defaults by a weight chosen on the learner's own most recent
reviews, never on the reviews that are then predicted:

1. The training reviews (not a card's first review, not on the same learner day as its
   previous one) are sorted by time. Validation folds start at 60%, 70%, 80% and 90% of them
   (:data:`VALIDATION_ORIGINS`); each fold runs to the next fold's start, the last to the end.
2. For each fold, parameters are fitted only on reviews strictly before the fold's start, and
   every blend ``weight * fitted + (1 - weight) * defaults`` (:data:`BLEND_WEIGHTS`) predicts the
   fold's reviews from their cards' earlier reviews. A fold never sees a later fold.
3. The weight with the lowest log loss over all validation reviews wins; ties go to the smaller
   weight (closer to the defaults), so a fit that never helps leaves the defaults (weight 0).
4. Parameters are then fitted on all the reviews and blended with that weight.

Weight 0 means "keep the defaults", weight 1 means "the plain fit". No library is imported
here; fitting and scoring go through :mod:`.fsrs_adapter`.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.domain.scheduling.cards import ReviewEvent, as_utc
from trainer.domain.scheduling.days import day_number
from trainer.domain.scheduling.fsrs_adapter import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS_FOR_OPTIMISATION,
    fit_parameters,
    log_loss_for,
)

__all__ = [
    "BLEND_WEIGHTS",
    "MIN_REVIEWS_FOR_VALIDATED_FIT",
    "VALIDATION_ORIGINS",
    "ValidatedFit",
    "blend_parameters",
    "fit_validated",
    "histories_before",
    "training_review_times",
    "validation_windows",
]

#: Candidate weights of the fitted parameters (the rest is the defaults), in tie-break order.
BLEND_WEIGHTS: tuple[float, ...] = tuple(step / 10 for step in range(11))

#: Where validation folds start, as fractions of the training reviews in time order.
VALIDATION_ORIGINS: tuple[float, ...] = (0.6, 0.7, 0.8, 0.9)

#: Fewest training reviews for which at least the last fold has enough reviews before it to fit
#: (each fold's fit needs MIN_REVIEWS_FOR_OPTIMISATION): below this nothing can be validated.
MIN_REVIEWS_FOR_VALIDATED_FIT = math.ceil(MIN_REVIEWS_FOR_OPTIMISATION / max(VALIDATION_ORIGINS))


@dataclass(frozen=True)
class ValidatedFit:
    """The outcome of :func:`fit_validated`.

    Attributes:
        parameters: What to use: ``weight`` of ``fitted`` plus ``1 - weight`` of the defaults.
        fitted: The plain fit on all the reviews (the defaults if there were too few).
        weight: The chosen blend weight; 0 keeps the defaults.
        validation_log_loss: Per weight in :data:`BLEND_WEIGHTS`, the log loss over all
            validation reviews (empty when nothing was fitted).
        validation_reviews: How many reviews the validation scored.
    """

    parameters: tuple[float, ...]
    fitted: tuple[float, ...]
    weight: float
    validation_log_loss: dict[float, float]
    validation_reviews: int

    @property
    def default_log_loss(self) -> float | None:
        """Validation log loss of the defaults (``None`` when nothing was validated)."""
        return self.validation_log_loss.get(0.0)

    @property
    def best_fitted_log_loss(self) -> float | None:
        """Lowest validation log loss of any weight above 0 (the best the fit could offer)."""
        fitted = [loss for weight, loss in self.validation_log_loss.items() if weight > 0]
        return min(fitted) if fitted else None


def training_review_times(
    histories: Sequence[Sequence[ReviewEvent]], day_start: timedelta = timedelta(0)
) -> list[datetime]:
    """Sorted times of the reviews FSRS trains and is scored on: not a card's first review and
    on a later learner day than the card's previous review."""
    times: list[datetime] = []
    for history in histories:
        moments = sorted(as_utc(moment, "review time") for moment, _ in history)
        days = [day_number(moment, day_start) for moment in moments]
        times.extend(
            moment
            for moment, day, previous in zip(moments[1:], days[1:], days[:-1], strict=True)
            if day > previous
        )
    times.sort()
    return times


def validation_windows(
    times: Sequence[datetime], origins: Sequence[float] = VALIDATION_ORIGINS
) -> list[tuple[datetime, datetime | None]]:
    """``(start, end)`` of each validation fold over sorted review ``times``: a fold starts at
    the review ``origin`` of the way through and ends where the next one starts (``None``: no
    end). Folds that would start together are merged."""
    if any(not 0.0 <= origin < 1.0 for origin in origins):
        raise ValueError(f"origins must be in [0, 1), got {list(origins)}")
    if not times or not origins:
        return []
    starts = sorted({times[int(len(times) * origin)] for origin in origins})
    ends: list[datetime | None] = [*starts[1:], None]
    return list(zip(starts, ends, strict=True))


def histories_before(
    histories: Sequence[Sequence[ReviewEvent]], moment: datetime | None
) -> list[list[ReviewEvent]]:
    """Each history cut to its reviews strictly before ``moment`` (all of them for ``None``);
    cards left without reviews are dropped."""
    if moment is None:
        return [list(history) for history in histories if history]
    moment = as_utc(moment, "moment")
    cut = (
        [event for event in history if as_utc(event[0], "review time") < moment]
        for history in histories
    )
    return [history for history in cut if history]


def blend_parameters(
    fitted: Sequence[float], base: Sequence[float], weight: float
) -> tuple[float, ...]:
    """``weight * fitted + (1 - weight) * base``, per parameter.

    Each value is kept between its two inputs (rounding could otherwise step a hair past a
    bound both inputs sit on), so a blend of valid parameters is valid.
    """
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight}")
    if len(fitted) != len(base):
        raise ValueError(f"length mismatch: {len(fitted)} fitted, {len(base)} base parameters")
    return tuple(
        min(max(weight * f + (1.0 - weight) * b, min(f, b)), max(f, b))
        for f, b in zip(fitted, base, strict=True)
    )


def fit_validated(
    histories: Sequence[Sequence[ReviewEvent]],
    *,
    day_start: timedelta = timedelta(0),
    min_reviews: int = MIN_REVIEWS_FOR_OPTIMISATION,
    num_relearning_steps: int | None = None,
    weights: Sequence[float] = BLEND_WEIGHTS,
    origins: Sequence[float] = VALIDATION_ORIGINS,
) -> ValidatedFit:
    """Fit FSRS parameters on ``histories`` and blend them toward the defaults by the weight
    that best predicts the most recent reviews out of sample (see the module docstring).

    Below ``min_reviews`` training reviews nothing is fitted: the defaults come back with
    weight 0 and no validation figures. A fold with fewer than ``min_reviews`` reviews before it
    cannot be fitted and is left out; if no fold is left (fewer than
    :data:`MIN_REVIEWS_FOR_VALIDATED_FIT` reviews), the weight is 0 and the figures are empty.
    """
    if 0.0 not in weights:
        raise ValueError("weights must include 0 (the defaults)")
    times = training_review_times(histories, day_start)
    if len(times) < min_reviews:
        return ValidatedFit(DEFAULT_PARAMETERS, DEFAULT_PARAMETERS, 0.0, {}, 0)

    def fit(training: Sequence[Sequence[ReviewEvent]]) -> tuple[float, ...]:
        return fit_parameters(
            training,
            day_start=day_start,
            min_reviews=min_reviews,
            num_relearning_steps=num_relearning_steps,
        )

    totals = dict.fromkeys(weights, 0.0)
    scored = 0
    for start, end in validation_windows(times, origins):
        before = bisect_left(times, start)
        count = (len(times) if end is None else bisect_left(times, end)) - before
        if count == 0 or before < min_reviews:
            continue  # nothing to score, or too little before it to fit: the fold says nothing
        early_fit = fit(histories_before(histories, start))
        window = histories_before(histories, end)
        for weight in weights:
            blended = blend_parameters(early_fit, DEFAULT_PARAMETERS, weight)
            totals[weight] += count * log_loss_for(
                window, blended, day_start=day_start, since=start
            )
        scored += count
    losses = {weight: total / scored for weight, total in totals.items()} if scored else {}
    weight = min(sorted(weights), key=lambda w: losses.get(w, 0.0))

    fitted = fit(histories)
    return ValidatedFit(
        parameters=blend_parameters(fitted, DEFAULT_PARAMETERS, weight),
        fitted=fitted,
        weight=weight,
        validation_log_loss=losses,
        validation_reviews=scored,
    )
