"""An offer approved after its hold lapsed (docs/design.md §4.13 Holds): nothing is sent, the hold is released, the
event goes back to the room step and the client is told the room is no longer held, with the rooms free then."""

from __future__ import annotations

from typing import Any

from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.finish import notice, reply_from_turn
from venuedesk.workflow.lost_exits import record_lapse
from venuedesk.workflow.reply import HilRef, Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps import room
from venuedesk.workflow.turn import Turn

CLIENT_KEYS = {"taken": "hold_lapsed_taken", "lapsed": "hold_lapsed", "released": "hold_lapsed"}
MANAGER_KEYS = {"taken": "hil_hold_taken", "lapsed": "hil_hold_lapsed", "released": "hil_hold_released"}


def close_lapsed(
    turn: Turn, task: Any, decision: str, problem: str, hil: HilRef, language: str = "en"
) -> Reply:
    """Release the lapsed hold, return the event to step 3, tell the client; the manager's reply, in their `language`,
    says why."""
    state = turn.state
    room_id = state.locked_room_id or (state.offer.room_id if state.offer else "")
    room_name = turn.venue.room(room_id).label(turn.language) if room_id else turn.venue.name
    day = state.chosen_date
    state.record("manager_decision", at=turn.now, actor=turn.actor,
                 reason=f"{decision} task {task.id}: closed as superseded, the hold on {room_id} {problem}",
                 detail={"task_id": task.id, "decision": decision, "outcome": "superseded", "reason": problem})
    from_status = state.status
    room.release_hold(turn)
    record_lapse(turn, from_status, room_id or None)
    for offer in state.offers:
        if offer.status in ("Draft", "Sent"):  # a Sent one: a counter decided after the lapse
            offer.status = "Superseded"
    state.caller_step = None
    state.requirements.preferred_room = None
    turn.move_to(3, f"hold on {room_id} {problem} before the offer was approved")
    date_text = texts.long_date(day, turn.language) if day else ""
    turn.notes.append(texts.say(CLIENT_KEYS[problem], turn.language, room=room_name, date=date_text))
    if day and state.requirements.start_time and state.requirements.end_time:
        room.run(turn)
    hil_guard.settle_thread_state(turn.uow, state)
    send_to_client(turn, reply_from_turn(turn), "auto")
    manager_date = texts.long_date(day, language) if day else ""
    body = texts.say(MANAGER_KEYS[problem], language, room=room_id and turn.venue.room(room_id).label(language),
                     date=manager_date, offer=task.offer_id or "")
    return notice(state, turn.turn_id, "manager", body, turn.next_key or "room", hil)
