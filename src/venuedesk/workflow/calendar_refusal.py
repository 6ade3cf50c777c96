"""The manager rejects a calendar check (workflow/steps/calendar_check.py): the venue's calendar shows the room busy
after all. Before an offer was sent, the hold is released, a waiting offer draft and its approval task are
superseded, the event goes back to the room step and the client is told and shown the rooms free now; later on
the task only closes (the team settles a sent offer with the client by hand)."""

from __future__ import annotations

from typing import Any

from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.finish import notice, reply_from_turn
from venuedesk.workflow.reply import HilRef, Reply
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps import calendar_check, room
from venuedesk.workflow.turn import Turn


def applies(turn: Turn, task: Any) -> bool:
    """A rejected calendar check whose room and date the event still holds, before any offer was sent."""
    if not calendar_check.is_calendar_check(task):
        return False
    state, slot = turn.state, (task.draft or {})[calendar_check.DRAFT_KEY]
    held = state.locked_room_id == slot.get("room_id") and state.chosen_date is not None \
        and state.chosen_date.isoformat() == slot.get("date")
    return held and state.current_step <= 4


def refuse(turn: Turn, task: Any, hil: HilRef, language: str = "en") -> Reply:
    """Release the held room, supersede a waiting offer draft, tell the client and show the rooms free now; the
    manager's notice (in their `language`) says what was done."""
    state = turn.state
    room_id = state.locked_room_id or ""
    for open_task in turn.uow.hil.open_for_thread(state.thread_id):
        if open_task.type == "offer_approval":
            turn.uow.hil.decide(open_task.id, "superseded", {"reason": "the room is busy in the venue's calendar"},
                                "engine", turn.now)
    for offer in state.offers:
        if offer.status == "Draft":
            offer.status = "Superseded"
    room.release_hold(turn)
    state.caller_step = None
    state.requirements.preferred_room = None
    turn.move_to(3, f"calendar check: {room_id} is busy in the venue's calendar")
    day = state.chosen_date
    turn.notes.append(texts.say("calendar_busy_after_all", turn.language,
                                room=turn.venue.room(room_id).label(turn.language),
                                date=texts.long_date(day, turn.language) if day else ""))
    room.run(turn)
    hil_guard.settle_thread_state(turn.uow, state)
    send_to_client(turn, reply_from_turn(turn), "auto")
    body = texts.say("hil_calendar_refused", language, room=turn.venue.room(room_id).label(language))
    return notice(state, turn.turn_id, "manager", body, turn.next_key or "room", hil)
