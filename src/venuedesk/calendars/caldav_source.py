"""One CalDAV calendar (Nextcloud, Google, iCloud, Fastmail, Radicale …) as a busy source.

A calendar-query REPORT asks the server for the events that touch the span (one round trip once the server's
authentication scheme is known); recurring events come back whole and are expanded here (ical_events.py). The caldav
library builds the query and reads the multistatus answer; the request itself goes out on httpx's async client, so
every calendar of a question waits on one event loop instead of a thread each. The libraries are imported when a source
is made (a venue with calendars), never by `venuedesk --help`, and never inside a timed read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from venuedesk.calendars.errors import CalendarUnavailable, describe, refused, where
from venuedesk.calendars.ical_events import busy_blocks, load_parsers
from venuedesk.calendars.ics_source import tls_context
from venuedesk.domain.busy import BusyBlock


@dataclass
class CaldavSource:
    """The calendar collection at `url` (e.g. https://cloud.example.com/remote.php/dav/calendars/anna/room-a/)."""

    source_id: str
    url: str
    zone: ZoneInfo
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    """The HTTP client's own limit; the reader's per-source timeout normally ends a slow request first."""
    credentials_from: str = ""
    """The variables the username and password come from, named when the server refuses them."""
    _auth_type: str | None = field(default=None, repr=False)
    """"digest" once the server asked for Digest: later reads answer with it at once."""

    def __post_init__(self) -> None:
        import caldav.davclient  # noqa: F401 - half a second to import: here, not inside a timed read

        tls_context()
        load_parsers()

    async def fetch(self, start: datetime, end: datetime) -> list[BusyBlock]:
        """The calendar's busy blocks overlapping [start, end); CalendarUnavailable says why when it cannot."""
        import httpx
        from caldav.davclient import DAVResponse
        from caldav.elements import cdav

        try:
            response = await self._report(_query(start, end))
            if response.status_code in (401, 403):
                raise refused(where(self.url), response.status_code, self.credentials_from)
            if response.status_code not in (200, 207):
                raise CalendarUnavailable("error", f"{where(self.url)} answered HTTP {response.status_code}; check "
                                                   "that the address is a CalDAV calendar collection")
            found = DAVResponse(response).expand_simple_props([cdav.CalendarData()])
        except (httpx.HTTPError, CalendarUnavailable, ValueError) as exc:
            raise describe(exc, self.url, credentials_from=self.credentials_from) from None
        documents = [data for props in found.values() if (data := props.get(cdav.CalendarData.tag))]
        return busy_blocks(self.source_id, documents, start, end, self.zone)

    async def _report(self, body: str) -> Any:
        """The calendar-query REPORT, with Basic credentials, or Digest when the server asks for it."""
        import httpx

        auth: httpx.Auth | None = None
        if self.username:
            auth = (httpx.DigestAuth if self._auth_type == "digest" else httpx.BasicAuth)(
                self.username, self.password or "")
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True, verify=tls_context()) as client:
            response = await client.request("REPORT", self.url, content=body.encode(), headers=headers, auth=auth)
            asked = response.headers.get("www-authenticate", "").lower()
            if response.status_code == 401 and self.username and asked.startswith("digest") \
                    and self._auth_type != "digest":
                self._auth_type = "digest"
                response = await client.request("REPORT", self.url, content=body.encode(), headers=headers,
                                                auth=httpx.DigestAuth(self.username, self.password or ""))
        return response


def _query(start: datetime, end: datetime) -> str:
    """The calendar-query REPORT body for the events touching [start, end), with their calendar data: the objects
    are read straight from the multistatus answer, not built into the library's resource objects (half the CPU)."""
    from caldav.search import CalDAVSearcher
    from lxml import etree  # type: ignore[import-untyped]

    built = CalDAVSearcher(event=True, start=start, end=end).build_search_xml_query()
    root = built[0] if isinstance(built, tuple) else built
    return str(etree.tostring(root.xmlelement(), encoding="unicode"))
