"""Learner days: the whole-day clock that fsrs-rs and the FSRS forgetting curve work in.

A "day" is the learner's day: it starts ``day_start`` after UTC midnight, like Anki's "next day
starts at" setting. Pure functions; nothing reads the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from trainer.domain.scheduling.cards import as_utc


def day_number(moment: datetime, day_start: timedelta = timedelta(0)) -> int:
    """Ordinal of the learner's day that contains ``moment`` (days begin ``day_start`` after
    UTC midnight)."""
    return (as_utc(moment, "moment") - day_start).date().toordinal()


def elapsed_days(earlier: datetime, later: datetime, day_start: timedelta = timedelta(0)) -> int:
    """Number of learner-day boundaries between two moments (0 when on the same day)."""
    return day_number(later, day_start) - day_number(earlier, day_start)


def forgetting_curve(elapsed: float, stability: float, decay: float) -> float:
    """FSRS-6 power forgetting curve: R(t) = (1 + factor * t / S) ** -decay.

    ``factor`` is chosen so that R(S) = 0.9; ``decay`` is parameter w20. Same formula as
    py-fsrs ``Scheduler.get_card_retrievability`` and fsrs-rs ``power_forgetting_curve``.
    """
    factor = 0.9 ** (1.0 / -decay) - 1.0
    return (1.0 + factor * elapsed / stability) ** -decay
