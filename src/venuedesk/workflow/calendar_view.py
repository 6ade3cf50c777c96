"""The manager's calendar view (docs/calendar-view.md): the bookings, 2nd options and external busy time of the
venue's rooms over a span of days, read in one unit of work and sorted into the pure grid of
`domain/calendar_grid.py`."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.calendar_grid import CalendarGrid, build_grid, grid_span
from venuedesk.store.calendar_reads import grid_bookings, grid_waiting
from venuedesk.workflow.desk import Desk


def calendar_grid(desk: Desk, first: date, days: int, language: str = "en") -> CalendarGrid:
    """Rooms × `days` days from `first` at the desk's clock; a room whose calendar cannot be read shows as
    unconfirmed (never free). GridRangeError for a span outside 1..MAX_DAYS days."""
    last = grid_span(first, days)
    venue = desk.venue
    with desk.uow() as uow:
        bookings = grid_bookings(uow.session, first, last)
        waiting = grid_waiting(uow.session, first, last)
    busy = desk.calendars.busy(venue.rooms, first, last)
    return build_grid(venue.rooms, first, days, bookings=bookings, waiting=waiting, busy=busy,
                      policies=venue.policies, now=desk.clock.now(), language=language)
