"""An injectable clock in venue time (Europe/Zurich) so every command can be frozen for demos and tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

VENUE_TZ = ZoneInfo("Europe/Zurich")
CLOCK_ENV = "VENUEDESK_CLOCK"


class Clock(Protocol):
    """Anything that can tell the current venue-local time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time, in venue time."""

    def now(self) -> datetime:
        return datetime.now(VENUE_TZ)


@dataclass
class FrozenClock:
    """A clock that stands still until moved; used by tests, scripts and `VENUEDESK_CLOCK`."""

    current: datetime = field(default_factory=lambda: datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ))

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        """Move the clock to `moment` (naive values are taken as venue time)."""
        self.current = to_venue_time(moment)

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


def to_venue_time(moment: datetime) -> datetime:
    """Attach or convert to Europe/Zurich."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VENUE_TZ)
    return moment.astimezone(VENUE_TZ)


def parse_clock(value: str) -> datetime:
    """Parse an ISO 8601 moment such as `2026-02-02T09:00:00+01:00`; a clear error names the bad value."""
    try:
        return to_venue_time(datetime.fromisoformat(value.strip()))
    except ValueError as exc:
        raise ValueError(
            f"{CLOCK_ENV}={value!r} is not an ISO 8601 time; use e.g. 2026-02-02T09:00:00+01:00"
        ) from exc


def clock_from_env() -> Clock:
    """A frozen clock when VENUEDESK_CLOCK is set, else the system clock."""
    raw = os.environ.get(CLOCK_ENV)
    if raw:
        return FrozenClock(parse_clock(raw))
    return SystemClock()


def today(clock: Clock) -> date:
    return clock.now().date()
