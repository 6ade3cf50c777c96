"""`general: review` (docs/design.md §4.13 Autonomy): the desk's ordinary reply to a client message waits for a
manager instead of being sent at once.

The reply the turn drafted (acknowledgements, billing and deposit requests, answers, date and room proposals, with
their tables and buttons) is held as the draft of a `reply_approval` task; the client is told at once, in the usual
holding words, that the team will get back to them. The manager approves (the draft is sent once, as drafted),
edits (the edited text is sent) or rejects (nothing is sent) through `manager.decide` (task_handlers/reply.py).

Not held, whatever the setting: a reply that itself opened a manager task (an offer, counter, confirmation or
cancellation for review, a question for the team, a failed tool) or carries its own autonomy kind (an offer sent at
once under `offer: auto`), a holding reply, and a reply that closes the thread (a decline).
"""

from __future__ import annotations

import json
from typing import Any

from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.workflow import autonomy, hil_guard, shown, texts
from venuedesk.workflow.finish import notice
from venuedesk.workflow.reply import HilRef, Reply
from venuedesk.workflow.turn import Turn

TASK_TYPE = hil_guard.HELD_REPLY
SUMMARY_CHARS = 160


def must_hold(turn: Turn, reply: Reply) -> bool:
    """True when the venue reviews general replies and this turn's reply is an ordinary one (see the module)."""
    state = turn.state
    if turn.sent_kind is not None or turn.tasks_opened or turn.holding or state.thread_state == "Closed":
        return False
    if not reply.body_markdown.strip() and not reply.table_blocks:
        return False
    return autonomy.review_needed(turn.uow, turn.venue, "general")


def hold(turn: Turn, reply: Reply, next_key: str, shown_before: dict[str, Any]) -> Reply:
    """Hold `reply` for review when it must be (`must_hold`) and return what the client gets now: the holding
    reply naming the task; otherwise `reply` unchanged. The draft keeps the lists it shows; the event keeps those
    the client saw (`shown_before` the turn, shown.withhold) until the draft is sent."""
    if not must_hold(turn, reply):
        return reply
    state = turn.state
    draft = {"agent": reply.agent, "body_markdown": reply.body_markdown,
             "table_blocks": [table.model_dump(mode="json") for table in reply.table_blocks],
             "actions": [action.model_dump(mode="json") for action in reply.actions],
             "next_key": next_key, "kind": "general", "shown": shown.withhold(state, shown_before)}
    first_line = (reply.body_markdown.strip().splitlines() or [reply.table_blocks[0].title])[0]
    summary = f"Reply to the client ({turn.turn_id}): {first_line[:SUMMARY_CHARS]}"
    task = turn.call("hil_create", HilCreateArgs(type=TASK_TYPE, summary=summary, draft_json=json.dumps(draft)))
    state.thread_state = "Waiting on HIL"
    hil = HilRef(task_id=task.task_id, type=TASK_TYPE, status=task.status)
    return notice(state, turn.turn_id, reply.agent, texts.say("holding_team", turn.language), "venue_answers", hil)
