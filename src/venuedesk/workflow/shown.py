"""What the desk's reply showed, kept in the event's bookkeeping so the next message's short answer ("the second
one", "die erste", "ok") is read against it (understanding/context.py `message_context`).

Only what the client saw counts: under `general: review` a held draft's lists wait in the draft and become the
shown ones when the draft is sent (approved or edited); the holding reply the client gets meanwhile lists nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from venuedesk.domain.event import EventState
from venuedesk.workflow.turn import Turn

_ROOM_ACTIONS = frozenset({"select_room", "take_second_option"})


def record_shown(turn: Turn, step_before: int) -> None:
    """Record the rooms and products this reply listed (a list replaces the last one of its kind; a reply that moved
    the event to another step forgets the lists it did not show); what it asked is recorded by `reply_from_turn`."""
    state = turn.state
    rooms = _listed(turn, _ROOM_ACTIONS, "room_id")
    products = _listed(turn, frozenset({"add_product"}), "product_id")
    moved = state.current_step != step_before
    if rooms or moved:
        state.last_shown_rooms = rooms
    if products or moved:
        state.last_shown_products = products


def shown_lists(state: EventState) -> dict[str, Any]:
    """The lists a reply leaves for the next short answer (dates proposed, rooms, products) and the step they
    belong to, JSON-ready (a held draft keeps them)."""
    return {"step": state.current_step, "dates": [day.isoformat() for day in state.proposed_dates],
            "rooms": list(state.last_shown_rooms), "products": list(state.last_shown_products)}


def withhold(state: EventState, before: dict[str, Any]) -> dict[str, Any]:
    """A reply held for review: return its lists (for the draft) and leave the event with what the client saw
    instead, the holding reply that lists nothing — the lists shown `before` the turn, none if the step moved."""
    drafted = shown_lists(state)
    kept = before if before["step"] == state.current_step else {"dates": [], "rooms": [], "products": []}
    _set(state, kept)
    return drafted


def show_draft(state: EventState, drafted: dict[str, Any] | None) -> None:
    """A held draft sent to the client: its lists become the shown ones, unless the event has moved to another
    step since it was drafted (a later message's lists then stand)."""
    if drafted and drafted.get("step") == state.current_step:
        _set(state, drafted)


def _set(state: EventState, lists: dict[str, Any]) -> None:
    state.proposed_dates = [date.fromisoformat(day) for day in lists["dates"]]
    state.last_shown_rooms = list(lists["rooms"])
    state.last_shown_products = list(lists["products"])


def _listed(turn: Turn, names: frozenset[str], key: str) -> list[str]:
    """The ids the reply's table rows offer through the actions `names`, in the order shown."""
    return [str(action.args[key]) for table in turn.tables for action in table.row_actions or ()
            if action.name in names and key in action.args]
