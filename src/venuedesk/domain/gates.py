"""The offer gates P1-P4 (docs/design.md §4.4): what must hold before an offer may be composed.

Each failure names the gate, what is missing and the step that fixes it; the engine routes there with
`caller_step = 4`. Checked inside the offer tool itself, so no agent can skip them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from venuedesk.domain.event import EventState

GateName = Literal["P1", "P2", "P3", "P4"]
GateReason = Literal[
    "date_not_confirmed", "no_room_held", "room_check_stale", "participants_unknown", "products_undecided"
]
FixAction = Literal["confirm_date", "choose_room", "recheck_room", "ask_participants", "products_question"]

OFFER_STEP = 4


@dataclass(frozen=True)
class GateFailure:
    """A failed gate: `fix_step` is where the engine goes, `fix` what happens there."""

    gate: GateName
    reason: GateReason
    fix_step: int
    fix: FixAction


def check_offer_gates(state: EventState) -> list[GateFailure]:
    """All failed gates in order P1..P4 (empty when an offer may be composed)."""
    failures: list[GateFailure] = []
    if not state.date_confirmed or state.chosen_date is None:
        failures.append(GateFailure("P1", "date_not_confirmed", 2, "confirm_date"))
    if state.locked_room_id is None:
        failures.append(GateFailure("P2", "no_room_held", 3, "choose_room"))
    elif not state.requirements_hash or state.requirements_hash != state.room_eval_hash:
        failures.append(GateFailure("P2", "room_check_stale", 3, "recheck_room"))
    if state.requirements.participants is None:
        failures.append(GateFailure("P3", "participants_unknown", 3, "ask_participants"))
    if not state.products_decided:
        failures.append(GateFailure("P4", "products_undecided", OFFER_STEP, "products_question"))
    return failures


def first_gate_failure(state: EventState) -> GateFailure | None:
    """The failure to fix first (the earliest gate), or None when all gates pass."""
    failures = check_offer_gates(state)
    return failures[0] if failures else None
