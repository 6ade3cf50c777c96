"""Job `option_expiry` (docs/design.md §4.13 Holds): an option hold lapses at placed_at + 7 × 24 h, to the minute.

At expiry the hold is released (`locked_room_id` null), the event is a Lead at step 3 again, an offer still
waiting for approval (or sent and not accepted) is superseded with its task, and the client is told, with the
rooms free then; nothing is held again automatically, not even a preferred room. Releasing the hold promotes
the first 2nd option waiting behind it (`room.release_hold` → `second_options`). A hold placed by another
client's event without a thread (a transcript's `given`) is released and promotes the same way. An accepted
offer's hold does not lapse: acceptance stops its clock.

Each hold is one unit of work under its thread's lock (or, for a hold without a thread, a conditional DELETE),
re-checked there, so two workers, a retry or a later run release and tell exactly once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from venuedesk.clock import Clock
from venuedesk.domain import windows
from venuedesk.domain.holds import Hold, due_hold_actions
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.jobs.holds_common import ACTOR, accepted, event_turn, executor, send, slot_words
from venuedesk.store.models import BookingRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.holds import placed_for
from venuedesk.workflow import hil_guard, texts
from venuedesk.workflow.lost_exits import record_exit
from venuedesk.workflow.second_options import fresh_event, promote_waiting
from venuedesk.workflow.steps import room

NAME = "option_expiry"
OFFER_TASKS = frozenset({"offer_approval", "counter_offer", "counter_limit"})
CLOSED = frozenset({"Lost", "Cancelled"})


def lapsed(deps: JobDeps, row: BookingRow, clock: Clock) -> bool:
    """The pure rule (`due_hold_actions`): this running option's expiry has come."""
    if row.status != "Option" or row.expires_at is None:
        return False
    hold = Hold.for_window(deps.venue.room(row.room_id), row.date, windows.parse_hhmm(row.window_start),
                           windows.parse_end(row.window_end), hold_id=f"booking-{row.id}", event_id=row.event_id,
                           state="held", queued_at=row.placed_at, placed_at=placed_for(row.expires_at, deps.venue))
    return any(action.kind == "expire" for action in due_hold_actions([hold], clock.now(), deps.venue.policies))


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Option holds whose expiry has come and that are still in the calendar."""
    with deps.read(clock) as uow:
        return sum(lapsed(deps, row, clock) for row in uow.holds.options_expiring_before(clock.now()))


def expire_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Release every lapsed hold once and tell its client; promote the options waiting behind it."""
    with deps.read(clock) as uow:
        due = []
        for row in uow.holds.options_expiring_before(clock.now()):
            if lapsed(deps, row, clock):
                state = uow.events.get(row.event_id)
                due.append((row.id, row.event_id, state.thread_id if state else None, row.room_id, row.date))
    return run_units(deps, clock, NAME, due, lambda uow, unit: _expire(uow, deps, clock, *unit))


def _expire(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, booking_id: int, event_id: str, thread_id: str | None,
    room_id: str, day: date,
) -> UnitDone | None:
    """Release one lapsed hold, quietly when it has no thread; None when it was no longer lapsed or released."""
    if thread_id is None:
        sent = _release_quietly(uow, deps, clock, booking_id, room_id, day)
    else:
        sent = _expire_event(uow, deps, clock, booking_id, event_id, thread_id)
    return None if sent is None else UnitDone(1, sent)


def _release_quietly(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, booking_id: int, room_id: str, day: date
) -> list[dict[str, Any]] | None:
    """A lapsed hold with nobody to tell (another client's event without a thread, or a closed event): delete
    it if it is still there and lapsed, then promote the options waiting for the slot."""
    now = clock.now()
    if not uow.holds.release_expired(booking_id, now):
        return None
    return promote_waiting(uow, deps.venue, executor(clock), now, room_id, day, calendars=deps.calendars)


def _expire_event(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, booking_id: int, event_id: str, thread_id: str
) -> list[dict[str, Any]] | None:
    """Release one event's lapsed hold and tell its client, re-checked under the thread's lock."""
    uow.lock_thread(thread_id)
    state = fresh_event(uow, event_id)
    row = next((r for r in uow.bookings.for_event(event_id) if r.id == booking_id), None)
    if state is None or row is None or not lapsed(deps, row, clock):
        return None
    if accepted(state):  # acceptance stopped the clock; make the calendar say so
        uow.holds.stop_clock(event_id)
        return []
    if state.status in CLOSED or state.locked_room_id != row.room_id:
        return _release_quietly(uow, deps, clock, booking_id, row.room_id, row.date)
    turn = event_turn(uow, deps, clock, state)
    assert row.expires_at is not None
    words = slot_words(turn, row, row.expires_at)
    for task in uow.hil.open_for_thread(thread_id):
        if task.type in OFFER_TASKS:
            uow.hil.decide(task.id, "superseded", {"reason": f"the option on {row.room_id} lapsed"}, ACTOR, turn.now)
    for offer in state.offers:
        if offer.status in ("Draft", "Sent"):
            offer.status = "Superseded"
    from_status = state.status
    room.release_hold(turn)
    record_exit(turn, "expired", from_status, state.status, row.room_id)
    uow.holds.release_expired(booking_id, turn.now)  # a second row of the same event, if the tool left one
    state.caller_step = None
    state.requirements.preferred_room = None
    turn.move_to(3, f"option on {row.room_id} lapsed at {row.expires_at.isoformat()}")
    turn.notes.append(texts.say("option_expired", turn.language, **words))
    req = state.requirements
    if state.date_confirmed and state.chosen_date and req.start_time and req.end_time:
        room.run(turn)  # the rooms free now, as a table; nothing is held again by itself
    hil_guard.settle_thread_state(uow, state)
    return [send(turn)]


OPTION_EXPIRY = register(Job(NAME, due=count_due, run=expire_due,
                             description="release lapsed option holds, tell the client, promote the 2nd option"))
