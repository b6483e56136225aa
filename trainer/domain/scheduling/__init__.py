"""FSRS scheduling behind plain value objects.

This package is the only place in the application that imports ``fsrs`` (py-fsrs, used to
schedule a single review) or ``fsrs_rs_python`` (fsrs-rs bindings, used to fit parameters and to
replay review histories), and within it only :mod:`.fsrs_adapter` imports them. Everything that
crosses the package's boundary is a frozen dataclass, an ``IntEnum``, a ``datetime`` in UTC, a
``timedelta`` or a tuple of floats, so callers never see library objects and the libraries can be
upgraded or swapped in that one module alone.

Modules:

* :mod:`.cards`: ``Rating``, ``State``, ``CardState``, ``ReviewOutcome``, the ``ReviewEvent``
  alias and :func:`as_utc`.
* :mod:`.settings`: ``SchedulerSettings``, the desired-retention bounds and the step bounds.
* :mod:`.days`: learner days (:func:`day_number`, :func:`elapsed_days`) and the forgetting curve.
* :mod:`.fuzz`: interval fuzz (py-fsrs's algorithm with a seeded generator) and fuzz seeds.
* :mod:`.fsrs_adapter`: everything that calls the libraries -- review, preview, retrievability
  of one card, fitting, prediction and log loss -- plus ``DEFAULT_PARAMETERS`` and
  ``MIN_REVIEWS_FOR_OPTIMISATION``.
* :mod:`.recall`: :func:`retrievabilities`, the same forgetting curve for many cards at once as
  plain arithmetic (tested to agree exactly with py-fsrs).
* :mod:`.validated_fit`: a fit shrunk toward the defaults by a weight chosen on the learner's
  most recent reviews, out of sample (:func:`fit_validated`).

Import from the package (``from trainer.domain.scheduling import review``), not the modules.

Rules kept throughout:

* Pure functions. Time is always passed in (``now``/``at``); nothing reads the clock.
* Inputs are never mutated; new values are returned.
* No global random state. Interval fuzz is drawn from ``random.Random(seed)`` with a seed the
  caller supplies, so the same card, review and seed always give the same interval.
* py-fsrs accepts only ``datetime.timezone.utc`` datetimes, so every datetime is normalised with
  :func:`as_utc` at the boundary (naive datetimes are rejected: their meaning is ambiguous).
* ``fsrs.Card`` is always built with an explicit ``card_id``; without one it reads the clock and
  sleeps for a millisecond.
"""

from trainer.domain.scheduling.cards import (
    CardState,
    Rating,
    ReviewEvent,
    ReviewOutcome,
    State,
    as_utc,
)
from trainer.domain.scheduling.days import day_number, elapsed_days, forgetting_curve
from trainer.domain.scheduling.fsrs_adapter import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS_FOR_OPTIMISATION,
    fit_parameters,
    log_loss_for,
    predict_recall,
    preview,
    recall_predictions,
    retrievability,
    review,
    training_item_count,
)

# Not public API; the unit tests compare its conversion with py-fsrs directly.
from trainer.domain.scheduling.fsrs_adapter import _to_fsrs_card as _to_fsrs_card
from trainer.domain.scheduling.fuzz import fuzz_interval, review_seed
from trainer.domain.scheduling.recall import retrievabilities
from trainer.domain.scheduling.settings import (
    MAX_DESIRED_RETENTION,
    MAX_STEP,
    MAX_STEPS,
    MIN_DESIRED_RETENTION,
    MIN_STEP,
    SchedulerSettings,
)
from trainer.domain.scheduling.validated_fit import (
    MIN_REVIEWS_FOR_VALIDATED_FIT,
    ValidatedFit,
    fit_validated,
)

__all__ = [
    "DEFAULT_PARAMETERS",
    "MAX_DESIRED_RETENTION",
    "MAX_STEP",
    "MAX_STEPS",
    "MIN_DESIRED_RETENTION",
    "MIN_STEP",
    "MIN_REVIEWS_FOR_OPTIMISATION",
    "MIN_REVIEWS_FOR_VALIDATED_FIT",
    "CardState",
    "Rating",
    "ReviewEvent",
    "ReviewOutcome",
    "SchedulerSettings",
    "State",
    "ValidatedFit",
    "as_utc",
    "day_number",
    "elapsed_days",
    "fit_parameters",
    "fit_validated",
    "forgetting_curve",
    "fuzz_interval",
    "log_loss_for",
    "predict_recall",
    "preview",
    "recall_predictions",
    "retrievabilities",
    "retrievability",
    "review",
    "review_seed",
    "training_item_count",
]
