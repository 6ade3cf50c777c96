"""Several threads competing for the same rooms and days, driven through random sequences of messages, clicks,
2nd options, approvals, clock moves and jobs, keep every desk invariant after every step."""

from __future__ import annotations

from pathlib import Path

from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from rival_machine import RivalHoldsMachine


def test_rival_threads_keep_every_invariant(seeded_sqlite_template: Path, property_settings: settings) -> None:
    run_state_machine_as_test(lambda: RivalHoldsMachine(seeded_sqlite_template), settings=property_settings)
