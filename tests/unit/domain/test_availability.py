"""Room status for a window: buffers on both sides, confirmed vs option, expiry, the event's own hold."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.availability import Booking, blocking_bookings, option_expiry, room_status

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
DAY = date(2026, 3, 10)


def booking(
    venue,
    status="Confirmed",
    *,
    room="room-b",
    start=time(9),
    end=time(12),
    day=DAY,
    event_id="evt-other",
    expires_at=None,
):
    return Booking.for_window(
        venue.room(room), day, start, end, status=status, event_id=event_id, expires_at=expires_at
    )


def test_a_booking_stores_its_buffered_window(venue):
    held = booking(venue)
    assert (held.start_min, held.end_min) == (8 * 60 + 30, 12 * 60 + 30)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(13), time(17), "Available"),  # buffered 12:30-17:30 touches 08:30-12:30
        (time(12, 45), time(17), "Confirmed"),  # buffered 12:15 overlaps
        (time(10), time(11), "Confirmed"),
        (time(8), time(8, 15), "Confirmed"),  # 07:30-08:45 overlaps the 08:30 buffer
    ],
)
def test_buffers_of_both_windows_count(venue, start, end, expected):
    assert room_status(venue.room("room-b"), DAY, start, end, [booking(venue)], NOW) == expected


def test_unexpired_option_shows_as_option(venue):
    held = booking(venue, "Option", expires_at=NOW + timedelta(days=7))
    assert room_status(venue.room("room-b"), DAY, time(9), time(17), [held], NOW) == "Option"


def test_expired_option_never_blocks(venue):
    held = booking(venue, "Option", expires_at=NOW - timedelta(minutes=1))
    assert room_status(venue.room("room-b"), DAY, time(9), time(17), [held], NOW) == "Available"


def test_confirmed_beats_option(venue):
    bookings = [
        booking(venue, "Option", expires_at=NOW + timedelta(days=1)),
        booking(venue, "Confirmed", start=time(14), end=time(16)),
    ]
    assert room_status(venue.room("room-b"), DAY, time(9), time(17), bookings, NOW) == "Confirmed"


def test_the_events_own_booking_does_not_block(venue):
    own = booking(venue, "Option", event_id="evt-1", expires_at=NOW + timedelta(days=7))
    assert (
        room_status(venue.room("room-b"), DAY, time(9), time(17), [own], NOW, exclude_event_id="evt-1")
        == "Available"
    )


@pytest.mark.parametrize(("room", "day"), [("room-c", DAY), ("room-b", DAY + timedelta(days=1))])
def test_other_rooms_and_days_do_not_block(venue, room, day):
    other = booking(venue, room=room, day=day)
    assert room_status(venue.room("room-b"), DAY, time(9), time(17), [other], NOW) == "Available"


def test_blocking_bookings_lists_the_conflicts(venue):
    conflict = booking(venue)
    assert blocking_bookings(venue.room("room-b"), DAY, time(11), time(13), [conflict], NOW) == [conflict]


def test_option_expires_after_seven_days(policies):
    assert option_expiry(NOW, policies) == NOW + timedelta(days=7)
