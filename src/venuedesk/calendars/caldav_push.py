"""Writing back to a room's CalDAV calendar: the port the `calendar_push` job writes through, and its CalDAV
implementation (a PUT of the entry to `<calendar>/<UID>.ics`, a DELETE of the same resource).

The resource name is derived from the UID alone, so writing an entry again (an update, or a retry after a crash
between the write and its record) replaces the same resource: a calendar never holds two copies of one booking.
The calendar's address and credentials come from the environment variables its `CalendarSource` names; one that
is unset makes the calendar "not configured", reported by `problem` without any network call. The `caldav`
library is imported only when a write happens.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote

from venuedesk.domain.catalogue import CalendarSource, Venue

CONTENT_TYPE = "text/calendar; charset=utf-8"
GONE = frozenset({404, 410})


class PushFailed(Exception):
    """A write to a calendar failed; the message names the calendar and the HTTP status or error type, never its
    URL or credentials. The job retries it with backoff."""


class NotConfigured(PushFailed):
    """A calendar's address or credentials are missing from the environment; the message names the variable."""


class CalendarWriter(Protocol):
    """Writes entries into the rooms' push calendars; raises PushFailed when a write did not happen."""

    def problem(self, source: CalendarSource) -> str | None:
        """Why `source` cannot be written to (a missing variable), or None; never touches the network."""
        ...

    def put(self, source: CalendarSource, uid: str, ics: bytes) -> None:
        """Create or replace the entry `uid` in the calendar."""
        ...

    def delete(self, source: CalendarSource, uid: str) -> None:
        """Remove the entry `uid` from the calendar; one that is not there is already removed."""
        ...


def resource_url(calendar_url: str, uid: str) -> str:
    """Where the entry `uid` lives in the calendar: `<calendar>/<UID, percent-encoded>.ics`."""
    return f"{calendar_url.rstrip('/')}/{quote(uid, safe='')}.ics"


def push_sources(venue: Venue) -> tuple[tuple[str, CalendarSource], ...]:
    """Every (room id, push calendar) of the venue, in catalogue order."""
    return tuple((room.id, source) for room in venue.rooms for source in room.calendars if source.push)


@dataclass(frozen=True)
class _Address:
    url: str
    username: str | None
    password: str | None


class CalDAVWriter:
    """The CalDAV implementation of `CalendarWriter`, reading each calendar's URL and credentials from `environ`."""

    def __init__(self, environ: Mapping[str, str] | None = None, timeout: int = 10) -> None:
        self.environ = dict(os.environ if environ is None else environ)
        self.timeout = timeout

    def problem(self, source: CalendarSource) -> str | None:
        try:
            self._address(source)
        except NotConfigured as exc:
            return str(exc)
        return None

    def put(self, source: CalendarSource, uid: str, ics: bytes) -> None:
        status = self._request(source, uid, "PUT", ics)
        if status not in (200, 201, 204):
            raise PushFailed(f"calendar {source.id!r}: writing {uid} answered HTTP {status}")

    def delete(self, source: CalendarSource, uid: str) -> None:
        status = self._request(source, uid, "DELETE", None)
        if status not in (200, 202, 204) and status not in GONE:
            raise PushFailed(f"calendar {source.id!r}: removing {uid} answered HTTP {status}")

    def _request(self, source: CalendarSource, uid: str, method: str, body: bytes | None) -> int:
        """One request to the entry's resource; its HTTP status. A transport error is a PushFailed naming only its
        type (its message may hold the calendar's secret URL)."""
        from caldav.davclient import DAVClient

        address = self._address(source)
        client = DAVClient(url=address.url, username=address.username, password=address.password,
                           timeout=self.timeout, enable_rfc6764=False,
                           require_tls=address.url.startswith("https://"))
        href = resource_url(address.url, uid)
        try:
            if method == "PUT":
                assert body is not None
                response = client.put(href, body.decode("utf-8"), {"Content-Type": CONTENT_TYPE})
            else:
                response = client.delete(href)
        except Exception as exc:  # network errors, timeouts: one failed attempt
            raise PushFailed(f"calendar {source.id!r}: {method} of {uid} failed ({type(exc).__name__})") from None
        finally:
            client.close()
        return int(response.status)

    def _address(self, source: CalendarSource) -> _Address:
        url = source.url or self._variable(source, source.url_env)
        username = self._variable(source, source.username_env) if source.username_env else None
        password = self._variable(source, source.password_env) if source.password_env else None
        return _Address(url, username, password)

    def _variable(self, source: CalendarSource, name: str) -> str:
        value = self.environ.get(name, "").strip() if name else ""
        if not value:
            raise NotConfigured(f"calendar {source.id!r} is not configured: set {name or 'its url'} "
                                "in the environment")
        return value


def push_writer(venue: Venue, environ: Mapping[str, str] | None = None) -> CalendarWriter | None:
    """The writer for the venue's push calendars, reading the process environment by default; None when no room
    has a push calendar (the job then does nothing and costs nothing)."""
    if not push_sources(venue):
        return None
    return CalDAVWriter(environ)
