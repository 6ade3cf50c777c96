"""A read-only ICS feed (Google's "secret address in iCal format", Outlook's published calendar, a Nextcloud
subscription link) as a busy source: one GET of the whole feed, the span's events picked out here."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from venuedesk.calendars.errors import CalendarUnavailable, describe, refused, where
from venuedesk.calendars.ical_events import busy_blocks, load_parsers
from venuedesk.domain.busy import BusyBlock


@dataclass(frozen=True)
class IcsSource:
    """The feed at `url` (http/https; webcal:// is read as https://), with Basic credentials when given."""

    source_id: str
    url: str
    zone: ZoneInfo
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    """The HTTP client's own limit; the reader's per-source timeout normally ends a slow request first."""
    credentials_from: str = ""

    def __post_init__(self) -> None:
        tls_context()  # the HTTP client and its certificate store load here, not inside a timed read
        load_parsers()

    async def fetch(self, start: datetime, end: datetime) -> list[BusyBlock]:
        """The feed's busy blocks overlapping [start, end); CalendarUnavailable says why when it cannot."""
        import httpx

        auth = httpx.BasicAuth(self.username, self.password or "") if self.username else None
        try:
            async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True, auth=auth,
                                         verify=tls_context()) as client:
                response = await client.get(self.url, headers={"Accept": "text/calendar"})
        except Exception as exc:  # httpx raises many kinds; none of their texts is shown (they carry the URL)
            raise describe(exc, self.url, credentials_from=self.credentials_from) from None
        host = where(self.url)
        if response.status_code in (401, 403):
            raise refused(host, response.status_code, self.credentials_from)
        if response.status_code != 200:
            raise CalendarUnavailable("error", f"{host} answered HTTP {response.status_code}")
        if b"BEGIN:VCALENDAR" not in response.content[:4096]:
            raise CalendarUnavailable("error", f"{host} did not answer with an iCalendar feed; check that the "
                                               "address is the calendar's ICS (iCal) address")
        return busy_blocks(self.source_id, [response.content], start, end, self.zone)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One certificate store for every feed read: building it costs ~0.1 s, more than reading a feed."""
    import httpx

    return httpx.create_ssl_context()
