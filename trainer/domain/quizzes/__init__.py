"""Quiz rules as pure functions: when an attempt is due, which attempt counts, what is drawn.

No Flask, no ORM, no clock: callers pass ``now`` and plain values, so the rules are tested with
exact times and fixed seeds. The services in ``trainer.services.quizzes`` load rows, call these,
and store the results.
"""

from trainer.domain.quizzes.counting import AttemptScore, counted_score
from trainer.domain.quizzes.draws import Candidate, DrawRule, draw
from trainer.domain.quizzes.timing import StartRefusal, attempt_due_at, refuse_start, seconds_left

__all__ = [
    "AttemptScore",
    "Candidate",
    "DrawRule",
    "StartRefusal",
    "attempt_due_at",
    "counted_score",
    "draw",
    "refuse_start",
    "seconds_left",
]
