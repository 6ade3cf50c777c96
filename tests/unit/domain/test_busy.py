"""Busy events from a venue's calendars as Confirmed bookings: buffers, whole days, midnight, DST, failures, and a
merge whose result does not depend on the order the calendars answered in."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from venuedesk.domain.availability import Booking
from venuedesk.domain.busy import (
    PUSHED_UID_PREFIX,
    BusyBlock,
    ExternalBusy,
    SourceFailure,
    block_bookings,
    is_external,
    merge,
)
from venuedesk.domain.catalogue import CalendarSource, Room

ZURICH = ZoneInfo("Europe/Zurich")


def room(room_id: str = "room-a", *calendar_ids: str, before: int = 30, after: int = 30) -> Room:
    return Room(id=room_id, name=room_id, capacity={"theatre": 40}, min_guests=1, area_m2=40, half_day=Decimal(0),
                full_day=Decimal(0), extra_hour=Decimal(0), buffer_before_min=before, buffer_after_min=after,
                calendars=tuple(CalendarSource(cid, "caldav", url=f"http://cal.test/{cid}/") for cid in calendar_ids))


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), ZURICH)


def timed(start: datetime, end: datetime, uid: str = "e1", source: str = "cal-a") -> BusyBlock:
    return BusyBlock(source, uid, start, end)


def whole_days(first: date, stop: date, uid: str = "d1", source: str = "cal-a") -> BusyBlock:
    return BusyBlock(source, uid, datetime.combine(first, time(0), ZURICH), datetime.combine(stop, time(0), ZURICH),
                     all_day=True)


def spans(bookings: list[Booking] | tuple[Booking, ...]) -> list[tuple[str, date, int, int]]:
    return [(b.room_id, b.date, b.start_min, b.end_min) for b in bookings]


DAY = date(2026, 3, 10)


def test_a_timed_event_blocks_its_window_widened_by_the_rooms_buffers() -> None:
    bookings = block_bookings(room(), timed(at(DAY, 9), at(DAY, 12)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 8 * 60 + 30, 12 * 60 + 30)]
    assert bookings[0].status == "Confirmed"


def test_the_booking_names_the_calendar_and_the_event() -> None:
    (booking,) = block_bookings(room(), timed(at(DAY, 9), at(DAY, 12), uid="abc"), ZURICH)
    assert booking.event_id == "external:cal-a:abc"
    assert is_external(booking)


def test_seconds_widen_an_event_never_shrink_it() -> None:
    bookings = block_bookings(room(before=0, after=0), timed(at(DAY, 9, 0, 30), at(DAY, 11, 59, 30)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 9 * 60, 12 * 60)]


def test_an_event_given_in_utc_is_placed_on_the_venues_wall_clock() -> None:
    block = timed(datetime(2026, 3, 10, 8, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 0, tzinfo=UTC))
    assert spans(block_bookings(room(before=0, after=0), block, ZURICH)) == [("room-a", DAY, 9 * 60, 11 * 60)]


def test_an_all_day_event_blocks_its_day_whole_without_buffers() -> None:
    bookings = block_bookings(room(), whole_days(DAY, date(2026, 3, 11)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 0, 1440)]


def test_a_multi_day_all_day_event_blocks_every_day_up_to_its_exclusive_end() -> None:
    bookings = block_bookings(room(), whole_days(DAY, date(2026, 3, 13)), ZURICH)
    assert [b.date for b in bookings] == [DAY, date(2026, 3, 11), date(2026, 3, 12)]


def test_an_all_day_event_whose_midnights_are_given_in_utc_keeps_the_venues_days() -> None:
    block = BusyBlock("cal-a", "d1", at(DAY, 0).astimezone(UTC), at(date(2026, 3, 11), 0).astimezone(UTC),
                      all_day=True)
    assert [b.date for b in block_bookings(room(), block, ZURICH)] == [DAY]


def test_an_event_past_midnight_blocks_both_days_with_the_buffers_at_its_ends() -> None:
    bookings = block_bookings(room(), timed(at(DAY, 22), at(date(2026, 3, 11), 2)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 21 * 60 + 30, 1440), ("room-a", date(2026, 3, 11), 0, 2 * 60 + 30)]


def test_a_timed_event_over_several_days_blocks_the_days_between_whole() -> None:
    bookings = block_bookings(room(before=0, after=0), timed(at(DAY, 18), at(date(2026, 3, 12), 10)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 18 * 60, 1440), ("room-a", date(2026, 3, 11), 0, 1440),
                               ("room-a", date(2026, 3, 12), 0, 10 * 60)]


def test_an_event_ending_at_midnight_ends_at_minute_1440_plus_the_buffer() -> None:
    bookings = block_bookings(room(), timed(at(DAY, 20), at(date(2026, 3, 11), 0)), ZURICH)
    assert spans(bookings) == [("room-a", DAY, 19 * 60 + 30, 1440 + 30)]


def test_on_the_spring_dst_day_an_event_keeps_its_wall_clock_times() -> None:
    dst = date(2026, 3, 29)
    bookings = block_bookings(room(before=0, after=0), timed(at(dst, 1), at(dst, 4)), ZURICH)
    assert spans(bookings) == [("room-a", dst, 60, 240)]


def test_on_the_autumn_dst_day_an_event_keeps_its_wall_clock_times() -> None:
    dst = date(2026, 10, 25)
    block = timed(at(dst, 1), datetime(2026, 10, 25, 2, 0, tzinfo=UTC))  # 03:00 local, after the clocks went back
    assert spans(block_bookings(room(before=0, after=0), block, ZURICH)) == [("room-a", dst, 60, 180)]


def test_an_event_that_ends_before_it_starts_blocks_nothing() -> None:
    assert block_bookings(room(), timed(at(DAY, 12), at(DAY, 9)), ZURICH) == []


def test_merge_turns_each_rooms_calendar_events_into_its_bookings() -> None:
    rooms = [room("room-a", "cal-a"), room("room-b", "cal-b", before=0, after=0)]
    results = {"cal-a": [timed(at(DAY, 9), at(DAY, 10))], "cal-b": [timed(at(DAY, 14), at(DAY, 15), source="cal-b")]}
    busy = merge(rooms, results, ZURICH, DAY, DAY)
    assert spans(busy.bookings) == [("room-a", DAY, 8 * 60 + 30, 10 * 60 + 30), ("room-b", DAY, 14 * 60, 15 * 60)]
    assert busy.failures == () and busy.unconfirmed_rooms == frozenset()


def test_merge_skips_the_events_the_desk_pushed_itself() -> None:
    results = {"cal-a": [timed(at(DAY, 9), at(DAY, 10), uid=f"{PUSHED_UID_PREFIX}evt-1")]}
    assert merge([room("room-a", "cal-a")], results, ZURICH, DAY, DAY).bookings == ()


def test_a_failed_calendar_is_reported_and_its_room_unconfirmed_never_free() -> None:
    failure = SourceFailure("cal-a", "timeout", "no answer within 2 s")
    busy = merge([room("room-a", "cal-a"), room("room-b", "cal-b")], {"cal-a": failure, "cal-b": []},
                 ZURICH, DAY, DAY)
    assert busy.failures == (failure,)
    assert busy.unconfirmed_rooms == frozenset({"room-a"})
    assert busy.failures_of(room("room-a", "cal-a")) == (failure,)


def test_a_calendar_without_an_answer_counts_as_failed() -> None:
    busy = merge([room("room-a", "cal-a")], {}, ZURICH, DAY, DAY)
    assert [(f.source_id, f.reason) for f in busy.failures] == [("cal-a", "error")]
    assert busy.unconfirmed_rooms == frozenset({"room-a"})


def test_merge_keeps_the_day_either_side_and_drops_days_further_away() -> None:
    results = {"cal-a": [whole_days(date(2026, 3, 7), date(2026, 3, 14))]}
    busy = merge([room("room-a", "cal-a")], results, ZURICH, DAY, DAY)
    assert [b.date for b in busy.bookings] == [date(2026, 3, 9), DAY, date(2026, 3, 11)]


def test_merge_gives_the_same_result_whatever_order_the_answers_come_in() -> None:
    rooms = [room("room-a", "cal-a", "cal-b"), room("room-b", "cal-c")]
    answers = {
        "cal-a": [timed(at(DAY, 9), at(DAY, 10), uid=f"a{n}") for n in range(5)],
        "cal-b": SourceFailure("cal-b", "error", "HTTP 503"),
        "cal-c": [timed(at(DAY, h), at(DAY, h + 1), uid=f"c{h}", source="cal-c") for h in (8, 12, 16)],
    }
    expected = merge(rooms, answers, ZURICH, DAY, DAY)
    shuffler = random.Random(7)
    for _ in range(20):
        order = list(answers.items())
        shuffler.shuffle(order)
        shuffled = {key: value if isinstance(value, SourceFailure) else shuffler.sample(value, len(value))
                    for key, value in order}
        assert merge(rooms, shuffled, ZURICH, DAY, DAY) == expected


def test_on_days_groups_the_bookings_by_day() -> None:
    one = Booking("room-a", DAY, 0, 60, "Confirmed", None, "external:cal-a:x")
    two = replace(one, date=date(2026, 3, 11))
    assert ExternalBusy((one, two)).on_days() == {DAY: [one], date(2026, 3, 11): [two]}
