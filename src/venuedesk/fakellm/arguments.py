"""Tool arguments the fake builds when the planner has none, and the broken variants the faults send."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.fakellm import shapes
from venuedesk.fakellm.faults import INVENTED_ROOM
from venuedesk.understanding.model import Understanding


def _window(state: EventState | None, facts: Understanding, venue: Venue) -> tuple[str, str]:
    if facts.window:
        return facts.window.start, facts.window.end
    if state and state.requirements.start_time and state.requirements.end_time:
        return state.requirements.start_time, state.requirements.end_time
    start, end = venue.policies.default_window
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def known_values(
    state: EventState | None, facts: Understanding, venue: Venue, today: date, text: str
) -> dict[str, Any]:
    """Argument values by common property name, from the captured state first and the message second."""
    req = state.requirements if state else None
    day = (state.pending_date or state.chosen_date) if state else None
    day = day or (facts.dates[0] if facts.dates else None)
    start, end = _window(state, facts, venue)
    room = (state.locked_room_id or req.preferred_room) if state and req else None
    room = room or (facts.rooms[0] if facts.rooms else None)
    return {
        "dates": [day.isoformat()] if day else None,
        "date": day.isoformat() if day else None,
        "after": today.isoformat(),
        "before": None,
        "count": 5,
        "weekdays": [],
        "months": [],
        "start_time": start,
        "end_time": end,
        "participants": (req.participants if req else None) or facts.participants,
        "layout": (req.layout if req else None) or facts.layout,
        "special": list(req.special) if req else [],
        "room_id": room,
        "add": [{"product_id": m.product_id, "quantity": m.quantity} for m in facts.products],
        "remove": list(facts.products_removed),
        "none": facts.no_products,
        "query": text.strip() or None,
        "type": "manager_request",
        "summary": text.strip()[:200] or "client message",
    }


def build_args(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, Any] | None:
    """Arguments for a tool from known values, or None when they cannot satisfy its schema."""
    props: dict[str, Any] = schema.get("properties", {})
    args = shapes.fit({name: values.get(name) for name in props}, schema)
    args = {
        name: value for name, value in args.items() if value is not None or shapes.accepts_null(props[name])
    }
    return args if not shapes.errors(args, schema) else None


def empty_args(schema: dict[str, Any]) -> dict[str, Any] | None:
    """`{}` (nullable properties set null) when the schema allows a call without values."""
    args = shapes.fit({}, schema)
    return args if not shapes.errors(args, schema) else None


def violate(args: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Arguments that break the schema three ways: a wrong type, a missing required key, an extra key."""
    broken = copy.deepcopy(args)
    names = list(schema.get("properties", {}))
    if names:
        first = names[0]
        broken[first] = "thirty" if not isinstance(broken.get(first), str) else 30
    required = [name for name in schema.get("required", []) if name != (names[0] if names else None)]
    if required:
        broken.pop(required[-1], None)
    broken["unexpected_field"] = True
    return broken


def variant(args: dict[str, Any]) -> dict[str, Any]:
    """The same call with different arguments (for two calls sharing one id)."""
    changed = copy.deepcopy(args)
    for name, value in changed.items():
        if isinstance(value, int) and not isinstance(value, bool):
            changed[name] = value + 1
            return changed
    for name, value in changed.items():
        if isinstance(value, str):
            changed[name] = value + " (again)"
            return changed
    changed["repeat"] = True
    return changed


def invent_room(args: dict[str, Any]) -> dict[str, Any]:
    """Every `room_id` argument replaced with a room the venue does not have."""
    return {name: INVENTED_ROOM if name == "room_id" else value for name, value in args.items()}
