"""One client thread driven through random sequences of messages, clicks, approvals, clock moves and jobs keeps
every desk invariant (tests/properties/desk_invariants.py) after every step."""

from __future__ import annotations

from pathlib import Path

from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from booking_machine import BookingDeskMachine


def test_one_booking_thread_keeps_every_invariant(seeded_sqlite_template: Path, property_settings: settings) -> None:
    run_state_machine_as_test(lambda: BookingDeskMachine(seeded_sqlite_template), settings=property_settings)
