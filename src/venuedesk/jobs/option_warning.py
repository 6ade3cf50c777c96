"""Job `option_warning` (docs/design.md §4.13 Holds): 48 h before an option hold lapses its client is warned
once, never earlier, with the room, date, window and the expiry's date and time, in the client's language.

The rule is `domain.holds.due_hold_actions` (a `warn` action); the notice is claimed in `hold_notices` under a
key naming the event and the expiry, in the transaction that appends the message and queues it in the outbox,
under the thread's lock: two workers, a retry or a later run never send it twice. A hold that moved keeps its
expiry and so its key; an accepted offer stops the clock and the warning.
"""

from __future__ import annotations

from datetime import datetime, UTC

from venuedesk.clock import Clock
from venuedesk.domain import windows
from venuedesk.domain.holds import WARNING_BEFORE_EXPIRY, Hold, due_hold_actions
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.jobs.holds_common import accepted, event_turn, send, slot_words
from venuedesk.store.models import BookingRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.holds import placed_for
from venuedesk.workflow.second_options import fresh_event

NAME = "option_warning"
KIND = "warning"


def notice_key(event_id: str, expires_at: datetime) -> str:
    """The once-only key of the warning for one hold placement: the event and the expiry it warns of."""
    return f"option-warning:{event_id}:{expires_at.astimezone(UTC):%Y%m%dT%H%MZ}"


def _candidates(uow: UnitOfWork, now: datetime) -> list[BookingRow]:
    """Running options whose warning time has come and whose warning was not sent (other events' `given`
    holds, with no thread, are never warned)."""
    rows = uow.holds.options_expiring_before(now + WARNING_BEFORE_EXPIRY, after=now)
    return [row for row in rows if row.expires_at is not None
            and not uow.holds.notice_sent(notice_key(row.event_id, row.expires_at))
            and uow.events.get(row.event_id) is not None]


def _due(deps: JobDeps, row: BookingRow, now: datetime, sent: bool) -> bool:
    """The pure rule: is this hold's warning due now (once, never earlier, not after the expiry)?"""
    assert row.expires_at is not None
    room = deps.venue.room(row.room_id)
    hold = Hold.for_window(room, row.date, windows.parse_hhmm(row.window_start), windows.parse_end(row.window_end),
                           hold_id=f"event-{row.event_id}", event_id=row.event_id, state="held",
                           queued_at=row.placed_at, placed_at=placed_for(row.expires_at, deps.venue),
                           warning_sent_at=now if sent else None)
    return any(action.kind == "warn" for action in due_hold_actions([hold], now, deps.venue.policies))


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Holds whose warning is due now and not yet sent."""
    with deps.read(clock) as uow:
        now = clock.now()
        return sum(_due(deps, row, now, False) for row in _candidates(uow, now))


def warn_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Warn each due hold's client once; each hold in its own transaction under its thread's lock."""
    with deps.read(clock) as uow:
        due = [(row.id, state.event_id, state.thread_id) for row in _candidates(uow, clock.now())
               if (state := uow.events.get(row.event_id)) is not None]
    return run_units(deps, clock, NAME, due, lambda uow, unit: _warn(uow, deps, clock, *unit))


def _warn(
    uow: UnitOfWork, deps: JobDeps, clock: Clock, booking_id: int, event_id: str, thread_id: str
) -> UnitDone | None:
    """Warn one hold's client, re-checked under the thread's lock (a turn or another worker may have acted)."""
    uow.lock_thread(thread_id)
    state = fresh_event(uow, event_id)
    row = next((r for r in uow.bookings.for_event(event_id) if r.id == booking_id and r.status == "Option"), None)
    now = clock.now()
    if state is None or row is None or row.expires_at is None or accepted(state):
        return None
    key = notice_key(event_id, row.expires_at)
    if not _due(deps, row, now, uow.holds.notice_sent(key)) or not uow.holds.claim_notice(key, event_id, KIND, now):
        return None
    turn = event_turn(uow, deps, clock, state)
    turn.agent = "desk"
    turn.say("option_warning", **slot_words(turn, row, row.expires_at))
    return UnitDone(1, [send(turn)])


OPTION_WARNING = register(Job(NAME, due=count_due, run=warn_due,
                              description="warn an option's client once, 48 h before the hold lapses"))
