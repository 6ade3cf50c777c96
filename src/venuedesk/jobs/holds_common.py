"""What the hold jobs share (docs/design.md §4.13 Holds, Jobs): a turn on an event outside a client message, the
slot a booking row stands for, and the send of a job's message to the thread (footer, audit, outbox), which the
HIL reminder uses too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from venuedesk.clock import Clock
from venuedesk.domain.event import EventState
from venuedesk.store.models import BookingRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.tools.executor import RetryPolicy, ToolExecutor
from venuedesk.tools.registry import booking_tools
from venuedesk.understanding.model import Understanding
from venuedesk.jobs.base import JobDeps
from venuedesk.workflow import texts
from venuedesk.workflow.finish import reply_from_turn
from venuedesk.workflow.function_sheets import record_sheet
from venuedesk.workflow.second_options import moment_words
from venuedesk.workflow.sending import send_to_client
from venuedesk.workflow.turn import Turn

ACTOR = "desk"


def executor(clock: Clock) -> ToolExecutor:
    """The booking tools on the job's clock (a job's side effects go through the tools like a turn's)."""
    return ToolExecutor(booking_tools(), retry=RetryPolicy(), clock=clock.now)


def event_turn(uow: UnitOfWork, deps: JobDeps, clock: Clock, state: EventState) -> Turn:
    """A turn of the desk on `state` at the clock's time, for a job's change and message."""
    return Turn(uow=uow, venue=deps.venue, now=clock.now(), state=state, facts=Understanding(language=state.language),
                executor=executor(clock), turn_id=f"turn-{state.revision + 1}", actor=ACTOR, calendars=deps.calendars)


def accepted(state: EventState) -> bool:
    """The offer was accepted (or the event confirmed): the hold's clock has stopped."""
    return state.status == "Confirmed" or any(offer.status == "Accepted" for offer in state.offers)


def slot_words(turn: Turn, row: BookingRow, expires_at: datetime) -> dict[str, str]:
    """The room, date, window and expiry a hold notice states, in the client's language."""
    language = turn.language
    return {"room": turn.venue.room(row.room_id).label(language), "date": texts.long_date(row.date, language),
            "start": row.window_start, "end": row.window_end, **moment_words(expires_at, language)}


def send(turn: Turn) -> dict[str, Any]:
    """Send the turn's reply to the client once (thread, outbox, audit) and save the event."""
    reply = send_to_client(turn, reply_from_turn(turn), "auto")
    turn.state.revision += 1
    turn.uow.events.save(turn.state, turn.now)
    record_sheet(turn.uow, turn.venue, turn.state, turn.now)
    return reply.model_dump(mode="json")
