"""The one module that calls the FSRS libraries.

This is the only module in the application that imports ``fsrs`` (py-fsrs, used to schedule a
single review) or ``fsrs_rs_python`` (fsrs-rs bindings, used to fit parameters and to replay
review histories). Everything that crosses its boundary is a frozen dataclass, an ``IntEnum``, a
``datetime`` in UTC, a ``timedelta`` or a tuple of floats, so callers never see library objects
and the libraries can be upgraded or swapped here alone.

* No global random state. Interval fuzz is drawn from ``random.Random(seed)`` with a seed the
  caller supplies, so the same card, review and seed always give the same interval.
* ``fsrs.Card`` is always built with an explicit ``card_id``; without one it reads the clock and
  sleeps for a millisecond.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import fsrs
import fsrs_rs_python

# The bounds are module constants of py-fsrs 6 (not re-exported from the package root). They are
# the ranges Scheduler() validates against, so fitted parameters are clamped to exactly these.
from fsrs.scheduler import (
    DEFAULT_PARAMETERS as _FSRS_DEFAULT_PARAMETERS,
)
from fsrs.scheduler import (
    LOWER_BOUNDS_PARAMETERS as _LOWER_BOUNDS,
)
from fsrs.scheduler import (
    UPPER_BOUNDS_PARAMETERS as _UPPER_BOUNDS,
)

from trainer.domain.scheduling.cards import (
    CardState,
    Rating,
    ReviewEvent,
    ReviewOutcome,
    State,
    as_utc,
)
from trainer.domain.scheduling.days import day_number, elapsed_days, forgetting_curve
from trainer.domain.scheduling.fuzz import fuzz_interval

if TYPE_CHECKING:
    from trainer.domain.scheduling.settings import SchedulerSettings

#: FSRS-6 default parameters (21 values), as shipped by py-fsrs 6.x and fsrs-rs.
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(w) for w in _FSRS_DEFAULT_PARAMETERS)

#: Fewest training items (reviews that are neither a card's first review nor on the same day as
#: the previous review of that card) before :func:`fit_parameters` fits anything.
#: fsrs-rs (``training.rs::compute_parameters``) returns the defaults below 8 items and, below 64,
#: fits only the four initial stabilities w0-w3 while keeping the other 17 parameters at their
#: defaults. We use the full-training threshold: with fewer items the fit is mostly noise from a
#: handful of first-interval reviews, and the population defaults predict at least as well.
MIN_REVIEWS_FOR_OPTIMISATION = 64


def _parameter_problems(parameters: Sequence[float]) -> list[str]:
    if len(parameters) != len(_LOWER_BOUNDS):
        return [f"parameters must have {len(_LOWER_BOUNDS)} values, got {len(parameters)}"]
    return [
        f"parameters[{index}] = {value} is outside [{low}, {high}]"
        for index, (value, low, high) in enumerate(
            zip(parameters, _LOWER_BOUNDS, _UPPER_BOUNDS, strict=True)
        )
        # Written so that NaN fails too.
        if not low <= value <= high
    ]


@lru_cache(maxsize=64)
def _scheduler(settings: SchedulerSettings) -> fsrs.Scheduler:
    # Fuzzing is always off inside py-fsrs: its fuzz draws from the module-level random(), which
    # we must not seed. fuzz_interval() applies the same algorithm with a seeded generator.
    # The Scheduler is only read by review_card(), so sharing a cached instance is safe.
    return fsrs.Scheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )


def _to_fsrs_card(card: CardState) -> fsrs.Card:
    if card.state is State.NEW:
        # py-fsrs represents "never reviewed" as Learning, step 0, without memory state.
        return fsrs.Card(card_id=card.card_id, state=fsrs.State.Learning, step=0, due=card.due)
    return fsrs.Card(
        card_id=card.card_id,
        state=fsrs.State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review(
    card: CardState, rating: Rating, now: datetime, settings: SchedulerSettings, seed: int
) -> ReviewOutcome:
    """Apply one review to ``card`` and return the new state; ``card`` is left untouched.

    Args:
        card: The card before the review.
        rating: The button pressed.
        now: When the review happened (timezone-aware; converted to UTC).
        settings: The learner's scheduler settings.
        seed: Seed for interval fuzz, e.g. ``review_seed(card.card_id, card.reps + 1)``. The same
            seed always gives the same interval; it is ignored when ``settings.fuzz`` is off or
            the card is not in the review state afterwards (learning steps are never fuzzed).

    Raises:
        ValueError: if ``now`` is naive or earlier than ``card.last_review``.
    """
    now = as_utc(now, "now")
    rating = Rating(rating)
    if card.last_review is not None and now < card.last_review:
        raise ValueError(
            f"review at {now.isoformat()} is before the card's last review "
            f"at {card.last_review.isoformat()}"
        )
    scheduler = _scheduler(settings)
    before = retrievability(card, now, settings) if card.state is not State.NEW else None

    reviewed, _log = scheduler.review_card(_to_fsrs_card(card), fsrs.Rating(int(rating)), now)
    interval = reviewed.due - now
    if settings.fuzz and reviewed.state == fsrs.State.Review:
        # Not a security use of randomness: a seeded generator makes fuzz reproducible.
        rng = random.Random(seed)  # noqa: S311
        interval = fuzz_interval(interval, rng, settings.maximum_interval_days)

    lapsed = card.state is State.REVIEW and rating is Rating.AGAIN
    after = CardState(
        card_id=card.card_id,
        state=State(int(reviewed.state)),
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=now + interval,
        last_review=now,
        reps=card.reps + 1,
        lapses=card.lapses + int(lapsed),
    )
    return ReviewOutcome(card=after, interval=interval, retrievability_before=before)


def preview(
    card: CardState, now: datetime, settings: SchedulerSettings, seed: int
) -> dict[Rating, timedelta]:
    """The interval each button would set if pressed at ``now`` with this ``seed``.

    Each value equals ``review(card, rating, now, settings, seed).interval`` exactly, so the
    labels on the buttons are the intervals the learner then gets.
    """
    return {rating: review(card, rating, now, settings, seed).interval for rating in Rating}


def retrievability(card: CardState, now: datetime, settings: SchedulerSettings) -> float:
    """Predicted probability of recalling ``card`` at ``now``.

    Returns 0.0 for a card that has never been reviewed (there is no memory to recall; this is
    also what py-fsrs returns). Elapsed time is counted in whole 24-hour days, as py-fsrs does,
    so the value changes once a day rather than continuously.
    """
    if card.state is State.NEW or card.stability is None:
        return 0.0
    scheduler = _scheduler(settings)
    return float(scheduler.get_card_retrievability(_to_fsrs_card(card), as_utc(now, "now")))


# ---------------------------------------------------------------------------------------------
# Day-level replay, fitting and prediction (fsrs-rs).
#
# fsrs-rs models time in whole days: a review's delta_t is the number of day boundaries crossed
# since the card's previous review (0 for the first review and for same-day reviews, which use
# the short-term stability formula). A "day" is the learner's day: it starts ``day_start`` after
# UTC midnight, like Anki's "next day starts at" setting.
# ---------------------------------------------------------------------------------------------


def _sorted_events(history: Sequence[ReviewEvent]) -> list[tuple[datetime, Rating]]:
    # Stable sort: reviews logged with identical timestamps keep their recorded order.
    events = [(as_utc(moment, "review time"), Rating(rating)) for moment, rating in history]
    events.sort(key=lambda event: event[0])
    return events


def _deltas(events: Sequence[tuple[datetime, Rating]], day_start: timedelta) -> list[int]:
    days = [day_number(moment, day_start) for moment, _ in events]
    return [0, *(later - earlier for earlier, later in zip(days, days[1:], strict=False))]


def _fsrs_reviews(
    events: Sequence[tuple[datetime, Rating]], deltas: Sequence[int]
) -> list[fsrs_rs_python.FSRSReview]:
    return [
        fsrs_rs_python.FSRSReview(int(rating), delta)
        for (_, rating), delta in zip(events, deltas, strict=True)
    ]


def _training_items(
    histories: Sequence[Sequence[ReviewEvent]], day_start: timedelta
) -> list[fsrs_rs_python.FSRSItem]:
    # One item per review that fsrs-rs can learn from: the card's reviews up to and including
    # it, where it is not the first review and not on the same day as the previous one (the
    # construction of fsrs-rs-python's examples/train_csv.py).
    #
    # Order matters: fsrs-rs weights training items by position, 0.25 + 0.75 * (idx / (n-1))^3
    # (dataset.rs::recency_weighted_fsrs_items, "The input items should be sorted by the review
    # timestamp"), so items are sorted by the time of the review they predict. Grouped by card,
    # the weights would favour whichever cards happened to come last.
    timed_items: list[tuple[datetime, fsrs_rs_python.FSRSItem]] = []
    for history in histories:
        events = _sorted_events(history)
        deltas = _deltas(events, day_start)
        reviews = _fsrs_reviews(events, deltas)
        for end in range(1, len(reviews)):
            if deltas[end] > 0:
                timed_items.append((events[end][0], fsrs_rs_python.FSRSItem(reviews[: end + 1])))
    timed_items.sort(key=lambda timed: timed[0])  # stable, so ties keep a reproducible order
    return [item for _, item in timed_items]


def training_item_count(
    histories: Sequence[Sequence[ReviewEvent]], day_start: timedelta = timedelta(0)
) -> int:
    """How many reviews in ``histories`` can train FSRS (compare with
    :data:`MIN_REVIEWS_FOR_OPTIMISATION`)."""
    return len(_training_items(histories, day_start))


def _clamp_to_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    # fsrs-rs clips in float32, so a value at a bound can come back a hair outside py-fsrs's
    # float64 bounds (e.g. 0.8 -> 0.800000011920929), which Scheduler() would reject.
    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(parameters, _LOWER_BOUNDS, _UPPER_BOUNDS, strict=True)
    )


def fit_parameters(
    histories: Sequence[Sequence[ReviewEvent]],
    *,
    day_start: timedelta = timedelta(0),
    min_reviews: int = MIN_REVIEWS_FOR_OPTIMISATION,
    num_relearning_steps: int | None = None,
    seed: int = 2023,
) -> tuple[float, ...]:
    """Fit FSRS-6 parameters to a learner's review histories with fsrs-rs.

    Args:
        histories: One sequence per card of ``(review time, rating)`` pairs.
        day_start: Where the learner's day begins, as an offset from UTC midnight.
        min_reviews: Below this many training items (see :func:`training_item_count`) the
            defaults are returned unchanged; see :data:`MIN_REVIEWS_FOR_OPTIMISATION`.
        num_relearning_steps: Passed to fsrs-rs, which then keeps the short-term parameters
            consistent with that many relearning steps.
        seed: fsrs-rs training seed (its default is 2023); fixed so fits are reproducible.

    Returns:
        21 parameters within the bounds py-fsrs accepts.
    """
    items = _training_items(histories, day_start)
    if len(items) < min_reviews:
        return DEFAULT_PARAMETERS
    model = fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS))
    fitted = model.compute_parameters(
        items,
        enable_short_term=True,
        num_relearning_steps=num_relearning_steps,
        training_config=fsrs_rs_python.TrainingConfig(seed=seed),
    )
    if len(fitted) != len(DEFAULT_PARAMETERS) or not all(math.isfinite(w) for w in fitted):
        raise RuntimeError(f"fsrs-rs returned unusable parameters: {fitted!r}")
    return _clamp_to_bounds(fitted)


@lru_cache(maxsize=16)
def _rs_model(parameters: tuple[float, ...]) -> fsrs_rs_python.FSRS:
    return fsrs_rs_python.FSRS(list(parameters))


def _check_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    values = tuple(float(w) for w in parameters)
    problems = _parameter_problems(values)
    if problems:
        raise ValueError("Invalid FSRS parameters: " + "; ".join(problems))
    return values


def predict_recall(
    parameters: Sequence[float],
    history_before: Sequence[ReviewEvent],
    at: datetime,
    *,
    day_start: timedelta = timedelta(0),
) -> float:
    """Probability of recalling a card at ``at`` given its earlier reviews.

    The history is replayed with fsrs-rs using day-level intervals (the model
    :func:`fit_parameters` optimises), then the forgetting curve is evaluated at the number of
    learner days between the last review and ``at``.

    Raises:
        ValueError: if ``history_before`` is empty (a card never seen has no memory to predict)
            or ``at`` precedes its last review.
    """
    values = _check_parameters(parameters)
    if not history_before:
        raise ValueError("predict_recall needs at least one earlier review")
    at = as_utc(at, "at")
    events = _sorted_events(history_before)
    if at < events[-1][0]:
        raise ValueError(f"{at.isoformat()} is before the last review {events[-1][0].isoformat()}")
    item = fsrs_rs_python.FSRSItem(_fsrs_reviews(events, _deltas(events, day_start)))
    memory = _rs_model(values).memory_state(item)
    elapsed = elapsed_days(events[-1][0], at, day_start)
    return forgetting_curve(elapsed, memory.stability, values[20])


def _recall_predictions(
    parameters: tuple[float, ...],
    events: Sequence[tuple[datetime, Rating]],
    day_start: timedelta,
) -> list[float | None]:
    # For a card's full chronological history, the prediction for every review from that
    # card's own earlier reviews (None for the first). historical_memory_states gives the
    # memory state after each review in one pass, where predict_recall would replay each
    # prefix again; both give the same numbers (a unit test checks).
    if not events:
        return []
    deltas = _deltas(events, day_start)
    item = fsrs_rs_python.FSRSItem(_fsrs_reviews(events, deltas))
    states = _rs_model(parameters).historical_memory_states(item)
    decay = parameters[20]
    return [None] + [
        forgetting_curve(deltas[k], states[k - 1].stability, decay) for k in range(1, len(events))
    ]


def recall_predictions(
    parameters: Sequence[float],
    history: Sequence[ReviewEvent],
    *,
    day_start: timedelta = timedelta(0),
) -> list[float | None]:
    """For each review of one card (in time order), the predicted probability of recall from
    the card's earlier reviews; ``None`` for the first review.

    Equivalent to calling :func:`predict_recall` on every prefix, in one replay.
    """
    return _recall_predictions(_check_parameters(parameters), _sorted_events(history), day_start)


def log_loss_for(
    histories: Sequence[Sequence[ReviewEvent]],
    parameters: Sequence[float],
    *,
    day_start: timedelta = timedelta(0),
    since: datetime | None = None,
) -> float:
    """Mean log loss of ``parameters`` on the reviews in ``histories`` that FSRS is scored on.

    Scored reviews are those that are not a card's first and not on the same learner day as
    the card's previous review (the training items of :func:`fit_parameters`); the label is
    "recalled" (rating above Again). With ``since``, only reviews at or after it are scored
    (each still predicted from all of its card's earlier reviews): pass histories that end
    where the scored window should end.

    Raises:
        ValueError: if no review qualifies.
    """
    values = _check_parameters(parameters)
    start = None if since is None else as_utc(since, "since")
    total = 0.0
    count = 0
    for history in histories:
        events = _sorted_events(history)
        deltas = _deltas(events, day_start)
        predictions = _recall_predictions(values, events, day_start)
        for (moment, rating), delta, p in zip(events, deltas, predictions, strict=True):
            if p is None or delta <= 0 or (start is not None and moment < start):
                continue
            p = min(max(p, 1e-15), 1.0 - 1e-15)
            total -= math.log(p) if rating > Rating.AGAIN else math.log(1.0 - p)
            count += 1
    if count == 0:
        raise ValueError("no review is scoreable (all are first or same-day reviews)")
    return total / count
