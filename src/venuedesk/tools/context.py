"""What a booking tool handler can see: the unit of work, the venue, the clock and the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from venuedesk.calendars.ports import NO_CALENDARS, CalendarReader
from venuedesk.domain.availability import Booking
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from venuedesk.store.uow import UnitOfWork


@dataclass
class BookingToolContext:
    """Per-turn context handed to every booking tool; the executor uses `session` for savepoints."""

    uow: UnitOfWork
    venue: Venue
    now: datetime
    state: EventState
    thread_id: str
    actor: str = "client"
    """Who acts: "client" in a client turn, the manager's id in a manager decision (manager-only tools check it)."""
    drafted_by: dict[str, str] | None = None
    """{provider, model} when a model understood the message this turn answers; a task's draft carries it."""
    calendars: CalendarReader = NO_CALENDARS
    """The venue's external calendars (CalDAV, ICS): their busy time blocks rooms like Confirmed bookings."""

    @property
    def session(self) -> Session:
        return self.uow.session

    @property
    def today(self) -> date:
        return self.now.date()

    def bookings_between(self, first: date, last: date) -> dict[date, list[Booking]]:
        """Bookings on each day of [first, last], one indexed query for the whole span."""
        by_day: dict[date, list[Booking]] = {}
        for booking in self.uow.bookings.on_dates(first, last):
            by_day.setdefault(booking.date, []).append(booking)
        return by_day
