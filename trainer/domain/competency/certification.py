"""Validity over time: from dated certifications to "met since ..., expires ..." at a moment.

An exam pass or a signed credential is a :class:`Certification` valid from ``achieved_at``
until ``expires_at``. Recertifying adds a new certification whose validity runs from the
recertification date (it is not added onto the old expiry); the old ones stay in the history.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import NamedTuple


class Certification(NamedTuple):
    """One dated piece of evidence that a requirement was met (an attempt, a credential)."""

    achieved_at: datetime
    expires_at: datetime | None  # None: never expires
    source_id: Hashable = None

    def valid_at(self, moment: datetime) -> bool:
        return self.achieved_at <= moment and (self.expires_at is None or moment < self.expires_at)


class Standing(NamedTuple):
    """Where a requirement's validity stands at one moment.

    Attributes:
        met: A certification is valid now.
        met_since: Start of the unbroken validity that covers now (overlapping or back-to-back
            certifications join up); ``None`` when not met.
        expires_at: End of that validity; ``None`` when not met or when it never expires.
        lapsed_at: When not met but met before: when the last validity ended.
        history: Every certification achieved by now, oldest first.
    """

    met: bool
    met_since: datetime | None
    expires_at: datetime | None
    lapsed_at: datetime | None
    history: tuple[Certification, ...]


NEVER_CERTIFIED = Standing(False, None, None, None, ())


def _achieved(certification: Certification) -> datetime:
    return certification.achieved_at


def standing_at(certifications: Iterable[Certification], now: datetime) -> Standing:
    """The :class:`Standing` at ``now``; certifications achieved after ``now`` are ignored."""
    history = [c for c in certifications if c.achieved_at <= now]
    if not history:
        return NEVER_CERTIFIED
    if len(history) == 1:  # the common case, without the sweep
        (only,) = history
        end = only.expires_at
        if end is None or now < end:
            return Standing(True, only.achieved_at, end, None, (only,))
        return Standing(False, None, None, end, (only,))
    history.sort(key=_achieved)
    # Sweep the intervals in order of start, joining each one that starts before the current
    # run ends. Every start is <= now, so only the last run can cover now.
    run_start = history[0].achieved_at
    run_end = history[0].expires_at
    for certification in history[1:]:
        if run_end is not None and certification.achieved_at > run_end:
            run_start, run_end = certification.achieved_at, certification.expires_at
        elif run_end is not None:
            end = certification.expires_at
            run_end = None if end is None else max(run_end, end)
    if run_end is None or now < run_end:
        return Standing(True, run_start, run_end, None, tuple(history))
    return Standing(False, None, None, run_end, tuple(history))
