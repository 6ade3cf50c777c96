"""The calendar view's grid: bookings, 2nd options, external busy time and closed days sorted into rooms × days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.availability import Booking
from venuedesk.domain.busy import NO_EXTERNAL_BUSY, ExternalBusy, SourceFailure
from venuedesk.domain.calendar_grid import (
    MAX_DAYS,
    CalendarGrid,
    Cell,
    GridBooking,
    GridRangeError,
    GridWaiting,
    build_grid,
)
from venuedesk.domain.catalogue import Venue

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
MONDAY = date(2026, 3, 9)
TUESDAY = date(2026, 3, 10)


def hold(day: date = TUESDAY, room: str = "room-b", event: str = "evt_a", *, status: str = "Option",
         start: str = "09:00", end: str = "17:00", expires: datetime | None = NOW + timedelta(days=7)) -> GridBooking:
    return GridBooking(event, f"thr_{event[4:]}", room, day, start, end, status,  # type: ignore[arg-type]
                       expires if status == "Option" else None, f"{event}@example.com", 30)


def queued(event: str = "evt_b", day: date = TUESDAY, room: str = "room-b", *, start: str = "09:00",
           end: str = "17:00", minutes: int = 0) -> GridWaiting:
    return GridWaiting(event, f"thr_{event[4:]}", room, day, start, end, NOW + timedelta(minutes=minutes),
                       f"{event}@example.com", 20)


def grid(venue: Venue, *, first: date = MONDAY, days: int = 7, bookings: tuple[GridBooking, ...] = (),
         waiting: tuple[GridWaiting, ...] = (), busy: ExternalBusy = NO_EXTERNAL_BUSY,
         now: datetime = NOW) -> CalendarGrid:
    return build_grid(venue.rooms, first, days, bookings=bookings, waiting=waiting, busy=busy,
                      policies=venue.policies, now=now)


def cell(built: CalendarGrid, room_id: str, day: date) -> Cell:
    row = next(room for room in built.rooms if room.room_id == room_id)
    return next(item for item in row.cells if item.day == day)


def test_the_grid_has_a_row_per_room_and_a_cell_per_day(venue: Venue) -> None:
    built = grid(venue)
    assert [room.room_id for room in built.rooms] == [room.id for room in venue.rooms]
    assert [day.day for day in built.days] == [MONDAY + timedelta(days=n) for n in range(7)]
    assert all(len(room.cells) == 7 for room in built.rooms)
    assert built.last == date(2026, 3, 15)


def test_a_hold_lands_on_its_room_and_day_with_its_expiry(venue: Venue) -> None:
    built = grid(venue, bookings=(hold(),))
    [entry] = cell(built, "room-b", TUESDAY).entries
    assert (entry.kind, entry.start, entry.end, entry.thread_id) == ("option", "09:00", "17:00", "thr_a")
    assert entry.expires_at == NOW + timedelta(days=7)
    assert entry.lapsed is False
    assert cell(built, "room-a", TUESDAY).entries == ()
    assert cell(built, "room-b", MONDAY).entries == ()


def test_a_confirmed_booking_is_shown_as_confirmed_without_an_expiry(venue: Venue) -> None:
    [entry] = cell(grid(venue, bookings=(hold(status="Confirmed"),)), "room-b", TUESDAY).entries
    assert (entry.kind, entry.expires_at) == ("confirmed", None)


def test_an_option_past_its_expiry_is_marked_lapsed_until_the_job_releases_it(venue: Venue) -> None:
    built = grid(venue, bookings=(hold(expires=NOW),), now=NOW + timedelta(minutes=1))
    [entry] = cell(built, "room-b", TUESDAY).entries
    assert entry.lapsed is True


def test_second_options_wait_on_the_hold_they_queue_behind_in_queue_order(venue: Venue) -> None:
    built = grid(venue, bookings=(hold(),), waiting=(queued("evt_c", minutes=5), queued("evt_b", minutes=1)))
    [entry] = cell(built, "room-b", TUESDAY).entries
    assert [(waiter.event_id, waiter.place) for waiter in entry.waiting] == [("evt_b", 2), ("evt_c", 3)]


def test_a_second_option_for_another_window_does_not_wait_behind_the_hold(venue: Venue) -> None:
    built = grid(venue, bookings=(hold(end="12:00"),), waiting=(queued(start="13:00", end="17:00"),))
    kinds = [(entry.kind, len(entry.waiting)) for entry in cell(built, "room-b", TUESDAY).entries]
    assert kinds == [("option", 0), ("waiting", 0)]


def test_a_second_option_whose_hold_is_gone_stands_on_its_own(venue: Venue) -> None:
    [entry] = cell(grid(venue, waiting=(queued(),)), "room-b", TUESDAY).entries
    assert (entry.kind, entry.event_id, entry.thread_id) == ("waiting", "evt_b", "thr_b")


def test_external_busy_time_shows_with_its_calendar_and_whole_days_as_all_day(venue: Venue) -> None:
    busy = ExternalBusy(bookings=(
        Booking("room-a", MONDAY, 480, 750, "Confirmed", None, "external:room-a-cal:uid-1"),
        Booking("room-a", TUESDAY, 0, 1440, "Confirmed", None, "external:room-a-cal:uid-2"),
    ))
    built = grid(venue, busy=busy)
    [timed] = cell(built, "room-a", MONDAY).entries
    [whole] = cell(built, "room-a", TUESDAY).entries
    assert (timed.kind, timed.start, timed.end, timed.source_id, timed.all_day) == (
        "busy", "08:00", "12:30", "room-a-cal", False)
    assert (whole.start, whole.end, whole.all_day) == ("00:00", "24:00", True)


def test_busy_time_widened_past_midnight_by_buffers_is_cut_to_the_day(venue: Venue) -> None:
    busy = ExternalBusy(bookings=(Booking("room-a", MONDAY, -30, 1470, "Confirmed", None, "external:c:u"),))
    [entry] = cell(grid(venue, busy=busy), "room-a", MONDAY).entries
    assert (entry.start, entry.end) == ("00:00", "24:00")


def test_busy_time_of_the_days_either_side_is_left_out(venue: Venue) -> None:
    busy = ExternalBusy(bookings=(Booking("room-a", MONDAY - timedelta(days=1), 0, 1440, "Confirmed", None,
                                          "external:c:u"),))
    assert all(not item.entries for room in grid(venue, busy=busy).rooms for item in room.cells)


def test_a_room_whose_calendar_failed_is_unconfirmed_on_every_day(venue: Venue) -> None:
    busy = ExternalBusy(failures=(SourceFailure("room-b-cal", "timeout"),), unconfirmed_rooms=frozenset({"room-b"}))
    built = grid(venue, busy=busy)
    assert all(item.unconfirmed for item in next(r for r in built.rooms if r.room_id == "room-b").cells)
    assert not any(item.unconfirmed for item in next(r for r in built.rooms if r.room_id == "room-a").cells)


def test_public_holidays_and_blackouts_are_closed_days_with_their_names(venue: Venue) -> None:
    built = grid(venue, first=date(2026, 12, 24), days=3)
    closed = {day.day: day.closed for day in built.days}
    assert closed[date(2026, 12, 24)] is not None and closed[date(2026, 12, 24)].kind == "blackout"
    christmas = closed[date(2026, 12, 25)]
    assert christmas is not None and christmas.kind == "holiday" and christmas.name == "Christmas Day"
    assert cell(built, "room-a", date(2026, 12, 25)).closed is True


def test_today_is_marked(venue: Venue) -> None:
    built = grid(venue, first=NOW.date() - timedelta(days=1), days=3)
    assert [day.today for day in built.days] == [False, True, False]


def test_entries_in_a_cell_are_ordered_by_start_time(venue: Venue) -> None:
    busy = ExternalBusy(bookings=(Booking("room-b", TUESDAY, 420, 480, "Confirmed", None, "external:c:u"),))
    built = grid(venue, bookings=(hold(start="14:00", end="18:00"), hold(event="evt_x", start="09:00", end="12:00")),
                 busy=busy)
    assert [entry.start for entry in cell(built, "room-b", TUESDAY).entries] == ["07:00", "09:00", "14:00"]


def test_bookings_outside_the_span_are_left_out(venue: Venue) -> None:
    built = grid(venue, bookings=(hold(day=MONDAY - timedelta(days=1)), hold(day=MONDAY + timedelta(days=7))))
    assert all(not item.entries for room in built.rooms for item in room.cells)


@pytest.mark.parametrize("days", [0, MAX_DAYS + 1])
def test_a_span_outside_one_to_six_weeks_is_refused(venue: Venue, days: int) -> None:
    with pytest.raises(GridRangeError, match=f"between 1 and {MAX_DAYS}"):
        grid(venue, days=days)


def test_the_json_names_every_part_the_console_draws(venue: Venue) -> None:
    data = grid(venue, bookings=(hold(),), waiting=(queued(),)).to_json()
    room_b = next(room for room in data["rooms"] if room["room_id"] == "room-b")
    entry = room_b["cells"][1]["entries"][0]
    assert data["from"] == "2026-03-09" and data["to"] == "2026-03-15"
    assert entry["kind"] == "option" and entry["expires_at"] == "2026-02-09T09:00:00+01:00"
    assert entry["waiting"] == [{"event_id": "evt_b", "thread_id": "thr_b", "client": "evt_b@example.com",
                                 "place": 2}]
