"""Fit a learner's own FSRS parameters and keep them only if they predict the learner better.

The learner's history is every answer in ``review_logs`` (one history per card) plus every
review imported from another program (one history per source and external card). The fit and
its check both use :mod:`trainer.domain.scheduling`; this module only loads rows, calls it and
writes the outcome to ``study_settings``.

Parameters are applied only when, on the learner's own history, the fitted parameters have a
lower log loss than the defaults. Both figures are stored whatever the outcome, so the settings
page can show why parameters were or were not changed. This is an in-sample comparison (the
same reviews were used to fit); fsrs-rs is not told which parameters to prefer, so a fit that
is no better than the defaults on the data it was fitted to is certainly not worth applying.
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
from trainer.services.study_settings import learner_zone, load_settings, saved_settings

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
        log_loss_default: Log loss of the default parameters on the learner's history (lower
            is better); ``None`` when nothing was fitted.
        log_loss_fitted: Log loss of the fitted parameters on the same reviews; ``None`` when
            nothing was fitted.
        parameters: The 21 parameters the learner's scheduler uses after this run (the
            defaults unless a fit has been applied now or before).
        message: One or two sentences saying what happened and why.
    """

    applied: bool
    usable_reviews: int
    threshold: int
    log_loss_default: float | None
    log_loss_fitted: float | None
    parameters: tuple[float, ...] | None
    message: str


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
    return (timedelta(hours=settings.day_start_hour) - offset) % _DAY


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

    Below :data:`scheduling.MIN_REVIEWS_FOR_OPTIMISATION` usable reviews nothing is fitted or
    written. Otherwise the fit's log loss and the defaults' (on the learner's own history) are
    stored with ``parameters_fitted_at = now`` and the fitted parameters are applied only if
    their log loss is lower; the settings row is created with the defaults if missing. Commits.
    """
    now = scheduling.as_utc(now, "now")
    threshold = scheduling.MIN_REVIEWS_FOR_OPTIMISATION
    current_settings = load_settings(user.id)
    current = _current_parameters(current_settings)
    day_start = learner_day_start(current_settings, now)
    histories = learner_histories(user.id, day_start)
    usable = scheduling.training_item_count(histories, day_start)

    if usable < threshold:
        return OptimisationResult(
            applied=False,
            usable_reviews=usable,
            threshold=threshold,
            log_loss_default=None,
            log_loss_fitted=None,
            parameters=current,
            message=(
                f"{usable} usable review(s); personal parameters need at least {threshold}, "
                f"so {threshold - usable} more. Keeping {_describe(current)}."
            ),
        )

    try:
        fitted = scheduling.fit_parameters(histories, day_start=day_start, min_reviews=threshold)
        loss_default = scheduling.log_loss_for(
            histories, scheduling.DEFAULT_PARAMETERS, day_start=day_start
        )
        loss_fitted = scheduling.log_loss_for(histories, fitted, day_start=day_start)
        applied = loss_fitted < loss_default
        settings = saved_settings(user.id)
        if applied:
            settings.parameters = list(fitted)
        settings.parameters_fitted_at = now
        settings.fit_log_loss_default = loss_default
        settings.fit_log_loss_fitted = loss_fitted
        settings.fit_review_count = usable
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise

    comparison = f"log loss {loss_default:.4f} with the defaults, {loss_fitted:.4f} fitted"
    if applied:
        message = (
            f"Fitted on {usable} usable reviews: the fitted parameters predict your reviews "
            f"better ({comparison}), so they are now used to schedule your cards."
        )
        parameters = fitted
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
