"""The manager's decision on a held reply (`reply_approval`, docs/design.md §4.13 Autonomy, `general: review`).

Approve → the held draft (text, tables, buttons) goes to the client once, with the footer of the event as it is
then, and its lists become what a short answer picks from (workflow/shown.py); edit → the manager's text is sent
instead, with the draft's tables; reject → nothing is sent. `manager.decide` claims the task exactly
once before calling this, so a repeated approval never sends twice.
"""

from __future__ import annotations

from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.engine import next_key_for
from venuedesk.workflow.finish import notice, reply_from_draft
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.shown import show_draft
from venuedesk.workflow.task_handlers.registry import Decision, handles


@handles(hil_guard.HELD_REPLY)
def decide_held_reply(decision: Decision) -> Reply:
    """Approve / edit: send the held reply (or the edited text) once; reject: send nothing and say so."""
    turn, task = decision.turn, decision.task
    state = turn.state
    hil_guard.settle_thread_state(turn.uow, state)
    if decision.decision == "reject":
        return notice(state, turn.turn_id, "manager", texts.say("manager.reply_rejected", decision.language),
                      next_key_for(turn), decision.hil)
    draft = task.draft or {}
    waiting = state.thread_state == "Waiting on HIL"
    next_key = next_key_for(turn) if waiting or not draft.get("next_key") else str(draft["next_key"])
    edited = decision.text if decision.decision == "edit" else None
    reply = reply_from_draft(draft, state, turn.turn_id, next_key, decision.hil, body=edited)
    show_draft(state, draft.get("shown"))
    return send_to_client(turn, reply, "edited" if edited is not None else "approved")
