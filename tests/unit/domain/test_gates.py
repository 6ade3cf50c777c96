"""Offer gates P1-P4: each failure names the gate and the step that fixes it."""

from __future__ import annotations

from datetime import date

import pytest

from venuedesk.domain.event import EventState
from venuedesk.domain.gates import check_offer_gates, first_gate_failure
from venuedesk.domain.requirements import Requirements


def ready_state(**changes) -> EventState:
    state = EventState(
        event_id="evt-1",
        thread_id="thr-1",
        current_step=4,
        requirements=Requirements(participants=30, layout="workshop", start_time="09:00", end_time="17:00"),
        chosen_date=date(2026, 3, 10),
        date_confirmed=True,
        locked_room_id="room-b",
        products_decided=True,
    )
    state.refresh_hash()
    state.room_eval_hash = state.requirements_hash
    for name, value in changes.items():
        setattr(state, name, value)
    return state


def test_all_gates_pass_when_ready():
    assert check_offer_gates(ready_state()) == []
    assert first_gate_failure(ready_state()) is None


@pytest.mark.parametrize(
    ("changes", "gate", "reason", "fix_step", "fix"),
    [
        ({"date_confirmed": False}, "P1", "date_not_confirmed", 2, "confirm_date"),
        ({"chosen_date": None}, "P1", "date_not_confirmed", 2, "confirm_date"),
        ({"locked_room_id": None}, "P2", "no_room_held", 3, "choose_room"),
        ({"room_eval_hash": "stale"}, "P2", "room_check_stale", 3, "recheck_room"),
        ({"room_eval_hash": None}, "P2", "room_check_stale", 3, "recheck_room"),
        ({"products_decided": False}, "P4", "products_undecided", 4, "products_question"),
    ],
)
def test_a_failed_gate_names_the_fixing_step(changes, gate, reason, fix_step, fix):
    failures = check_offer_gates(ready_state(**changes))
    assert [(f.gate, f.reason, f.fix_step, f.fix) for f in failures] == [(gate, reason, fix_step, fix)]


def test_unknown_participants_fail_p3():
    state = ready_state()
    state.requirements = Requirements(layout="workshop", start_time="09:00", end_time="17:00")
    state.refresh_hash()
    state.room_eval_hash = state.requirements_hash
    assert [(f.gate, f.fix_step) for f in check_offer_gates(state)] == [("P3", 3)]


def test_failures_come_in_gate_order_and_the_first_is_fixed_first():
    state = ready_state(date_confirmed=False, locked_room_id=None, products_decided=False)
    assert [f.gate for f in check_offer_gates(state)] == ["P1", "P2", "P4"]
    assert first_gate_failure(state).fix_step == 2
