"""Hypothesis profiles for the fuzz tests. HYPOTHESIS_PROFILE picks one; `ci` is the default.

`ci` is derandomized (the same examples on every run, so a failure in CI reproduces locally with
the same command) and sized to keep the whole fuzz suite well under two minutes per database on
a small CI machine. `deep` explores at random, for a long local run:
`HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/fuzz`.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# The app, database and World are built once per endpoint and shared by its examples on purpose:
# each example checks its own writes against a snapshot taken just before it.
_SHARED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SHARED,
    print_blob=True,
)
settings.register_profile(
    "deep", max_examples=400, deadline=None, suppress_health_check=_SHARED, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def world(app, db, factory):
    from tests.fuzz.world import World

    return World(app, db, factory)
