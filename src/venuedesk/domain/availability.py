"""Room availability for a window on a date: Available, Option (held, waitlist possible) or Confirmed.

A booking stores its window *with* its room's buffers; a request is widened by the room's buffers too,
so two events in one room always have both buffers between them. Windows that only touch do not
overlap. A window may run past midnight (its end, and its after-buffer, beyond minute 1440), so a request
is checked against the bookings of the day before and the day after too, each seen from the request's
midnight. Expired option holds and the asking event's own booking never block; leads hold nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from venuedesk.domain.catalogue import Policies, Room
from venuedesk.domain.windows import MinuteWindow, buffered_window, seen_from

Day = date  # the field `Booking.date` shadows the type inside the class body
RoomStatus = Literal["Available", "Unconfirmed", "Option", "Confirmed"]
"""`room_status` gives Available, Option or Confirmed; `confirmed_by_calendars` turns Available into Unconfirmed when
a calendar of the room could not be read (docs/design.md: a failed source is never read as free)."""
BookingStatus = Literal["Option", "Confirmed"]


@dataclass(frozen=True)
class Booking:
    """A room blocked on a date: minutes since midnight *including* buffers; options carry an expiry."""

    room_id: str
    date: date
    start_min: int
    end_min: int
    status: BookingStatus
    expires_at: datetime | None
    event_id: str

    @classmethod
    def for_window(
        cls,
        room: Room,
        day: dt.date,  # `date` is a field of this class, so the type is spelled through the module
        start: time,
        end: time,
        *,
        status: BookingStatus,
        event_id: str,
        expires_at: datetime | None = None,
    ) -> Booking:
        """The booking for a requested window, widened by the room's buffers."""
        window = buffered_window(room, start, end)
        return cls(room.id, day, window.start_min, window.end_min, status, expires_at, event_id)

    @property
    def window(self) -> MinuteWindow:
        return MinuteWindow(self.start_min, self.end_min)

    def window_seen_from(self, day: Day) -> MinuteWindow | None:
        """This booking's window in minutes from `day`'s midnight; None when it is too far away to matter."""
        return seen_from(self.window, self.date, day)

    def is_active(self, now: datetime) -> bool:
        """Confirmed bookings always block; an option only until it expires."""
        return self.status == "Confirmed" or self.expires_at is None or now < self.expires_at


def blocking_bookings(
    room: Room,
    day: date,
    start: time,
    end: time,
    bookings: Iterable[Booking],
    now: datetime,
    exclude_event_id: str | None = None,
) -> list[Booking]:
    """The active bookings of this room that overlap the buffered request (on this day, or from the day
    before or after when a window runs past midnight); pass those days' bookings too."""
    requested = buffered_window(room, start, end)
    found = []
    for booking in bookings:
        if booking.room_id != room.id or booking.event_id == exclude_event_id or not booking.is_active(now):
            continue
        seen = booking.window_seen_from(day)
        if seen is not None and seen.overlaps(requested):
            found.append(booking)
    return found


def room_status(
    room: Room,
    day: date,
    start: time,
    end: time,
    bookings: Iterable[Booking],
    now: datetime,
    exclude_event_id: str | None = None,
) -> RoomStatus:
    """Confirmed if a confirmed booking overlaps; else Option if an unexpired option does; else Available."""
    statuses = {
        booking.status
        for booking in blocking_bookings(room, day, start, end, bookings, now, exclude_event_id)
    }
    if "Confirmed" in statuses:
        return "Confirmed"
    if "Option" in statuses:
        return "Option"
    return "Available"


def confirmed_by_calendars(status: RoomStatus, calendars_failed: bool) -> RoomStatus:
    """A room free by every source the desk could read is only Unconfirmed when one of its calendars failed."""
    return "Unconfirmed" if status == "Available" and calendars_failed else status


def option_expiry(placed_at: datetime, policies: Policies) -> datetime:
    """When an option placed at `placed_at` lapses: `option_days` × 24 h later in absolute time.

    Computed in UTC (docs/design.md §4.13: "to the minute, absolute time"), so a hold placed before a DST
    change lapses an hour earlier or later on the wall clock; the result keeps `placed_at`'s time zone.
    Python's own aware arithmetic would add wall-clock days instead. Raises ValueError for a naive time.
    """
    if placed_at.tzinfo is None or placed_at.utcoffset() is None:
        raise ValueError(f"placed_at {placed_at.isoformat()} has no time zone; pass an aware datetime")
    lapse = placed_at.astimezone(dt.UTC) + timedelta(hours=24 * policies.option_days)
    return lapse.astimezone(placed_at.tzinfo)
