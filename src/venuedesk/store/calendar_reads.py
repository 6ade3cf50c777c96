"""The reads behind the manager's calendar view: the bookings and the 2nd options waiting over a span of days, with
the thread and the client of their event, as the pure grid (`domain/calendar_grid.py`) takes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.domain.calendar_grid import GridBooking, GridWaiting
from venuedesk.store.models import BookingRow, EventRow, SecondOptionRow

WAITING = "waiting"


def grid_bookings(session: Session, first: date, last: date) -> list[GridBooking]:
    """Every booking (Option or Confirmed, lapsed options not yet released too) on the days first..last, with its
    event's thread and client; a booking without an event (a transcript's `given`) has neither."""
    query = (
        select(BookingRow.event_id, BookingRow.room_id, BookingRow.date, BookingRow.window_start,
               BookingRow.window_end, BookingRow.status, BookingRow.expires_at, EventRow.thread_id, EventRow.state)
        .outerjoin(EventRow, EventRow.id == BookingRow.event_id)
        .where(BookingRow.date >= first, BookingRow.date <= last)
        .order_by(BookingRow.date, BookingRow.room_id, BookingRow.start_min, BookingRow.id)
    )
    found = []
    for event_id, room_id, day, start, end, status, expires_at, thread_id, state in session.execute(query):
        client, participants = _client(state)
        found.append(GridBooking(event_id, thread_id, room_id, day, start, end,
                                 "Confirmed" if status == "Confirmed" else "Option", expires_at, client, participants))
    return found


def grid_waiting(session: Session, first: date, last: date) -> list[GridWaiting]:
    """The 2nd options still waiting for a room on the days first..last, in queue order, with their client."""
    query = (
        select(SecondOptionRow.event_id, SecondOptionRow.thread_id, SecondOptionRow.room_id, SecondOptionRow.date,
               SecondOptionRow.window_start, SecondOptionRow.window_end, SecondOptionRow.queued_at, EventRow.state)
        .outerjoin(EventRow, EventRow.id == SecondOptionRow.event_id)
        .where(SecondOptionRow.status == WAITING, SecondOptionRow.date >= first, SecondOptionRow.date <= last)
        .order_by(SecondOptionRow.queued_at, SecondOptionRow.id)
    )
    found = []
    for event_id, thread_id, room_id, day, start, end, queued_at, state in session.execute(query):
        client, participants = _client(state)
        found.append(GridWaiting(event_id, thread_id, room_id, day, start, end, queued_at, client, participants))
    return found


def _client(state: Any) -> tuple[str, int | None]:
    """Who the manager knows the event by (name, billing name, email or company) and its head count."""
    document = state if isinstance(state, dict) else {}
    billing = document.get("billing") or {}
    billing = billing if isinstance(billing, dict) else {}
    names = (document.get("client_name"), billing.get("name"), document.get("client_email"), billing.get("company"))
    client = next((str(name) for name in names if name), "")
    requirements = document.get("requirements") or {}
    participants = requirements.get("participants") if isinstance(requirements, dict) else None
    return client, participants if isinstance(participants, int) else None
