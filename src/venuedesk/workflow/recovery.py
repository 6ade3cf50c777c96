"""When a tool fails for good: the turn's work is rolled back and the venue's team gets a `tool_failure` task."""

from __future__ import annotations

from venuedesk.domain.event import EventState
from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import ToolFailed, Turn


def fail_turn(turn: Turn, state: EventState, failure: ToolFailed) -> Turn:
    """A fresh turn on the event as it was before, Waiting on HIL with a task naming the failed tool."""
    recovered = Turn(uow=turn.uow, venue=turn.venue, now=turn.now, state=state, facts=turn.facts,
                     executor=turn.executor, turn_id=turn.turn_id, actor=turn.actor)
    recovered.calls_made = turn.calls_made
    summary = f"Tool {failure.name} failed: {failure.error}"[:1900]
    task = recovered.call("hil_create", HilCreateArgs(type="tool_failure", summary=summary))
    state.thread_state = "Waiting on HIL"
    recovered.hil = HilRef(task_id=task.task_id, type="tool_failure", status=task.status)
    recovered.agent = "fallback_agent"
    recovered.say("tool_failure")
    recovered.next_key = "venue_answers"
    return recovered
