"""Read-only ICS feeds over real HTTP: Radicale's own export of a calendar and a small feed server with a secret
address and Basic credentials; a feed that is not iCalendar or not there fails without showing its address."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from caldav_helpers import ZURICH, FeedServer, feed_text, new_calendar, room

from venuedesk.calendars.fanout import FanOutReader
from venuedesk.calendars.ics_source import IcsSource
from venuedesk.calendars.wiring import calendar_reader
from venuedesk.domain.catalogue import CalendarSource
from venuedesk.venue.loader import load_venue

DAY = date(2026, 3, 10)
SECRET_PATH = "private-8c1f0e2d9b7a4c3e"
MEETING = "UID:m1\nDTSTART;TZID=Europe/Zurich:20260310T140000\nDTEND;TZID=Europe/Zurich:20260310T160000"
SERIES = "UID:w1\nDTSTART;VALUE=DATE:20260303\nRRULE:FREQ=WEEKLY;COUNT=3"


def ics_reader(url: str, **settings: Any) -> FanOutReader:
    return FanOutReader({"feed": IcsSource("feed", url, ZURICH)}, ZURICH, **settings)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_ics_export_of_a_caldav_calendar_reads_like_the_calendar(caldav: Any) -> None:
    url = new_calendar(caldav, MEETING, SERIES)
    busy = ics_reader(url).busy([room("room-a", "feed", before=0, after=0)], DAY, DAY)
    assert [(b.date, b.start_min, b.end_min) for b in busy.bookings] == [(DAY, 0, 1440), (DAY, 14 * 60, 16 * 60)]
    assert busy.failures == ()


def test_a_feed_behind_basic_credentials_is_read_with_them() -> None:
    with FeedServer(feed_text(MEETING), credentials=("desk", "feed-pw-2291")) as server:
        source = IcsSource("feed", server.url, ZURICH, username="desk", password="feed-pw-2291")
        busy = FanOutReader({"feed": source}, ZURICH).busy([room("room-a", "feed", before=0, after=0)], DAY, DAY)
    assert [(b.start_min, b.end_min) for b in busy.bookings] == [(14 * 60, 16 * 60)]


def test_a_second_question_within_the_ttl_does_not_fetch_the_feed_again_and_after_it_does() -> None:
    clock = Clock()
    with FeedServer(feed_text(MEETING)) as server:
        calendars = ics_reader(server.url, ttl=60, monotonic=clock)
        calendars.busy([room("room-a", "feed")], DAY, DAY)
        clock.now = 59.9
        calendars.busy([room("room-a", "feed")], DAY, DAY)
        assert server.requests == 1
        clock.now = 60.0
        calendars.busy([room("room-a", "feed")], DAY, DAY)
        assert server.requests == 2


def test_a_page_that_is_not_a_feed_is_an_error_saying_what_to_check() -> None:
    with FeedServer("<html><body>Sign in to see this calendar</body></html>") as server:
        busy = ics_reader(server.url).busy([room("room-a", "feed")], DAY, DAY)
    (failure,) = busy.failures
    assert failure.reason == "error"
    assert failure.detail.endswith("did not answer with an iCalendar feed; check that the address is the "
                                   "calendar's ICS (iCal) address")


def test_a_secret_feed_address_that_fails_is_named_by_host_only_in_the_detail_and_the_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    venue = load_venue()
    spec = CalendarSource("room-a-google", "ics", url_env="ROOM_A_ICS_URL")
    venue = replace(venue, rooms=(replace(venue.rooms[0], calendars=(spec,)),))
    caplog.set_level(logging.DEBUG)
    with FeedServer(feed_text()) as server:
        wrong = server.url.replace("basic.ics", "other.ics")
        busy = calendar_reader(venue, {"ROOM_A_ICS_URL": wrong}).busy(list(venue.rooms), DAY, DAY)
    (failure,) = busy.failures
    assert failure.detail == f"{wrong.split('/')[2]} answered HTTP 404"
    assert SECRET_PATH not in caplog.text
    assert "could not be read" in caplog.text


def test_an_event_of_the_feed_keeps_its_own_time_zone() -> None:
    event = "UID:ny\nDTSTART;TZID=America/New_York:20260310T090000\nDTEND;TZID=America/New_York:20260310T100000"
    with FeedServer(feed_text(event)) as server:
        busy = ics_reader(server.url).busy([room("room-a", "feed", before=0, after=0)], DAY, DAY)
    assert busy.bookings[0].start_min == 14 * 60  # 09:00 in New York (summer time already) is 14:00 in Zurich
