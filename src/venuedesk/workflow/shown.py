"""What the desk's reply showed and asked, kept in the event's bookkeeping so the next message's short answer
("the second one", "die erste", "ok") is read against it (understanding/context.py `message_context`)."""

from __future__ import annotations

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


def _listed(turn: Turn, names: frozenset[str], key: str) -> list[str]:
    """The ids the reply's table rows offer through the actions `names`, in the order shown."""
    return [str(action.args[key]) for table in turn.tables for action in table.row_actions or ()
            if action.name in names and key in action.args]
