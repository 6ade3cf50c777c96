"""The router: picks the worker agent for a message from the step and the client's intent."""

from __future__ import annotations

from venuedesk.agents.specs import FALLBACK, QNA, STEP_AGENTS, AgentSpec
from venuedesk.domain.event import EventState
from venuedesk.understanding.capture import has_booking_facts
from venuedesk.understanding.model import Understanding


def is_pure_question(state: EventState, facts: Understanding) -> bool:
    """A venue question with nothing for the booking in it, past intake: the Q&A agent answers it alone."""
    return facts.has("question") and bool(facts.topics) and not has_booking_facts(facts) and state.current_step > 1


def route(state: EventState, facts: Understanding) -> AgentSpec:
    """Deterministic routing; a model is never needed to choose the worker."""
    if facts.has("non_event") and not facts.has("event_request") and state.current_step == 1:
        return FALLBACK
    if is_pure_question(state, facts):
        return QNA
    if state.thread_state == "Waiting on HIL" and not has_booking_facts(facts):
        return FALLBACK
    return STEP_AGENTS.get(state.current_step, FALLBACK)


def tool_choice_for(spec: AgentSpec, state: EventState) -> str:
    """Force the gate tool when the agent stands at its gate, else let it choose."""
    if spec.gate_tool is None:
        return "auto"
    at_gate = {
        "dates_check": state.pending_date is not None,
        "rooms_search": state.date_confirmed and bool(state.requirements.participants),
        "offer_compose": state.products_decided,
    }
    return spec.gate_tool if at_gate.get(spec.gate_tool) else "auto"
