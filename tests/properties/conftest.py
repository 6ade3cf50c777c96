"""Hypothesis profiles for the property tests, registered here and handed to each test, so the global settings
of other tests stay as they are: `ci` (the default, derandomized: the same examples on every run) and `soak`
(`HYPOTHESIS_PROFILE=soak`: many more and longer runs, random)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

PROFILE_ENV = "HYPOTHESIS_PROFILE"
SLOW_BY_DESIGN = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("ci", max_examples=12, stateful_step_count=50, deadline=None, derandomize=True,
                          database=None, suppress_health_check=SLOW_BY_DESIGN, print_blob=True)
settings.register_profile("soak", max_examples=500, stateful_step_count=100, deadline=None,
                          suppress_health_check=SLOW_BY_DESIGN, print_blob=True)


@pytest.fixture
def property_settings() -> settings:
    """The profile `HYPOTHESIS_PROFILE` names (ci or soak), `ci` when unset."""
    name = os.environ.get(PROFILE_ENV, "ci")
    if name not in ("ci", "soak"):
        raise pytest.UsageError(f"{PROFILE_ENV}={name!r}: the property tests know the profiles ci and soak")
    return settings.get_profile(name)
