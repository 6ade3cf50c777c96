"""Calendars that are slow, down, refuse the password or cannot be reached, against real servers: each is reported
(timeout or error, with a detail that names no secret) and its room unconfirmed, never free; answers and failures
are cached for their TTLs; and the result does not depend on which calendar answered first."""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from caldav_helpers import (
    ZURICH,
    FeedServer,
    caldav_reader,
    closed_port,
    feed_text,
    new_calendar,
    path_of,
    room,
)

from venuedesk.calendars.caldav_source import CaldavSource
from venuedesk.calendars.fanout import FanOutReader
from venuedesk.calendars.wiring import calendar_reader
from venuedesk.domain.busy import SourceFailure
from venuedesk.domain.catalogue import CalendarSource
from venuedesk.venue.loader import load_venue

DAY = date(2026, 3, 10)
EVENT = "UID:{uid}\nDTSTART;TZID=Europe/Zurich:20260310T{hour:02d}0000\nDTEND;TZID=Europe/Zurich:20260310T{hour:02d}3000"


def event(uid: str, hour: int) -> str:
    return EVENT.format(uid=uid, hour=hour)


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def reports(caldav: Any, url: str) -> int:
    return sum(1 for method, path in caldav.requests if method == "REPORT" and path == path_of(url))


def test_a_slow_calendar_is_cut_off_at_the_timeout_and_named_as_timed_out(caldav: Any) -> None:
    slow, quick = new_calendar(caldav, event("s", 9)), new_calendar(caldav, event("q", 9))
    caldav.set_latency(3.0, prefix=path_of(slow))
    rooms = [room("room-a", "cal-slow"), room("room-b", "cal-quick")]
    began = time.perf_counter()
    busy = caldav_reader({"cal-slow": slow, "cal-quick": quick}, timeout=0.5).busy(rooms, DAY, DAY)
    assert time.perf_counter() - began < 0.5 + 0.7
    assert busy.failures == (SourceFailure("cal-slow", "timeout", "no answer within 0.5 s"),)
    assert busy.unconfirmed_rooms == frozenset({"room-a"})
    assert [b.room_id for b in busy.bookings] == ["room-b"]


def test_a_calendar_answering_503_is_an_error_and_its_room_unconfirmed_never_free(caldav: Any) -> None:
    down = new_calendar(caldav, event("d", 9))
    caldav.set_latency(0.0, fail=True, prefix=path_of(down))
    busy = caldav_reader({"cal-down": down}).busy([room("room-a", "cal-down")], DAY, DAY)
    (failure,) = busy.failures
    assert (failure.source_id, failure.reason) == ("cal-down", "error")
    assert "answered HTTP 503" in failure.detail
    assert busy.unconfirmed_rooms == frozenset({"room-a"})
    assert busy.bookings == ()


def test_a_refused_password_is_an_error_naming_the_variables_and_never_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    venue = load_venue()
    spec = CalendarSource("cal-locked", "caldav", url_env="LOCKED_URL", username_env="LOCKED_USER",
                          password_env="LOCKED_PASSWORD")
    venue = replace(venue, rooms=(replace(venue.rooms[0], calendars=(spec,)),))
    caplog.set_level(logging.DEBUG)
    with FeedServer(feed_text(), credentials=("desk", "the-right-one")) as server:
        environ = {"LOCKED_URL": server.url, "LOCKED_USER": "desk", "LOCKED_PASSWORD": "wrong-pw-7431"}
        busy = calendar_reader(venue, environ).busy(list(venue.rooms), DAY, DAY)
    (failure,) = busy.failures
    assert failure.reason == "error"
    assert failure.detail == "127.0.0.1:{} refused access (HTTP 401); check LOCKED_USER / LOCKED_PASSWORD".format(
        server.url.split(":")[2].split("/")[0])
    assert "wrong-pw-7431" not in caplog.text and "private-8c1f0e2d9b7a4c3e" not in caplog.text
    assert busy.unconfirmed_rooms == frozenset({venue.rooms[0].id})


def test_an_unreachable_server_is_an_error_that_says_so(caldav: Any) -> None:
    port = closed_port()
    source = CaldavSource("cal-gone", f"http://127.0.0.1:{port}/venue/room-a/", ZURICH, username="u", password="p")
    busy = FanOutReader({"cal-gone": source}, ZURICH).busy([room("room-a", "cal-gone")], DAY, DAY)
    assert busy.failures == (SourceFailure(
        "cal-gone", "error",
        f"cannot connect to 127.0.0.1:{port}; check the address and that the server is reachable from this machine"),)


def test_the_result_is_the_same_whichever_calendar_answers_first(caldav: Any) -> None:
    urls = {f"cal-{n}": new_calendar(caldav, event(f"e{n}", 9 + n), event(f"f{n}", 14 + n)) for n in range(3)}
    down = new_calendar(caldav)
    caldav.set_latency(0.0, fail=True, prefix=path_of(down))
    rooms = [room("room-a", "cal-0", "cal-down"), room("room-b", "cal-1", "cal-2")]
    results = []
    for delays in itertools.permutations((0.0, 0.06, 0.12)):
        for url, delay in zip(urls.values(), delays, strict=True):
            caldav.set_latency(delay, prefix=path_of(url))
        results.append(caldav_reader({**urls, "cal-down": down}).busy(rooms, DAY, DAY))
    assert len(results) == 6 and all(result == results[0] for result in results)
    assert len(results[0].bookings) == 6 and results[0].unconfirmed_rooms == frozenset({"room-a"})


def test_within_the_ttl_a_question_sends_no_request_and_after_it_one(caldav: Any) -> None:
    url, clock = new_calendar(caldav, event("t", 9)), Clock()
    calendars = caldav_reader({"cal-a": url}, ttl=60, monotonic=clock)  # type: ignore[arg-type]
    first = calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    clock.now += 30
    assert calendars.busy([room("room-a", "cal-a")], DAY, DAY) == first
    assert reports(caldav, url) == 1
    clock.now += 30
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    assert reports(caldav, url) == 2


def test_a_calendar_that_is_down_is_not_asked_again_until_the_failure_ttl_has_passed(caldav: Any) -> None:
    url, clock = new_calendar(caldav, event("t", 9)), Clock()
    caldav.set_latency(0.0, fail=True, prefix=path_of(url))
    calendars = caldav_reader({"cal-a": url}, failure_ttl=15, monotonic=clock)  # type: ignore[arg-type]
    calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    clock.now += 14
    assert calendars.busy([room("room-a", "cal-a")], DAY, DAY).unconfirmed_rooms == frozenset({"room-a"})
    assert reports(caldav, url) == 1
    caldav.set_latency(0.0, fail=False, prefix=path_of(url))
    clock.now += 1
    busy = calendars.busy([room("room-a", "cal-a")], DAY, DAY)
    assert reports(caldav, url) == 2
    assert busy.failures == () and len(busy.bookings) == 1
