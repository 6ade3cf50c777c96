"""`venuedesk calendars check`: every room's calendars read once for the coming days, in one fan-out, with what
each answered (ok and its number of busy events, or the failure and what to do); no secret is ever printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from venuedesk.calendars.fanout import FanOutReader
from venuedesk.domain.busy import SourceFailure
from venuedesk.domain.catalogue import Venue


@dataclass(frozen=True)
class CalendarCheck:
    """One calendar of one room: its busy events in the span, or why it could not be read."""

    room_id: str
    source_id: str
    kind: str
    busy_events: int = 0
    failure: SourceFailure | None = None

    def line(self) -> str:
        head = f"{self.room_id}  {self.source_id} ({self.kind})"
        if self.failure is not None:
            return f"{head}  FAILED ({self.failure.reason}): {self.failure.detail}"
        return f"{head}  ok, {self.busy_events} busy event{'' if self.busy_events == 1 else 's'}"


def check_calendars(venue: Venue, reader: FanOutReader, today: date, days: int = 14) -> list[CalendarCheck]:
    """Read each calendar of the venue from `today`'s midnight for `days` days (all at once, no cache)."""
    start = datetime.combine(today, time(0), reader.zone)
    end = datetime.combine(today + timedelta(days=days), time(0), reader.zone)
    specs = [(room.id, spec) for room in venue.rooms for spec in room.calendars]
    answers = reader.read([(spec.id, start, end) for _, spec in specs])
    checks = []
    for room_id, spec in specs:
        answer = answers[(spec.id, start, end)]
        if isinstance(answer, SourceFailure):
            checks.append(CalendarCheck(room_id, spec.id, spec.kind, failure=answer))
        else:
            checks.append(CalendarCheck(room_id, spec.id, spec.kind, busy_events=len(answer)))
    return checks


def report(venue: Venue, reader: FanOutReader, today: date, days: int = 14) -> tuple[str, bool]:
    """The printed report and whether every calendar answered."""
    checks = check_calendars(venue, reader, today, days)
    last = today + timedelta(days=days - 1)
    lines = [f"Calendars of {venue.name}, {today.isoformat()} to {last.isoformat()} "
             f"(timeout {reader.timeout:g} s per calendar, {reader.budget:g} s in all):",
             *(check.line() for check in checks)]
    failed = [check for check in checks if check.failure is not None]
    if failed:
        lines.append(f"{len(failed)} of {len(checks)} calendars could not be read: their rooms show as unconfirmed "
                     "until they answer (docs/calendars.md).")
    else:
        lines.append(f"all {len(checks)} calendars answered.")
    return "\n".join(lines), not failed
