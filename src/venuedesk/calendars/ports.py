"""What the booking tools ask of the venue's calendars, and what one calendar source must answer.

The tools see only `CalendarReader.busy`: the external busy time of some rooms over some days, already merged
(domain/busy.py). A reader fans out over `BusySource`s, each one calendar, concurrently and within a budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from venuedesk.domain.busy import NO_EXTERNAL_BUSY, BusyBlock, ExternalBusy
from venuedesk.domain.catalogue import Room


class CalendarReader(Protocol):
    """External busy time for rooms and days; never raises for a calendar that is down (it reports it)."""

    def busy(self, rooms: Sequence[Room], first: date, last: date) -> ExternalBusy:
        """The busy time of `rooms`' calendars over [first, last] and a day either side."""
        ...

    def prefetch(self, requests: Sequence[tuple[Sequence[Room], date, date]]) -> None:
        """Fetch several spans at once (a model's parallel tool calls), so the `busy` calls that follow hit the
        cache; results are applied later in the calls' own order."""
        ...


class BusySource(Protocol):
    """One calendar: its busy events between two instants (recurrences expanded)."""

    @property
    def source_id(self) -> str: ...

    async def fetch(self, start: datetime, end: datetime) -> Sequence[BusyBlock]:
        """Busy events overlapping [start, end); raises on any failure (the reader records it)."""
        ...


class NoCalendars:
    """The reader for a venue without external calendars: nothing is busy, nothing fails, nothing is fetched."""

    def busy(self, rooms: Sequence[Room], first: date, last: date) -> ExternalBusy:
        return NO_EXTERNAL_BUSY

    def prefetch(self, requests: Sequence[tuple[Sequence[Room], date, date]]) -> None:
        return None


NO_CALENDARS: CalendarReader = NoCalendars()
