"""The fan-out reader over stand-in calendars: all asked at once, bounded by a timeout and a budget, failures
reported (never free), answers and failures cached for their TTLs on an injected clock, the result independent of
the order the calendars answer in, and usable from sync code inside a running event loop or a thread pool."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock_time
from decimal import Decimal
from zoneinfo import ZoneInfo

from venuedesk.calendars.errors import CalendarUnavailable
from venuedesk.calendars.fanout import FanOutReader
from venuedesk.domain.busy import BusyBlock, SourceFailure
from venuedesk.domain.catalogue import CalendarSource, Room

ZURICH = ZoneInfo("Europe/Zurich")
DAY = date(2026, 3, 10)


@dataclass
class StandIn:
    """A calendar that answers `blocks` after `delay` seconds, or raises `error`; it counts the reads."""

    source_id: str
    blocks: list[BusyBlock] = field(default_factory=list)
    delay: float = 0.0
    error: Exception | None = None
    reads: list[tuple[datetime, datetime]] = field(default_factory=list)

    async def fetch(self, start: datetime, end: datetime) -> Sequence[BusyBlock]:
        self.reads.append((start, end))
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return list(self.blocks)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def room(room_id: str, *calendar_ids: str) -> Room:
    return Room(id=room_id, name=room_id, capacity={"theatre": 40}, min_guests=1, area_m2=40,
                half_day=Decimal(0), full_day=Decimal(0), extra_hour=Decimal(0), buffer_before_min=0,
                buffer_after_min=0,
                calendars=tuple(CalendarSource(cid, "caldav", url=f"http://cal.test/{cid}/") for cid in calendar_ids))


def event(source_id: str, hour: int, uid: str = "e") -> BusyBlock:
    return BusyBlock(source_id, f"{uid}{hour}", datetime.combine(DAY, clock_time(hour), ZURICH),
                     datetime.combine(DAY, clock_time(hour + 1), ZURICH))


def reader(*sources: StandIn, clock: Clock | None = None, **settings: float) -> FanOutReader:
    return FanOutReader({s.source_id: s for s in sources}, ZURICH, monotonic=clock or Clock(), **settings)


def six_rooms() -> tuple[list[Room], list[StandIn]]:
    sources = [StandIn(f"cal-{n}", [event(f"cal-{n}", 8 + n)], delay=0.1) for n in range(6)]
    return [room(f"room-{n}", f"cal-{n}") for n in range(6)], sources


def test_every_calendar_of_a_question_is_asked_at_once() -> None:
    rooms, sources = six_rooms()
    began = time.perf_counter()
    busy = reader(*sources).busy(rooms, DAY, DAY)
    assert time.perf_counter() - began < 0.35  # one after another: 0.6 s
    assert len(busy.bookings) == 6 and busy.failures == ()


def test_a_calendar_is_asked_for_the_days_around_the_question() -> None:
    source = StandIn("cal-a")
    reader(source).busy([room("room-a", "cal-a")], DAY, date(2026, 3, 12))
    assert source.reads == [(datetime(2026, 3, 9, tzinfo=ZURICH), datetime(2026, 3, 14, tzinfo=ZURICH))]


def test_a_slow_calendar_is_cut_off_at_its_timeout_and_reported() -> None:
    slow, quick = StandIn("cal-a", delay=5), StandIn("cal-b", [event("cal-b", 9)])
    began = time.perf_counter()
    busy = reader(slow, quick, timeout=0.2).busy([room("room-a", "cal-a"), room("room-b", "cal-b")], DAY, DAY)
    assert time.perf_counter() - began < 0.6
    assert busy.failures == (SourceFailure("cal-a", "timeout", "no answer within 0.2 s"),)
    assert busy.unconfirmed_rooms == frozenset({"room-a"})
    assert [b.room_id for b in busy.bookings] == ["room-b"]


def test_the_budget_bounds_the_whole_question() -> None:
    slow = StandIn("cal-a", delay=5)
    began = time.perf_counter()
    busy = reader(slow, timeout=10, budget=0.2).busy([room("room-a", "cal-a")], DAY, DAY)
    assert time.perf_counter() - began < 0.6
    assert [(f.reason, f.detail) for f in busy.failures] == [
        ("timeout", "no answer within the 0.2 s budget for all calendars")]


def test_a_calendar_that_fails_is_reported_with_its_reason_and_its_room_unconfirmed() -> None:
    down = StandIn("cal-a", error=CalendarUnavailable("error", "cal.test answered HTTP 503"))
    busy = reader(down).busy([room("room-a", "cal-a")], DAY, DAY)
    assert busy.failures == (SourceFailure("cal-a", "error", "cal.test answered HTTP 503"),)
    assert busy.unconfirmed_rooms == frozenset({"room-a"})
    assert busy.bookings == ()


def test_an_unexpected_error_in_one_calendar_is_reported_and_the_others_still_answer() -> None:
    broken, fine = StandIn("cal-a", error=KeyError("x")), StandIn("cal-b", [event("cal-b", 9)])
    busy = reader(broken, fine).busy([room("room-a", "cal-a"), room("room-b", "cal-b")], DAY, DAY)
    assert busy.failures == (SourceFailure("cal-a", "error", "reading the calendar failed (KeyError)"),)
    assert len(busy.bookings) == 1


def test_a_calendar_without_a_source_is_not_configured() -> None:
    busy = reader().busy([room("room-a", "cal-x")], DAY, DAY)
    assert [(f.source_id, f.reason) for f in busy.failures] == [("cal-x", "not_configured")]


def test_rooms_without_calendars_ask_nothing() -> None:
    source = StandIn("cal-a")
    busy = reader(source).busy([room("room-a")], DAY, DAY)
    assert source.reads == [] and busy.bookings == () and busy.failures == ()


def test_the_result_does_not_depend_on_the_order_the_calendars_answer_in() -> None:
    rooms = [room("room-a", "cal-a", "cal-b"), room("room-b", "cal-c", "cal-d")]
    delays = (0.0, 0.03, 0.06, 0.09)
    results = []
    for order in itertools.islice(itertools.permutations(delays), 0, 24, 5):
        sources = [
            StandIn("cal-a", [event("cal-a", h) for h in (9, 13)], delay=order[0]),
            StandIn("cal-b", error=CalendarUnavailable("error", "HTTP 503"), delay=order[1]),
            StandIn("cal-c", [event("cal-c", h) for h in (8, 10, 15)], delay=order[2]),
            StandIn("cal-d", [event("cal-d", 11, uid="x")], delay=order[3]),
        ]
        results.append(reader(*sources).busy(rooms, DAY, DAY))
    assert all(result == results[0] for result in results)
    assert len(results) == 5


def test_a_second_question_within_the_ttl_is_answered_from_the_cache() -> None:
    clock, source = Clock(), StandIn("cal-a", [event("cal-a", 9)])
    calendars = reader(source, clock=clock, ttl=60)
    first = calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    clock.now += 59
    assert calendars.busy([room("room-a", "cal-a")], DAY, DAY) == first
    assert len(source.reads) == 1


def test_after_the_ttl_the_calendar_is_asked_again() -> None:
    clock, source = Clock(), StandIn("cal-a", [event("cal-a", 9)])
    calendars = reader(source, clock=clock, ttl=60)
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    clock.now += 60
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    assert len(source.reads) == 2


def test_a_question_inside_a_span_already_read_is_answered_from_the_cache() -> None:
    source = StandIn("cal-a", [event("cal-a", 9)])
    calendars = reader(source)
    calendars.busy([room("room-a", "cal-a")], date(2026, 3, 1), date(2026, 3, 31))
    busy = calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    assert len(source.reads) == 1
    assert [b.date for b in busy.bookings] == [DAY]


def test_a_failure_is_remembered_for_the_failure_ttl_then_the_calendar_is_asked_again() -> None:
    clock, source = Clock(), StandIn("cal-a", [event("cal-a", 9)], error=CalendarUnavailable("error", "HTTP 503"))
    calendars = reader(source, clock=clock, ttl=60, failure_ttl=10)
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    clock.now += 9
    assert calendars.busy([room("room-a", "cal-a")], DAY, DAY).unconfirmed_rooms == frozenset({"room-a"})
    assert len(source.reads) == 1
    source.error = None
    clock.now += 1
    busy = calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    assert len(source.reads) == 2
    assert busy.failures == () and len(busy.bookings) == 1


def test_prefetch_reads_several_questions_in_one_request_per_calendar() -> None:
    source_a, source_b = StandIn("cal-a", delay=0.1), StandIn("cal-b", delay=0.1)
    calendars = reader(source_a, source_b)
    rooms = [room("room-a", "cal-a"), room("room-b", "cal-b")]
    questions = [(rooms, DAY, DAY), (rooms[:1], date(2026, 3, 12), date(2026, 3, 20)), (rooms, date(2026, 3, 5), DAY)]
    began = time.perf_counter()
    calendars.prefetch(questions)
    assert time.perf_counter() - began < 0.18
    for rooms_asked, first, last in questions:
        calendars.busy(rooms_asked, first, last)
    assert (len(source_a.reads), len(source_b.reads)) == (1, 1)


def test_prefetch_reads_spans_far_apart_separately_but_at_the_same_time() -> None:
    source = StandIn("cal-a", delay=0.1)
    calendars = reader(source)
    rooms = [room("room-a", "cal-a")]
    began = time.perf_counter()
    calendars.prefetch([(rooms, DAY, DAY), (rooms, date(2026, 9, 1), date(2026, 9, 1))])
    assert time.perf_counter() - began < 0.18
    assert len(source.reads) == 2
    calendars.busy(rooms, date(2026, 9, 1), date(2026, 9, 1))
    assert len(source.reads) == 2


def test_prefetch_of_what_is_cached_asks_nothing() -> None:
    source = StandIn("cal-a")
    calendars = reader(source)
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    calendars.prefetch([([room("room-a", "cal-a")], DAY, DAY)])
    assert len(source.reads) == 1


def test_a_sync_call_from_inside_a_running_event_loop_works_and_leaves_no_thread() -> None:
    rooms, sources = six_rooms()
    threads_before = threading.active_count()

    async def tool_called_from_async_code() -> int:
        return len(reader(*sources).busy(rooms, DAY, DAY).bookings)

    assert asyncio.run(tool_called_from_async_code()) == 6
    assert threading.active_count() == threads_before


def test_calls_from_several_threads_of_a_server_get_the_same_answer() -> None:
    rooms, sources = six_rooms()
    calendars = reader(*sources)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: calendars.busy(rooms, DAY, DAY), range(8)))
    assert all(answer == answers[0] for answer in answers) and len(answers[0].bookings) == 6
