"""The booking tools read the venue's own calendars (issue 11): external busy time blocks a room like a Confirmed
booking (buffers apply, all-day events block the day, an event from the evening before reaches past midnight), and
a calendar that could not be read makes its rooms Unconfirmed, never free."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine

from venuedesk.calendars.memory import MemoryCalendars
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.busy import BusyBlock
from venuedesk.domain.catalogue import CalendarSource, Venue
from venuedesk.domain.event import EventState
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.catalogue import load_venue_from_db
from venuedesk.tools.booking import dates_check, dates_propose, room_hold, rooms_search
from venuedesk.tools.booking_models import (
    DatesCheckArgs, DatesProposeArgs, RoomHoldArgs, RoomOption, RoomsSearchArgs,
)
from venuedesk.tools.context import BookingToolContext
from venuedesk.workflow import tables

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
DAY = date(2026, 3, 10)
ROOMS = ("room-b", "room-c", "room-f")  # the rooms that fit 30 for a workshop


def _with_calendars(venue: Venue, room_ids: tuple[str, ...]) -> Venue:
    rooms = tuple(replace(room, calendars=(CalendarSource(id=f"{room.id}-calendar", kind="ics", url="memory://x"),))
                  if room.id in room_ids else room for room in venue.rooms)
    return replace(venue, rooms=rooms, _rooms_by_id={}, _products_by_id={})


@pytest.fixture
def uow(seeded_sqlite_engine: Engine) -> Iterator[UnitOfWork]:
    sessions = make_session_factory(seeded_sqlite_engine)
    with UnitOfWork(sessions, FrozenClock(NOW)) as unit:
        yield unit


def _ctx(uow: UnitOfWork, calendars: MemoryCalendars, room_ids: tuple[str, ...] = ROOMS) -> BookingToolContext:
    venue = _with_calendars(load_venue_from_db(uow.session), room_ids)
    state = EventState(event_id="evt_1", thread_id="thr_1")
    return BookingToolContext(uow=uow, venue=venue, now=NOW, state=state, thread_id="thr_1", calendars=calendars)


def _busy(calendars: MemoryCalendars, room_id: str, start: datetime, end: datetime, *, all_day: bool = False) -> None:
    calendars.add(BusyBlock(f"{room_id}-calendar", f"uid-{len(calendars.blocks)}-{start:%H%M}", start, end, all_day))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), VENUE_TZ)


def _statuses(ctx: BookingToolContext, start: str = "09:00", end: str = "17:00") -> dict[str, str]:
    result = rooms_search(ctx, RoomsSearchArgs(date=DAY, participants=30, layout="workshop", start_time=start, end_time=end))
    return {option.room_id: option.status for option in result.rooms if option.room_id in ROOMS}


def test_the_rooms_buffers_widen_an_external_event(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars()
    _busy(calendars, "room-b", _at(DAY, 8), _at(DAY, 12))
    ctx = _ctx(uow, calendars)
    assert _statuses(ctx, "12:45", "17:00")["room-b"] == "Confirmed"  # 30 min buffers on both sides overlap
    assert _statuses(ctx, "13:00", "17:00")["room-b"] == "Available"  # the buffers only touch


def test_an_all_day_event_blocks_the_whole_day(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars()
    for room_id in ROOMS:
        _busy(calendars, room_id, _at(DAY, 0), _at(DAY + timedelta(days=1), 0), all_day=True)
    ctx = _ctx(uow, calendars)
    assert set(_statuses(ctx, "20:00", "23:00").values()) == {"Confirmed"}
    check = dates_check(ctx, DatesCheckArgs(dates=[DAY], start_time="09:00", end_time="17:00", participants=30, layout="workshop"))
    assert check.results[0].status == "fully_booked"


def test_an_event_from_the_evening_before_blocks_the_morning_past_midnight(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars()
    _busy(calendars, "room-c", _at(DAY - timedelta(days=1), 20), _at(DAY, 8, 30))
    ctx = _ctx(uow, calendars)
    assert _statuses(ctx, "09:00", "17:00")["room-c"] == "Confirmed"  # 08:30 + 45 min after-buffer
    assert _statuses(ctx, "10:00", "17:00")["room-c"] == "Available"


def test_a_calendar_that_is_down_makes_its_room_unconfirmed_never_available(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars(down={"room-f-calendar"})
    statuses = _statuses(_ctx(uow, calendars))
    assert statuses == {"room-b": "Available", "room-c": "Available", "room-f": "Unconfirmed"}


def test_an_unconfirmed_room_is_ranked_after_the_available_ones(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars(down={"room-f-calendar"})
    result = rooms_search(_ctx(uow, calendars), RoomsSearchArgs(date=DAY, participants=30, layout="workshop", start_time="09:00",
                                                                end_time="17:00"))
    assert [option.room_id for option in result.rooms][:3] == ["room-b", "room-c", "room-f"]


def test_a_date_free_only_in_unconfirmed_rooms_is_unconfirmed(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars(down={"room-f-calendar"})
    for room_id in ("room-b", "room-c"):
        _busy(calendars, room_id, _at(DAY, 0), _at(DAY + timedelta(days=1), 0), all_day=True)
    check = dates_check(_ctx(uow, calendars), DatesCheckArgs(dates=[DAY], start_time="09:00", end_time="17:00",
                                                              participants=30, layout="workshop")).results[0]
    assert (check.status, check.free_rooms, check.unconfirmed_rooms) == ("unconfirmed", [], ["room-f"])


def test_dates_propose_never_proposes_a_date_free_only_in_unconfirmed_rooms(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars(down={"room-b-calendar", "room-c-calendar", "room-f-calendar"})
    result = dates_propose(_ctx(uow, calendars), DatesProposeArgs(
        after=DAY, before=DAY + timedelta(days=14), count=5, start_time="09:00", end_time="17:00", participants=30, layout="workshop"))
    assert result.dates == []


def test_rooms_search_reads_the_calendars_once_and_only_for_rooms_that_have_them(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars()
    rooms_search(_ctx(uow, calendars), RoomsSearchArgs(date=DAY, participants=30, layout="workshop", start_time="09:00",
                                                       end_time="17:00"))
    assert calendars.calls == 1
    without = MemoryCalendars()
    rooms_search(_ctx(uow, without, room_ids=()), RoomsSearchArgs(date=DAY, participants=30, layout="workshop", start_time="09:00",
                                                                  end_time="17:00"))
    assert without.calls == 0


def test_room_hold_refuses_a_room_that_became_busy_in_its_calendar(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars()
    ctx = _ctx(uow, calendars)
    _busy(calendars, "room-b", _at(DAY, 10), _at(DAY, 11))  # after the table was shown
    result = room_hold(ctx, RoomHoldArgs(room_id="room-b", date=DAY, start_time="09:00", end_time="17:00"))
    assert result.status == "unavailable" and "calendar" in (result.reason or "")
    assert uow.bookings.for_event("evt_1") == []


def test_room_hold_on_an_unconfirmed_room_holds_it_and_names_the_calendar(uow: UnitOfWork) -> None:
    calendars = MemoryCalendars(down={"room-f-calendar"})
    result = room_hold(_ctx(uow, calendars), RoomHoldArgs(room_id="room-f", date=DAY, start_time="09:00",
                                                          end_time="17:00"))
    assert result.status == "held"
    assert [(f.source_id, f.reason) for f in result.unconfirmed] == [("room-f-calendar", "error")]
    assert [row.room_id for row in uow.bookings.for_event("evt_1")] == ["room-f"]


@pytest.mark.parametrize(("language", "word"), [("en", "Unconfirmed"), ("de", "Unbestätigt")])
def test_the_rooms_table_shows_an_unconfirmed_room_with_its_status_word_and_select_button(
    uow: UnitOfWork, language: str, word: str,
) -> None:
    venue = load_venue_from_db(uow.session)
    option = RoomOption(room_id="room-f", name="Room F", layout="workshop", capacity=30, fits=True,
                        status="Unconfirmed", features_matched=0, price=600.0)
    table = tables.rooms_table([option], venue, language)
    assert word in str(table.rows[0][2])
    assert [action.name for action in table.row_actions or []] == ["select_room"]
