"""Learner-level scheduler options, validated on construction.

The FSRS parameters are checked against py-fsrs's own bounds, which only
:mod:`trainer.domain.scheduling.fsrs_adapter` reads from the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trainer.domain.scheduling.fsrs_adapter import DEFAULT_PARAMETERS, _parameter_problems

MIN_DESIRED_RETENTION = 0.80
MAX_DESIRED_RETENTION = 0.97
#: Learning and relearning steps: shorter than a minute is no spacing at all (and rounds to
#: nothing in the scheduler), longer than 30 days is a review interval, not a step.
MIN_STEP = timedelta(minutes=1)
MAX_STEP = timedelta(days=30)
MAX_STEPS = 10


@dataclass(frozen=True)
class SchedulerSettings:
    """Learner-level scheduler options. Validated on construction; every problem is reported.

    Attributes:
        desired_retention: Target probability of recall at the due date (0.80-0.97).
        learning_steps: Short intervals for new cards before they graduate to review (at most
            ``MAX_STEPS``, each from ``MIN_STEP`` to ``MAX_STEP``; none is allowed).
        relearning_steps: Short intervals after a lapse (the same bounds).
        maximum_interval_days: Longest review interval, in days.
        parameters: The 21 FSRS-6 model parameters.
        fuzz: Spread review intervals a little so cards learned together do not stay together.
    """

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval_days: int = 36500
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    fuzz: bool = True

    def __post_init__(self) -> None:
        # Accept lists (e.g. from JSON) but store tuples so the settings stay hashable; they are
        # the cache key for the py-fsrs Scheduler built from them.
        object.__setattr__(self, "learning_steps", tuple(self.learning_steps))
        object.__setattr__(self, "relearning_steps", tuple(self.relearning_steps))
        object.__setattr__(self, "parameters", tuple(float(w) for w in self.parameters))

        problems: list[str] = []
        retention = self.desired_retention
        if isinstance(retention, bool) or not isinstance(retention, int | float):
            problems.append(f"desired_retention must be a number, got {retention!r}")
        elif not MIN_DESIRED_RETENTION <= retention <= MAX_DESIRED_RETENTION:
            problems.append(
                f"desired_retention must be between {MIN_DESIRED_RETENTION} and "
                f"{MAX_DESIRED_RETENTION}, got {retention}"
            )
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if len(steps) > MAX_STEPS:
                problems.append(f"{name} has {len(steps)} steps; at most {MAX_STEPS} are allowed")
            for index, step in enumerate(steps):
                if not isinstance(step, timedelta) or not MIN_STEP <= step <= MAX_STEP:
                    problems.append(
                        f"{name}[{index}] must be a timedelta from {MIN_STEP} to {MAX_STEP}, "
                        f"got {step!r}"
                    )
        days = self.maximum_interval_days
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            problems.append(f"maximum_interval_days must be an integer >= 1, got {days!r}")
        problems.extend(_parameter_problems(self.parameters))
        if not isinstance(self.fuzz, bool):
            problems.append(f"fuzz must be a bool, got {self.fuzz!r}")
        if problems:
            raise ValueError("Invalid SchedulerSettings: " + "; ".join(problems))
