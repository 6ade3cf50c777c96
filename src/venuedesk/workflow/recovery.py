"""When a turn fails (a tool failing for good, or an unexpected error in the engine or the understanding).

The turn's partial work is rolled back by the caller (holds, tool calls, tasks, step moves: nothing is left
half-written), but what the client said is kept: the facts understood from the message are captured again
on the event as it was before the turn, so nothing has to be repeated. The venue's team gets one task
(docs/design.md §4.9: `tool_failure` for a tool that kept failing, `manual_review` for any other error), the thread
waits on them, and the client gets a plain reply in their language with no internal words.
"""

from __future__ import annotations

import logging
from typing import Literal

from venuedesk.domain.event import EventState
from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.understanding.capture import capture
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import ToolFailed, Turn

log = logging.getLogger(__name__)
MAX_SUMMARY_CHARS = 1900


def fail_turn(turn: Turn, state: EventState, failure: Exception) -> Turn:
    """A fresh turn on the event as it was, with the message's facts kept, Waiting on HIL with a task."""
    recovered = Turn(uow=turn.uow, venue=turn.venue, now=turn.now, state=state, facts=turn.facts,
                     executor=turn.executor, turn_id=turn.turn_id, actor=turn.actor, calendars=turn.calendars)
    recovered.calls_made = turn.calls_made
    _keep_facts(recovered)
    tool_failed = isinstance(failure, ToolFailed)
    kind: Literal["tool_failure", "manual_review"] = "tool_failure" if tool_failed else "manual_review"
    recovered.state.thread_state = "Waiting on HIL"
    recovered.agent = "fallback_agent"
    recovered.say("tool_failure" if tool_failed else "turn_failed")
    recovered.next_key = "venue_answers"
    try:
        task = recovered.call("hil_create", HilCreateArgs(type=kind, summary=_summary(failure)))
    except Exception:  # the team is told through the log when even the task cannot be written
        log.exception("turn %s on thread %s: no task could be opened for its failure", turn.turn_id,
                      state.thread_id)
        return recovered
    recovered.hil = HilRef(task_id=task.task_id, type=kind, status=task.status)
    return recovered


def _keep_facts(turn: Turn) -> None:
    """Capture the message's facts on the restored event; if that itself fails, keep the event as it was."""
    state = turn.state
    state.language = turn.facts.language
    before = state.model_copy(deep=True)
    try:
        capture(state, turn.facts, turn.now.date(), turn.venue)
    except Exception:
        log.exception("turn %s on thread %s: the message's facts could not be kept", turn.turn_id,
                      state.thread_id)
        turn.state = before


def _summary(failure: Exception) -> str:
    """What the manager reads on the task: which tool failed and why, or the error the desk hit."""
    if isinstance(failure, ToolFailed):
        text = f"Tool {failure.name} failed: {failure.error}"
    else:
        text = f"The desk could not finish this request ({type(failure).__name__}: {failure}); please review."
    return text[:MAX_SUMMARY_CHARS]
