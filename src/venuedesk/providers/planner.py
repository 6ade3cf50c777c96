"""The tool calls an agent should make for a message, given the event with the message's facts captured.

The deterministic provider emits these; the engine matches them against the calls it needs, so a model's
call is used only when it is exactly what the rules require.
"""

from __future__ import annotations

from typing import Any

from venuedesk.agents.specs import AgentSpec
from venuedesk.clock import Clock
from venuedesk.domain import calendar
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.understanding.model import Understanding


def _window(state: EventState, venue: Venue) -> tuple[str, str]:
    req = state.requirements
    if req.start_time and req.end_time:
        return req.start_time, req.end_time
    start, end = venue.policies.default_window
    return start.strftime("%H:%M"), end.strftime("%H:%M")


def plan_tool_calls(
    spec: AgentSpec, state: EventState, facts: Understanding, venue: Venue, clock: Clock
) -> list[tuple[str, dict[str, Any]]]:
    """(tool name, arguments) pairs in call order for this agent."""
    req = state.requirements
    start, end = _window(state, venue)
    calls: list[tuple[str, dict[str, Any]]] = []
    if spec.name == "dates_agent" and state.pending_date:
        calls.append(("dates_check", {"dates": [state.pending_date.isoformat()], "start_time": start,
                                      "end_time": end, "participants": req.participants, "layout": req.layout}))
    elif spec.name == "dates_agent" and state.date_request and state.date_request.days:
        calls.append(("dates_check", {"dates": [day.isoformat() for day in state.date_request.days],
                                      "start_time": start, "end_time": end, "participants": req.participants,
                                      "layout": req.layout}))
    elif spec.name == "dates_agent" and state.date_request:
        request = state.date_request
        first, _last = calendar.bookable_range(clock.now().date(), venue.policies)
        after = max(request.first or first, first)
        calls.append(("dates_propose", {
            "after": after.isoformat(), "before": request.last.isoformat() if request.last else None, "count": 5,
            "weekdays": request.weekdays, "months": request.months, "start_time": start, "end_time": end,
            "participants": req.participants, "layout": req.layout}))
    elif spec.name == "rooms_agent" and state.date_confirmed and state.chosen_date and req.participants:
        calls.append(("rooms_search", {"date": state.chosen_date.isoformat(), "participants": req.participants,
                                       "layout": req.layout, "start_time": start, "end_time": end,
                                       "special": req.special}))
    elif spec.name == "offer_agent":
        if facts.products or facts.products_removed or facts.no_products:
            calls.append(("products_update", {
                "add": [{"product_id": m.product_id, "quantity": m.quantity} for m in facts.products],
                "remove": list(facts.products_removed), "none": facts.no_products}))
        if (state.products_decided and not state.catering_open) or facts.products or facts.no_products:
            calls.append(("offer_compose", {}))
    return calls
