"""2nd options (docs/design.md §4.13 Holds and ranked options): a client takes the next option on a room another
event holds, and the first waiting option is promoted to a hold the moment the slot is freed for good.

Taking an option is not a hold: the event stays a Lead with no locked room. Promotion runs wherever a hold is
released (`room.on_release`: a decline, a cancellation, an expiry, a hold that moved) and in the jobs' sweep;
the queue order and who may go next are the pure rules of `domain.holds` (`due_hold_actions`, `option_rank`).
A promoted client gets one message on their own thread (and outbox), in the same transaction as the promotion.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.domain.holds import due_hold_actions
from venuedesk.store.models import EventRow, SecondOptionRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.booking_models import RoomHoldArgs, SecondOptionTakeArgs
from venuedesk.tools.executor import ToolExecutor
from venuedesk.tools.holds import slot_holds
from venuedesk.understanding.model import Understanding
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.engine import advance
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.steps import calendar_check, room
from venuedesk.workflow.turn import Turn

ACTION = "take_second_option"
MAX_PROMOTIONS = 20  # per freed slot and call: bounds the loop over voided options
log = logging.getLogger(__name__)


def position(rank: int, language: str) -> str:
    """An option's place in line as an ordinal: `2nd`, `3rd` / `2.`."""
    if language == "de":
        return f"{rank}."
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def moment_words(moment: datetime, language: str) -> dict[str, str]:
    """A moment as the date and time a message states (`expires_date`, `expires_time`)."""
    return {"expires_date": texts.long_date(moment.date(), language), "expires_time": moment.strftime("%H:%M")}


def take(turn: Turn, room_id: str) -> None:
    """The `take_second_option` action: queue the event behind the hold on `room_id` and tell the client their
    place and what happens next; a free room is simply chosen, a booked or unfitting one explained."""
    turn.agent = "rooms_agent"
    state, req = turn.state, turn.state.requirements
    result = turn.call("second_option_take", SecondOptionTakeArgs(room_id=room_id))
    name = turn.venue.room(room_id).label(turn.language)
    if result.status == "needs_date":
        turn.say("second_option_needs_date", room=name)
        turn.next_key = "date" if state.current_step <= 2 else "room"
        return
    if result.status == "holds_room":
        held = turn.venue.room(state.locked_room_id or room_id).label(turn.language)
        turn.say("second_option_holds_room", room=name, held=held)
        turn.next_key = None
        return
    if result.status == "not_on_option":  # free (it is chosen and held) or booked / not fitting (explained)
        state.requirements.preferred_room = None
        room.run(turn, room_id)
        return
    assert state.chosen_date and req.start_time and req.end_time and result.rank is not None
    key = "second_option_taken" if result.status == "queued" else "second_option_already"
    turn.say(key, position=position(result.rank, turn.language), room=name,
             date=texts.long_date(state.chosen_date, turn.language), start=req.start_time, end=req.end_time)
    if result.ahead_expires_at:
        ahead = datetime.fromisoformat(result.ahead_expires_at)
        turn.say("second_option_ahead_until", **moment_words(ahead, turn.language))
    turn.say("second_option_next", days=turn.venue.policies.option_days)
    turn.next_key = "second_option"


def _on_release(turn: Turn, room_id: str, day: date) -> None:
    """A slot this turn's event held is free: promote the first option waiting for it (another event's)."""
    promote_waiting(turn.uow, turn.venue, turn.executor, turn.now, room_id, day, calendars=turn.calendars)


room.on_release(_on_release)


def promote_waiting(
    uow: UnitOfWork, venue: Venue, executor: ToolExecutor, now: datetime, room_id: str, day: date,
    actor: str = "desk", calendars: CalendarReader = NO_CALENDARS,
) -> list[dict[str, Any]]:
    """Promote, in queue order, every waiting option on `room_id` around `day` that nothing blocks any more;
    an option whose event moved on (another date, window or room, or closed) is voided and the next one tried.
    Returns the replies sent to the promoted clients. A promotion that fails is rolled back alone: the option
    keeps its place and the jobs' sweep tries again. The hold checks the venue's `calendars`: a room busy there is
    not promoted into (the option ends and its client is told)."""
    sent: list[dict[str, Any]] = []
    tried: set[str] = set()
    for _ in range(MAX_PROMOTIONS):
        due = [action for action in due_hold_actions(slot_holds(uow, venue, now, room_id, day), now, venue.policies)
               if action.kind == "promote" and action.hold_id not in tried]
        if not due:
            break
        tried.add(due[0].hold_id)
        savepoint = uow.session.begin_nested()
        try:
            reply = _promote(uow, venue, executor, now, int(due[0].hold_id.removeprefix("option-")), actor, calendars)
        except Exception:  # one client's failed promotion must not fail the release that freed the room
            savepoint.rollback()
            log.exception("promoting option %s on %s failed; the sweep retries it", due[0].hold_id, room_id)
            continue
        savepoint.commit()
        if reply is not None:
            sent.append(reply)
    return sent


