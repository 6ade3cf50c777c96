"""Busy events written into a real CalDAV calendar (Radicale) read back as the rooms' Confirmed bookings: timed,
all-day, recurring, transparent, cancelled, multi-day, past midnight and on the DST day."""

from __future__ import annotations

from datetime import date
from typing import Any

from caldav_helpers import caldav_reader, new_calendar, put_event, room

from venuedesk.domain.busy import PUSHED_UID_PREFIX, ExternalBusy

DAY = date(2026, 3, 10)
NEXT = date(2026, 3, 11)


def read(caldav: Any, *events: str, first: date = DAY, last: date = DAY) -> ExternalBusy:
    url = new_calendar(caldav, *events)
    return caldav_reader({"cal-a": url}).busy([room("room-a", "cal-a")], first, last)


def spans(busy: ExternalBusy) -> list[tuple[date, int, int]]:
    return [(b.date, b.start_min, b.end_min) for b in busy.bookings]


def test_a_timed_event_blocks_its_room_with_the_buffers(caldav: Any) -> None:
    busy = read(caldav, "UID:t1\nDTSTART;TZID=Europe/Zurich:20260310T090000\nDTEND;TZID=Europe/Zurich:20260310T120000")
    assert spans(busy) == [(DAY, 8 * 60 + 30, 12 * 60 + 30)]
    assert [(b.status, b.event_id) for b in busy.bookings] == [("Confirmed", "external:cal-a:t1")]
    assert busy.failures == ()


def test_an_event_stored_in_utc_lands_on_the_venues_wall_clock(caldav: Any) -> None:
    busy = read(caldav, "UID:t1\nDTSTART:20260310T130000Z\nDTEND:20260310T140000Z")
    assert spans(busy) == [(DAY, 13 * 60 + 30, 15 * 60 + 30)]


def test_an_all_day_event_blocks_the_whole_day(caldav: Any) -> None:
    busy = read(caldav, "UID:d1\nDTSTART;VALUE=DATE:20260310\nDTEND;VALUE=DATE:20260311")
    assert spans(busy) == [(DAY, 0, 1440)]


def test_a_multi_day_all_day_event_blocks_each_of_its_days(caldav: Any) -> None:
    busy = read(caldav, "UID:d1\nDTSTART;VALUE=DATE:20260309\nDTEND;VALUE=DATE:20260312", first=date(2026, 3, 8),
                last=date(2026, 3, 13))
    assert spans(busy) == [(date(2026, 3, 9), 0, 1440), (DAY, 0, 1440), (NEXT, 0, 1440)]


def test_a_weekly_series_blocks_each_week_but_its_excluded_and_cancelled_dates(caldav: Any) -> None:
    url = new_calendar(caldav)
    put_event(url, "series",
              "UID:w1\nDTSTART;TZID=Europe/Zurich:20260303T090000\nDTEND;TZID=Europe/Zurich:20260303T100000\n"
              "RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE;TZID=Europe/Zurich:20260310T090000",
              "UID:w1\nRECURRENCE-ID;TZID=Europe/Zurich:20260317T090000\nDTSTART;TZID=Europe/Zurich:20260317T090000\n"
              "DTEND;TZID=Europe/Zurich:20260317T100000\nSTATUS:CANCELLED")
    busy = caldav_reader({"cal-a": url}).busy([room("room-a", "cal-a", before=0, after=0)], date(2026, 3, 3),
                                              date(2026, 4, 7))
    assert spans(busy) == [(date(2026, 3, 3), 540, 600), (date(2026, 3, 24), 540, 600), (date(2026, 3, 31), 540, 600),
                           (date(2026, 4, 7), 540, 600)]


def test_a_series_that_began_long_before_the_question_still_blocks(caldav: Any) -> None:
    busy = read(caldav, "UID:w1\nDTSTART;TZID=Europe/Zurich:20240102T180000\nDTEND;TZID=Europe/Zurich:20240102T200000\n"
                        "RRULE:FREQ=WEEKLY;BYDAY=TU")
    assert spans(busy) == [(DAY, 17 * 60 + 30, 20 * 60 + 30)]


def test_a_transparent_event_leaves_the_room_free(caldav: Any) -> None:
    busy = read(caldav, "UID:t1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z\nTRANSP:TRANSPARENT")
    assert busy.bookings == () and busy.failures == ()


def test_a_cancelled_event_leaves_the_room_free(caldav: Any) -> None:
    busy = read(caldav, "UID:t1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z\nSTATUS:CANCELLED")
    assert busy.bookings == ()


def test_an_event_over_several_days_blocks_the_days_between_whole(caldav: Any) -> None:
    busy = read(caldav, "UID:m1\nDTSTART;TZID=Europe/Zurich:20260309T180000\nDTEND;TZID=Europe/Zurich:20260311T100000")
    assert spans(busy) == [(date(2026, 3, 9), 17 * 60 + 30, 1440), (DAY, 0, 1440), (NEXT, 0, 10 * 60 + 30)]


def test_an_event_past_midnight_blocks_the_next_morning_too(caldav: Any) -> None:
    busy = read(caldav, "UID:p1\nDTSTART;TZID=Europe/Zurich:20260310T220000\nDTEND;TZID=Europe/Zurich:20260311T020000")
    assert spans(busy) == [(DAY, 21 * 60 + 30, 1440), (NEXT, 0, 2 * 60 + 30)]


def test_on_the_dst_day_an_event_keeps_its_wall_clock_times(caldav: Any) -> None:
    dst = date(2026, 3, 29)
    busy = read(caldav, "UID:s1\nDTSTART;TZID=Europe/Zurich:20260329T013000\nDTEND;TZID=Europe/Zurich:20260329T043000",
                first=dst, last=dst)
    assert spans(busy) == [(dst, 60, 5 * 60)]


def test_an_event_the_desk_pushed_itself_is_not_read_back_as_busy(caldav: Any) -> None:
    busy = read(caldav, f"UID:{PUSHED_UID_PREFIX}evt-1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z")
    assert busy.bookings == ()


def test_an_empty_calendar_is_free_and_answered(caldav: Any) -> None:
    busy = read(caldav)
    assert busy.bookings == () and busy.failures == () and busy.unconfirmed_rooms == frozenset()


def test_events_of_other_days_do_not_block_the_day_asked(caldav: Any) -> None:
    busy = read(caldav, "UID:o1\nDTSTART:20260320T090000Z\nDTEND:20260320T100000Z")
    assert busy.bookings == ()
