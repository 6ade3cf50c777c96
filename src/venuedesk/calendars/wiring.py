"""The calendar reader of a venue from its catalogue and the environment: a CalDAV or ICS source per calendar the
rooms name, their secrets from the variables the catalogue names, the timeout, budget and TTLs from VENUEDESK_*.

A calendar whose variables are not set is not skipped: it fails as "not_configured" naming the variable, so its
room shows as unconfirmed rather than free. Light to import (the HTTP libraries load on the first read).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from venuedesk.calendars.caldav_source import CaldavSource
from venuedesk.calendars.errors import CalendarUnavailable, keep_secret
from venuedesk.calendars.ics_source import IcsSource
from venuedesk.calendars.ports import NO_CALENDARS, BusySource, CalendarReader
from venuedesk.domain.busy import BusyBlock
from venuedesk.domain.catalogue import CalendarSource, Venue

TIMEOUT_ENV = "VENUEDESK_CALENDAR_TIMEOUT"
BUDGET_ENV = "VENUEDESK_CALENDAR_BUDGET"
TTL_ENV = "VENUEDESK_CALENDAR_TTL"
FAILURE_TTL_ENV = "VENUEDESK_CALENDAR_FAILURE_TTL"
HTTP_BACKSTOP_SECONDS = 5.0
"""The HTTP clients' own timeout is the reader's plus this, so the reader's timeout is what ends a slow read."""


class CalendarSettingsError(ValueError):
    """A calendar setting in the environment that is not a number of seconds in range."""


@dataclass(frozen=True)
class CalendarSettings:
    """Seconds: per calendar, for a whole question, how long an answer and a failure are reused."""

    timeout: float = 2.0
    budget: float = 4.0
    ttl: float = 60.0
    failure_ttl: float = 15.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> CalendarSettings:
        """The settings from VENUEDESK_CALENDAR_{TIMEOUT,BUDGET,TTL,FAILURE_TTL}, defaults for the unset ones."""
        defaults = cls()
        return cls(
            timeout=_seconds(environ, TIMEOUT_ENV, defaults.timeout, positive=True),
            budget=_seconds(environ, BUDGET_ENV, defaults.budget, positive=True),
            ttl=_seconds(environ, TTL_ENV, defaults.ttl),
            failure_ttl=_seconds(environ, FAILURE_TTL_ENV, defaults.failure_ttl),
        )


def _seconds(environ: Mapping[str, str], name: str, default: float, *, positive: bool = False) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    lowest = "greater than 0" if positive else "0 or more"
    if not (value > 0 if positive else value >= 0) or value > 3600:
        raise CalendarSettingsError(f"{name}={raw!r} is not a number of seconds; set it to a number {lowest} "
                                    f"and at most 3600 (default {default:g}), or unset it")
    return value


@dataclass(frozen=True)
class UnconfiguredSource:
    """A calendar that cannot be read as configured; every read fails as "not_configured" with the detail."""

    source_id: str
    detail: str

    async def fetch(self, start: datetime, end: datetime) -> list[BusyBlock]:
        raise CalendarUnavailable("not_configured", self.detail)


def calendar_reader(
    venue: Venue, environ: Mapping[str, str] | None = None, *, monotonic: Callable[[], float] = time.monotonic,
) -> CalendarReader:
    """NO_CALENDARS for a venue whose rooms name no calendar, else a FanOutReader over all of them.
    Raises CalendarSettingsError for a malformed VENUEDESK_CALENDAR_* setting."""
    environ = os.environ if environ is None else environ
    specs = {spec.id: spec for room in venue.rooms for spec in room.calendars}
    if not specs:
        return NO_CALENDARS
    from venuedesk.calendars.fanout import FanOutReader

    settings = CalendarSettings.from_env(environ)
    zone = ZoneInfo(venue.policies.timezone)
    sources = {spec_id: calendar_source(spec, zone, environ, settings) for spec_id, spec in sorted(specs.items())}
    return FanOutReader(sources, zone, timeout=settings.timeout, budget=settings.budget, ttl=settings.ttl,
                        failure_ttl=settings.failure_ttl, monotonic=monotonic)


def calendar_source(
    spec: CalendarSource, zone: ZoneInfo, environ: Mapping[str, str], settings: CalendarSettings,
) -> BusySource:
    """The source that reads `spec`: a CaldavSource or an IcsSource, or an UnconfiguredSource naming the unset
    variables."""
    unset = [name for name in (spec.url_env, spec.username_env, spec.password_env)
             if name and not environ.get(name, "").strip()]
    if unset:
        return UnconfiguredSource(spec.id, f"{' and '.join(unset)} {'is' if len(unset) == 1 else 'are'} not set; "
                                           f"set {'it' if len(unset) == 1 else 'them'} in the server's environment "
                                           "(docs/calendars.md)")
    url = environ[spec.url_env].strip() if spec.url_env else spec.url
    if url.startswith("webcal://"):
        url = "https://" + url.removeprefix("webcal://")
    if not url.startswith(("http://", "https://")):
        return UnconfiguredSource(spec.id, f"{spec.url_env} does not hold an http(s):// address; set it to the "
                                           "calendar's address (docs/calendars.md)")
    username = environ[spec.username_env].strip() if spec.username_env else None
    password = environ[spec.password_env] if spec.password_env else None
    keep_secret(*(value for value in (password, url if spec.url_env else None) if value))
    credentials_from = " / ".join(name for name in (spec.username_env, spec.password_env) if name)
    kind = CaldavSource if spec.kind == "caldav" else IcsSource
    return kind(spec.id, url, zone, username=username, password=password,
                timeout=settings.timeout + HTTP_BACKSTOP_SECONDS, credentials_from=credentials_from)
