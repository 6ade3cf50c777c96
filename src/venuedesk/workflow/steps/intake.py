"""Step 1: contact and event request."""

from __future__ import annotations

from venuedesk.workflow.turn import Turn


def event_recognised(turn: Turn) -> bool:
    """An event request: the message says so, or requirements or dates are already known."""
    state, facts = turn.state, turn.facts
    if facts.has("event_request"):
        return True
    req = state.requirements
    return bool(req.participants or req.layout or state.pending_date or state.date_request or state.products)


def run(turn: Turn) -> bool:
    """Leave intake once the email is known and an event request is recognised."""
    turn.agent = "intake_agent"
    if not event_recognised(turn):
        turn.say("greeting" if turn.facts.has("greeting") else "not_event", venue=turn.venue.name)
        turn.next_key = "describe"
        return False
    if not turn.state.client_email:
        turn.say("ask_email")
        turn.next_key = "email"
        return False
    turn.leave_step(2, "event request with contact")
    return True
