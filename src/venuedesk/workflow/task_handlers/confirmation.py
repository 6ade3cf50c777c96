"""The manager's decisions on step-7 tasks (docs/design.md §4.8, §4.13).

`confirmation_approval`: approve or edit → the event is Confirmed, its hold becomes a confirmed booking that
never expires (`booking_confirm`), and the confirmation goes to the client once, with the `.ics` invite; the
thread stays at step 7, Awaiting Client. Reject → nothing is sent and a new draft opens a new task (§4.8).

`cancellation`: approve or edit → the event is Cancelled, the room released (`event_cancel`), the refund by
the policy stated to the client, the thread Closed. Reject → the booking stands and the client is told so.

`manager.decide` has claimed the task exactly once before calling these, so a repeated decision never gets here.
"""

from __future__ import annotations

import json

from venuedesk.tools.booking_models import HilCreateArgs
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.cancellation import cancel_confirmed
from venuedesk.workflow.engine import next_key_for
from venuedesk.workflow.finish import notice, reply_from_draft
from venuedesk.workflow.reply import HilRef, Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps import confirmation
from venuedesk.workflow.task_handlers.registry import Decision, handles


@handles("confirmation_approval")
def decide_confirmation(decision: Decision) -> Reply:
    """Approve / edit: confirm the booking and send the confirmation once; reject: a redraft for review."""
    turn, task = decision.turn, decision.task
    state = turn.state
    problems = _confirmation_problems(decision)
    if problems:
        hil_guard.settle_thread_state(turn.uow, state)
        reason = ", ".join(texts.say(f"manager.blocker.{code}", decision.language) for code in problems)
        body = texts.say("manager.confirmation_not_possible", decision.language, reason=reason)
        return notice(state, turn.turn_id, "manager", body, next_key_for(turn), decision.hil)
    if decision.decision == "reject":
        return _redraft(decision)
    lost_hold = confirmation.confirm_booking(turn)
    hil_guard.settle_thread_state(turn.uow, state)
    if lost_hold is not None:
        body = texts.say("manager.confirmation_not_possible", decision.language,
                         reason=texts.say(f"manager.blocker.{lost_hold}", decision.language))
        return notice(state, turn.turn_id, "manager", body, next_key_for(turn), decision.hil)
    edited = decision.text if decision.decision == "edit" else None
    reply = reply_from_draft(task.draft or {}, state, turn.turn_id, "booking_confirmed", decision.hil, body=edited)
    return send_to_client(turn, reply, "edited" if edited is not None else "approved")


def _confirmation_problems(decision: Decision) -> list[str]:
    """Why this task can no longer confirm: the event left step 7, its offer changed, or a condition lapsed."""
    state, task = decision.turn.state, decision.task
    found = confirmation.blockers(state)
    live = state.offer
    if state.current_step != 7 or live is None or live.offer_id != task.offer_id or live.version != task.offer_version:
        found.insert(0, "changed")
    return found


def _redraft(decision: Decision) -> Reply:
    """Nothing is sent; the same confirmation is drafted again (with the manager's note) for a new task."""
    turn, task = decision.turn, decision.task
    state = turn.state
    offer = state.offer
    assert offer is not None
    draft = confirmation.draft_confirmation(turn, offer)
    draft["manager_note"] = decision.note
    draft["redraft_of"] = task.id
    created = turn.call("hil_create", HilCreateArgs(
        type=confirmation.TASK_TYPE, summary=f"{task.summary} (redraft after rejection)"[:2000],
        draft_json=json.dumps(draft), offer_id=offer.offer_id, offer_version=offer.version))
    state.thread_state = "Waiting on HIL"
    new_hil = HilRef(task_id=created.task_id, type=confirmation.TASK_TYPE, status=created.status)
    body = texts.say("manager.confirmation_rejected", decision.language)
    return notice(state, turn.turn_id, "manager", body, "confirm_review", new_hil)


@handles("cancellation")
def decide_cancellation(decision: Decision) -> Reply:
    """Approve / edit: Cancelled, room released, refund stated, thread Closed; reject: the booking stands."""
    turn, task = decision.turn, decision.task
    state = turn.state
    pending = state.cancellation
    if state.status != "Confirmed" or pending is None or pending.status != "requested":
        hil_guard.settle_thread_state(turn.uow, state)
        return notice(state, turn.turn_id, "manager", texts.say("hil_closed", decision.language), next_key_for(turn),
                      decision.hil)
    if decision.decision == "reject":
        pending.status = "refused"
        hil_guard.settle_thread_state(turn.uow, state)
        return send_to_client(turn, _kept_reply(decision), "auto")
    cancel_confirmed(turn)
    edited = decision.text if decision.decision == "edit" else None
    reply = reply_from_draft(task.draft or {}, state, turn.turn_id, "booking_closed", decision.hil, body=edited)
    return send_to_client(turn, reply, "edited" if edited is not None else "approved")


def _kept_reply(decision: Decision) -> Reply:
    """The client's message when the manager keeps the booking: it stands as confirmed."""
    turn = decision.turn
    state, language = turn.state, turn.language
    assert state.chosen_date is not None
    room = turn.venue.room(state.locked_room_id).label(language) if state.locked_room_id else "–"
    body = texts.say("cancel_kept", language, room=room, date=texts.long_date(state.chosen_date, language))
    return notice(state, turn.turn_id, "offer_agent", body, "booking_confirmed", decision.hil)
