"""Room availability for a window on a date: Available, Option (held, waitlist possible) or Confirmed.

A booking stores its window *with* its room's buffers; a request is widened by the room's buffers too,
so two events in one room always have both buffers between them. Windows that only touch do not
overlap. Expired option holds and the asking event's own booking never block; leads hold nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from venuedesk.domain.catalogue import Policies, Room
from venuedesk.domain.windows import MinuteWindow, buffered_window

RoomStatus = Literal["Available", "Option", "Confirmed"]
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
    """The active bookings of this room on this day that overlap the buffered request."""
    requested = buffered_window(room, start, end)
    return [
        booking
        for booking in bookings
        if booking.room_id == room.id
        and booking.date == day
        and booking.event_id != exclude_event_id
        and booking.is_active(now)
        and booking.window.overlaps(requested)
    ]


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


def option_expiry(placed_at: datetime, policies: Policies) -> datetime:
    """When an option placed at `placed_at` lapses (7 days later in the demo venue)."""
    return placed_at + timedelta(days=policies.option_days)
