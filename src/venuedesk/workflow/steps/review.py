"""A message the desk cannot act on at steps 5–7 goes to the venue's team as a `manual_review` task."""

from __future__ import annotations

from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.workflow.reply import HilRef
from venuedesk.workflow.turn import Turn


def to_the_team(turn: Turn, text: str) -> None:
    """Open a `manual_review` task with the message and tell the client the team will answer."""
    task = turn.call("hil_create", HilCreateArgs(type="manual_review", summary=text[:500]))
    turn.state.thread_state = "Waiting on HIL"
    turn.hil = HilRef(task_id=task.task_id, type="manual_review", status=task.status)
    turn.say("manual_review")
    turn.next_key = "venue_answers"
