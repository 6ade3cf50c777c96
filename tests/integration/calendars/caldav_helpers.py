"""Calendars and events on the local CalDAV server, and the rooms and readers the tests read them with."""

from __future__ import annotations

import base64
import itertools
import socket
import threading
from datetime import date, datetime, time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from venuedesk.calendars.caldav_source import CaldavSource
from venuedesk.calendars.fanout import FanOutReader
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.domain.catalogue import CalendarSource, Room

ZURICH = ZoneInfo("Europe/Zurich")
USER = "venue"
_names = itertools.count(1)


def new_calendar(server: LocalCalDAV, *events: str) -> str:
    """A new, empty calendar collection holding `events` (VEVENT bodies, one resource each); its URL."""
    url = server.calendar_url(USER, f"cal-{next(_names)}")
    response = httpx.request("MKCALENDAR", url, auth=(USER, "any"), verify=False)  # loopback http: no TLS
    assert response.status_code == 201, response.text
    for number, event in enumerate(events):
        put_event(url, f"event-{number}", event)
    return url


def put_event(calendar_url: str, name: str, *components: str) -> None:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20260101T000000Z\r\n{c.strip()}\r\nEND:VEVENT\r\n" for c in components)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//venuedesk tests//EN\r\n{body}END:VCALENDAR\r\n"
    response = httpx.put(f"{calendar_url}{name}.ics", content=text, auth=(USER, "any"), verify=False,
                         headers={"Content-Type": "text/calendar"})
    assert response.status_code in (201, 204), response.text


def room(room_id: str, *calendar_ids: str, before: int = 30, after: int = 30) -> Room:
    return Room(id=room_id, name=room_id, capacity={"theatre": 40}, min_guests=1, area_m2=40,
                half_day=Decimal(0), full_day=Decimal(0), extra_hour=Decimal(0), buffer_before_min=before,
                buffer_after_min=after,
                calendars=tuple(CalendarSource(cid, "caldav", url=f"http://127.0.0.1/{cid}/") for cid in calendar_ids))


def caldav_reader(urls: dict[str, str], **settings: float) -> FanOutReader:
    """A reader over CalDAV sources at `urls` (by calendar id), user "venue"."""
    sources = {cid: CaldavSource(cid, url, ZURICH, username=USER, password="any") for cid, url in urls.items()}
    return FanOutReader(sources, ZURICH, **settings)


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZURICH)


def path_of(url: str) -> str:
    return httpx.URL(url).path


class FeedServer:
    """A tiny HTTP server on a free loopback port serving one iCalendar `body` at a secret-looking path (GET, and
    REPORT/PROPFIND answered the same way), optionally behind Basic credentials; it counts the requests."""

    def __init__(self, body: str, *, credentials: tuple[str, str] | None = None) -> None:
        self.body, self.credentials, self.requests = body.encode(), credentials, 0
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                return None

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                feed.requests += 1
                if feed.credentials and self.headers.get("Authorization") != _basic(*feed.credentials):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="calendar"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                found = self.path == httpx.URL(feed.url).path
                self.send_response(200 if found else 404)
                payload = feed.body if found else b"not found"
                self.send_header("Content-Type", "text/calendar" if found else "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_REPORT = do_PROPFIND = do_GET  # noqa: N815 - the stdlib's naming scheme

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="feed-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/private-8c1f0e2d9b7a4c3e/basic.ics"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def feed_text(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20260101T000000Z\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//venuedesk tests//EN\r\n{body}END:VCALENDAR\r\n"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