def fresh_event(uow: UnitOfWork, event_id: str) -> EventState | None:
    """The event as the database has it now (not a copy this session read before taking a lock)."""
    row = uow.session.get(EventRow, event_id, populate_existing=True)
    return None if row is None else EventState.model_validate(row.state)


def _still_wanted(state: EventState | None, room_id: str, day: date, start: str, end: str) -> bool:
    """The queued event still asks for this slot: a Lead without a hold, same date and window, not closed."""
    if state is None or state.status != "Lead" or state.locked_room_id or state.thread_state == "Closed":
        return False
    req = state.requirements
    return state.chosen_date == day and req.start_time == start and req.end_time == end


def _promote(
    uow: UnitOfWork, venue: Venue, executor: ToolExecutor, now: datetime, option_id: int, actor: str,
    calendars: CalendarReader = NO_CALENDARS,
) -> dict[str, Any] | None:
    """Hold the slot for the queued event, move it on to the offer step and tell its client; None when the
    option was settled meanwhile, voided, or the room could not be held."""
    first = uow.holds.option(option_id)
    if first is None:
        return None
    uow.lock_thread(first.thread_id)
    row = uow.holds.option(option_id)  # read again under the thread lock: another worker may have acted
    if row is None or row.status != "waiting":
        return None
    state = fresh_event(uow, row.event_id)
    if not _still_wanted(state, row.room_id, row.date, row.window_start, row.window_end):
        uow.holds.settle(row.id, "void", now)
        return None
    assert state is not None
    turn = Turn(uow=uow, venue=venue, now=now, state=state, facts=Understanding(language=state.language),
                executor=executor, turn_id=f"turn-{state.revision + 1}", actor=actor, calendars=calendars)
    result = turn.call("room_hold", RoomHoldArgs(room_id=row.room_id, date=row.date, start_time=row.window_start,
                                                 end_time=row.window_end))
    if result.status != "held":
        return _not_free_after_all(turn, row, result.reason)
    if not uow.holds.settle(row.id, "promoted", now):
        raise RuntimeError(f"option {option_id}: settled by another worker meanwhile")
    room.record_hold(turn, row.room_id, result.expires_at)
    state.requirements.preferred_room = None
    expires = datetime.fromisoformat(result.expires_at) if result.expires_at else now
    turn.notes.append(texts.say(
        "second_option_promoted", turn.language, room=venue.room(row.room_id).label(turn.language),
        date=texts.long_date(row.date, turn.language), start=row.window_start, end=row.window_end,
        **moment_words(expires, turn.language)))
    if result.unconfirmed:
        calendar_check.open_check(turn, row.room_id, result.unconfirmed)
    turn.agent = "rooms_agent"
    turn.leave_step(4, f"2nd option on {row.room_id} promoted to a hold")
    advance(turn)
    hil_guard.settle_thread_state(uow, state)
    reply = send_to_client(turn, reply_from_turn(turn), "auto")
    state.revision += 1
    uow.events.save(state, now)
    return reply.model_dump(mode="json")


def _not_free_after_all(turn: Turn, row: SecondOptionRow, reason: str | None) -> dict[str, Any] | None:
    """The slot was freed but the room cannot be held for the waiting client (another booking took the time first):
    the option ends (void) and its client is told at once, with the rooms free then, instead of waiting in silence
    for a promotion that cannot come (docs/design.md §4.13). None when another worker settled it meanwhile."""
    uow, state, now = turn.uow, turn.state, turn.now
    if not uow.holds.settle(row.id, "void", now):
        return None
    room_name = turn.venue.room(row.room_id).label(turn.language)
    state.record("step", at=now, actor=turn.actor,
                 reason=f"2nd option on {row.room_id} ended: the room could not be held ({reason or 'taken'})",
                 detail={"room_id": row.room_id, "option_id": row.id, "outcome": "void", "reason": reason})
    turn.notes.append(texts.say("second_option_not_free", turn.language, room=room_name,
                                date=texts.long_date(row.date, turn.language), start=row.window_start,
                                end=row.window_end))
    state.requirements.preferred_room = None
    advance(turn)  # step 3: the rooms free for the event's date and window now
    hil_guard.settle_thread_state(uow, state)
    reply = send_to_client(turn, reply_from_turn(turn), "auto")
    state.revision += 1
    uow.events.save(state, now)
    return reply.model_dump(mode="json")
