"""Builders for the push tests: a local Radicale with one calendar per room, the demo catalogue whose rooms B and C
push into them, a writer that counts (or crashes after) its writes, and a reader of what a calendar holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar

from venuedesk.calendars.caldav_push import CalDAVWriter
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.catalogue import CalendarSource
from venuedesk.jobs import calendar_push
from venuedesk.jobs.base import JobDeps, JobReport
from venuedesk.venue.loader import CatalogueDocuments
from concurrency import at_once  # noqa: F401 - the tests import it from here

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
MINUTE = timedelta(minutes=1)
USER = "venue"
PUSH_ROOMS = ("room-b", "room-c")
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
SENDER = "anna.keller@example.com"


def make_calendars(server: LocalCalDAV, rooms: tuple[str, ...] = PUSH_ROOMS) -> dict[str, str]:
    """Create the user's collection and one calendar per room on the server; room id → calendar URL."""
    import caldav

    client = caldav.DAVClient(url=server.url, require_tls=False, enable_rfc6764=False, timeout=10)
    try:
        assert client.mkcol(f"{server.url}/{USER}/", "").status == 201
        urls = {room: server.calendar_url(USER, room) for room in rooms}
        for url in urls.values():
            assert client.mkcalendar(url).status == 201
    finally:
        client.close()
    return urls


def with_push_calendars(docs: CatalogueDocuments, urls: dict[str, str]) -> CatalogueDocuments:
    """The catalogue with a push calendar (`<room>-cal`, the given URL) on each room in `urls`."""
    rooms = []
    for room in docs.rooms:
        room = dict(room)
        if room["id"] in urls:
            room["calendars"] = [{"id": f"{room['id']}-cal", "kind": "caldav", "url": urls[room["id"]],
                                  "push": True}]
        rooms.append(room)
    return CatalogueDocuments(venue=docs.venue, rooms=rooms, products=docs.products)


def entries(url: str) -> list[Any]:
    """The VEVENTs the calendar at `url` holds, each read back from the server, by UID."""
    import caldav

    client = caldav.DAVClient(url=url, require_tls=False, enable_rfc6764=False, timeout=10)
    try:
        found = caldav.Calendar(client=client, url=url).events()
        events = [component for item in found
                  for component in Calendar.from_ical(item.data).walk("VEVENT")]
    finally:
        client.close()
    return sorted(events, key=lambda event: str(event["UID"]))


class Crash(BaseException):
    """The worker dies: not an Exception, so nothing in the job catches it."""


@dataclass
class CountingWriter:
    """The real CalDAV writer, counting its writes; `crash_after_put` kills the worker right after one PUT."""

    inner: CalDAVWriter = field(default_factory=lambda: CalDAVWriter({}))
    puts: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    crash_after_put: bool = False

    def problem(self, source: CalendarSource) -> str | None:
        return self.inner.problem(source)

    def put(self, source: CalendarSource, uid: str, ics: bytes) -> None:
        self.inner.put(source, uid, ics)
        self.puts.append(uid)
        if self.crash_after_put:
            self.crash_after_put = False
            raise Crash("the worker died after its PUT, before recording it")

    def delete(self, source: CalendarSource, uid: str) -> None:
        self.inner.delete(source, uid)
        self.deletes.append(uid)


def push(deps: JobDeps, clock: FrozenClock) -> JobReport:
    """One sweep, a minute after the last one (as the scheduler runs it)."""
    clock.advance(MINUTE)
    return calendar_push.push_all(deps, clock)
