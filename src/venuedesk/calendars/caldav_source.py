"""One CalDAV calendar (Nextcloud, Google, iCloud, Fastmail, Radicale …) as a busy source.

A calendar-query REPORT asks the server for the events that touch the span (one round trip once the server's
authentication scheme is known); recurring events come back whole and are expanded here (ical_events.py). The
caldav library's client does the HTTP, on a worker thread; it is imported when a source is made (a venue with calendars),
never by `venuedesk --help`, and never inside a timed read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from venuedesk.calendars.errors import describe
from venuedesk.calendars.ical_events import busy_blocks, load_parsers
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
    """"basic" once the server asked for it: later reads send it at once instead of after a 401."""

    def __post_init__(self) -> None:
        import caldav.davclient  # noqa: F401 - half a second to import: here, not inside a timed read

        load_parsers()

    async def fetch(self, start: datetime, end: datetime) -> list[BusyBlock]:
        """The calendar's busy blocks overlapping [start, end); CalendarUnavailable says why when it cannot. The
        caldav client is synchronous (requests), so the read runs on the loop's worker threads: the reader's
        timeout ends the wait, and the request ends by the client's own timeout."""
        return await asyncio.get_running_loop().run_in_executor(None, self._read, start, end)

    def _read(self, start: datetime, end: datetime) -> list[BusyBlock]:
        from caldav.davclient import DAVClient

        client = DAVClient(url=self.url, username=self.username, password=self.password, auth_type=self._auth_type,
                           timeout=self.timeout, enable_rfc6764=False,  # type: ignore[arg-type]
                           require_tls=self.url.startswith("https://"))
        try:
            found = client.calendar(url=self.url).search(start=start, end=end, event=True, expand=False)
            documents = [item.data for item in found if item.data]
            self._auth_type = _negotiated(client) or self._auth_type
        except Exception as exc:  # the client raises requests and caldav errors of many kinds
            raise describe(exc, self.url, credentials_from=self.credentials_from) from None
        finally:
            client.close()
        return busy_blocks(self.source_id, documents, start, end, self.zone)


def _negotiated(client: object) -> str | None:
    """The auth scheme the client settled on, when it is one that can be sent unasked (Basic)."""
    auth = getattr(client, "auth", None)
    return "basic" if auth is not None and type(auth).__name__ in ("BasicAuth", "HTTPBasicAuth") else None
