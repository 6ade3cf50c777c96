"""Room status for a window: buffers on both sides, confirmed vs option, expiry, the event's own hold."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC
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


NEXT_DAY = DAY + timedelta(days=1)


def test_a_booking_past_midnight_stores_its_end_on_the_days_clock(venue):
    late = booking(venue, start=time(20), end=time(2))
    assert (late.start_min, late.end_min) == (19 * 60 + 30, 26 * 60 + 30)


def test_a_window_past_midnight_is_blocked_by_an_early_booking_on_the_next_day(venue):
    early = booking(venue, day=NEXT_DAY, start=time(1), end=time(3))  # buffered 00:30-03:30 on the 11th
    assert room_status(venue.room("room-b"), DAY, time(20), time(2), [early], NOW) == "Confirmed"


def test_a_morning_on_the_next_day_is_blocked_by_a_booking_running_past_midnight(venue):
    late = booking(venue, start=time(20), end=time(2))  # buffered until 02:30 on the 11th
    assert room_status(venue.room("room-b"), NEXT_DAY, time(2), time(6), [late], NOW) == "Confirmed"


def test_a_booking_until_midnight_leaves_the_next_morning_free(venue):
    evening = booking(venue, start=time(18), end=time(0))  # buffered until 00:30 on the 11th
    assert room_status(venue.room("room-b"), NEXT_DAY, time(8), time(12), [evening], NOW) == "Available"


def test_the_after_buffer_of_a_window_past_midnight_counts_on_the_next_day(venue):
    late = booking(venue, start=time(20), end=time(2))  # after-buffer 02:00-02:30 on the 11th
    assert room_status(venue.room("room-b"), NEXT_DAY, time(3), time(5), [late], NOW) == "Available"
    assert room_status(venue.room("room-b"), NEXT_DAY, time(2, 45), time(5), [late], NOW) == "Confirmed"


def test_bookings_two_days_away_never_block(venue):
    far = booking(venue, day=DAY + timedelta(days=2), start=time(0, 15), end=time(3))
    assert room_status(venue.room("room-b"), DAY, time(20), time(2), [far], NOW) == "Available"


def test_option_expiry_is_seven_times_24_hours_across_the_october_dst_change(policies):
    placed = datetime(2026, 10, 22, 10, 0, tzinfo=ZURICH)  # summer time; clocks go back on 25.10.
    expires = option_expiry(placed, policies)
    assert expires == datetime(2026, 10, 29, 9, 0, tzinfo=ZURICH)  # 168 h later: 09:00 on the wall clock
    assert expires.astimezone(UTC) - placed.astimezone(UTC) == timedelta(hours=168)


def test_option_expiry_refuses_a_naive_time(policies):
    with pytest.raises(ValueError, match="has no time zone"):
        option_expiry(datetime(2026, 2, 2, 9, 0), policies)
