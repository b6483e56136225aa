"""Fit a learner's own FSRS parameters and keep them only if they predict the learner better.

The learner's history is every answer in ``review_logs`` (one history per card) plus every
review imported from another program (one history per source and external card). The fit and
its check both use :mod:`trainer.domain.scheduling`; this module only loads rows, calls it and
writes the outcome to ``study_settings``.

The check is out of sample (:func:`scheduling.fit_validated`): parameters fitted only on the
reviews before each of four chronological folds covering the learner's latest 40% of reviews
predict that fold, as themselves and blended toward the defaults. The blend weight with the
lowest log loss on those reviews is applied to a fit on the whole history; weight 0 (the
defaults predict best) applies nothing. The validation log loss of the defaults and of the best
fitted blend are stored whatever the outcome, so the settings page can show why parameters were
or were not changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from trainer.domain import scheduling
from trainer.domain.scheduling import ReviewEvent
from trainer.extensions import db
from trainer.models import ImportedReview, ReviewLog, StudySettings, User
from trainer.services.learning.study_settings import (
    day_start,
    learner_zone,
    load_settings,
    saved_settings,
)

__all__ = [
    "OptimisationResult",
    "learner_day_start",
    "learner_histories",
    "optimise",
]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class OptimisationResult:
    """The outcome of :func:`optimise`, ready to show.

    Attributes:
        applied: Whether fitted parameters were saved as the learner's parameters.
        usable_reviews: Reviews FSRS can learn from (not a card's first review, not on the same
            learner day as the card's previous review).
        threshold: Usable reviews needed before anything is fitted.
        log_loss_default: Log loss of the default parameters on the learner's latest reviews,
            predicted out of sample (lower is better); ``None`` when nothing was fitted.
        log_loss_fitted: The lowest log loss on the same reviews of parameters fitted only on
            earlier reviews (blended toward the defaults by any weight above 0); ``None`` when
            nothing was fitted.
        parameters: The 21 parameters the learner's scheduler uses after this run (the
            defaults unless a fit has been applied now or before).
        message: One or two sentences saying what happened and why.
        weight: Share of the fitted parameters in the blend chosen (the rest is the
            defaults); 0 when nothing was applied.
    """

    applied: bool
    usable_reviews: int
    threshold: int
    log_loss_default: float | None
    log_loss_fitted: float | None
    parameters: tuple[float, ...] | None
    message: str
    weight: float = 0.0


def learner_day_start(settings: StudySettings, now: datetime) -> timedelta:
    """Where the learner's day begins, as the offset from UTC midnight the domain functions take.

    The learner's day starts at ``day_start_hour`` local time in ``settings.timezone``. The
    scheduling functions count days from a fixed offset after UTC midnight, so the local hour is
    converted with the zone's UTC offset at ``now`` (the time of the fit): e.g. 04:00 in
    Europe/Berlin is 03:00 UTC in winter and 02:00 UTC in summer; a fit in January uses 03:00 UTC
    for every review. Across a daylight-saving change this places the boundary an hour off for
    reviews from the other half of the year, which only matters for reviews within that hour of
    the boundary, and then shifts one interval by a day. The result is in [0, 24h).
    """
    now = scheduling.as_utc(now, "now")
    offset = now.astimezone(learner_zone(settings)).utcoffset() or timedelta(0)
    return (day_start(settings) - offset) % _DAY


def learner_histories(user_id: int, day_start: timedelta) -> list[list[ReviewEvent]]:
    """The learner's review histories in the form :func:`scheduling.fit_parameters` takes.

    One list of ``(reviewed_at UTC, rating)`` per card, in time order: each card of the review
    log (by ``card_id``) and each imported card (by ``source`` and ``external_card_id``, so
    imported cards never merge with ours or with another program's). Cards whose reviews all
    fall on one learner day (days begin ``day_start`` after UTC midnight) are left out: they
    give FSRS nothing to learn from or be scored on, so dropping them changes no result.
    """
    grouped: dict[Hashable, list[ReviewEvent]] = defaultdict(list)
    logged = db.session.execute(
        select(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.id)
    )
    for card_id, reviewed_at, rating in logged:
        grouped[("log", card_id)].append((reviewed_at, int(rating)))
    imported = db.session.execute(
        select(
            ImportedReview.source,
            ImportedReview.external_card_id,
            ImportedReview.reviewed_at,
            ImportedReview.rating,
        )
        .where(ImportedReview.user_id == user_id)
        .order_by(
            ImportedReview.source,
            ImportedReview.external_card_id,
            ImportedReview.reviewed_at,
            ImportedReview.id,
        )
    )
    for source, external_id, reviewed_at, rating in imported:
        grouped[("import", source, external_id)].append((reviewed_at, int(rating)))
    return [
        events
        for events in grouped.values()
        if scheduling.day_number(events[0][0], day_start)
        != scheduling.day_number(events[-1][0], day_start)
    ]


def optimise(user: User, now: datetime) -> OptimisationResult:
    """Fit FSRS parameters to ``user``'s history and apply them if they predict it better.

    Below :data:`scheduling.MIN_REVIEWS_FOR_VALIDATED_FIT` usable reviews nothing is fitted or
    written. Otherwise the out-of-sample log losses of the defaults and of the best fitted blend
    (see the module docstring) are stored with ``parameters_fitted_at = now``, and the chosen
    blend is applied only if it predicts better than the defaults; the settings row is created
    with the defaults if missing. Commits.
    """
    now = scheduling.as_utc(now, "now")
    # Each validation fold is fitted on the reviews before it, so the threshold is what the last
    # fold needs, not just what one fit needs.
    threshold = scheduling.MIN_REVIEWS_FOR_VALIDATED_FIT
    current_settings = load_settings(user.id)
    current = _current_parameters(current_settings)
    day_start = learner_day_start(current_settings, now)
    histories = learner_histories(user.id, day_start)
    usable = scheduling.training_item_count(histories, day_start)

    if usable < threshold:
        return _nothing_fitted(
            usable,
            threshold,
            current,
            f"{usable} usable review(s); personal parameters need at least {threshold}, "
            f"so {threshold - usable} more. Keeping {_describe(current)}.",
        )

    fit = scheduling.fit_validated(histories, day_start=day_start)
    loss_default, loss_fitted = fit.default_log_loss, fit.best_fitted_log_loss
    if loss_default is None or loss_fitted is None:
        # Only when many reviews share the fold's first timestamp; say so, change nothing.
        return _nothing_fitted(
            usable,
            threshold,
            current,
            f"{usable} usable reviews, but too few of them come before your latest ones "
            f"to check a fit. Keeping {_describe(current)}.",
        )
    applied = fit.weight > 0
    try:
        settings = saved_settings(user.id)
        if applied:
            settings.parameters = list(fit.parameters)
        settings.parameters_fitted_at = now
        settings.fit_log_loss_default = loss_default
        settings.fit_log_loss_fitted = loss_fitted
        settings.fit_review_count = usable
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise

    comparison = (
        f"log loss on your latest reviews {loss_default:.4f} with the defaults, "
        f"{loss_fitted:.4f} fitted on the reviews before them"
    )
    if applied:
        share = "" if fit.weight == 1 else f" ({fit.weight:.0%} fitted, the rest defaults)"
        message = (
            f"Fitted on {usable} usable reviews: the fitted parameters predict your reviews "
            f"better ({comparison}), so they{share} are now used to schedule your cards."
        )
        parameters = fit.parameters
    else:
        message = (
            f"Fitted on {usable} usable reviews, but the fitted parameters do not predict your "
            f"reviews better than the defaults ({comparison}), so {_describe(current)} are kept."
        )
        parameters = current
    return OptimisationResult(
        applied=applied,
        usable_reviews=usable,
        threshold=threshold,
        log_loss_default=loss_default,
        log_loss_fitted=loss_fitted,
        parameters=parameters,
        message=message,
        weight=fit.weight if applied else 0.0,
    )


def _nothing_fitted(
    usable: int, threshold: int, current: tuple[float, ...], message: str
) -> OptimisationResult:
    return OptimisationResult(
        applied=False,
        usable_reviews=usable,
        threshold=threshold,
        log_loss_default=None,
        log_loss_fitted=None,
        parameters=current,
        message=message,
    )


def _current_parameters(settings: StudySettings) -> tuple[float, ...]:
    stored: Sequence[float] | None = settings.parameters
    return tuple(float(w) for w in stored) if stored else scheduling.DEFAULT_PARAMETERS


def _describe(parameters: tuple[float, ...]) -> str:
    if parameters == scheduling.DEFAULT_PARAMETERS:
        return "the default parameters"
    return "your current parameters"


def usable_review_count(user_id: int, now: datetime) -> int:
    """How many of the learner's reviews the optimiser could learn from (shown beside the
    threshold on the settings page)."""
    day_start = learner_day_start(load_settings(user_id), now)
    return scheduling.training_item_count(learner_histories(user_id, day_start), day_start)
