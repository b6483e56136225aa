"""Learning and relearning steps: 1 minute to 30 days, at most 10 (issue 7, defect 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from trainer.domain.scheduling import MAX_STEP, MAX_STEPS, MIN_STEP, SchedulerSettings


@pytest.mark.parametrize(
    "steps",
    [
        (timedelta(seconds=59),),
        (timedelta(microseconds=1),),
        (timedelta(0),),
        (MAX_STEP + timedelta(seconds=1),),
        (timedelta(minutes=1),) * (MAX_STEPS + 1),
    ],
)
@pytest.mark.parametrize("name", ["learning_steps", "relearning_steps"])
def test_steps_outside_the_bounds_are_refused(name, steps):
    with pytest.raises(ValueError, match=name):
        SchedulerSettings(**{name: steps})


def test_steps_at_the_bounds_and_no_steps_are_accepted():
    settings = SchedulerSettings(
        learning_steps=(MIN_STEP, MAX_STEP), relearning_steps=(MIN_STEP,) * MAX_STEPS
    )
    assert settings.learning_steps == (MIN_STEP, MAX_STEP)
    assert SchedulerSettings(learning_steps=(), relearning_steps=()).learning_steps == ()
