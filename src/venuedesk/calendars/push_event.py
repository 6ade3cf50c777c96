"""What the desk writes into a room's CalDAV calendar for one booking: a VEVENT with a stable UID, the booked window
(without the room's buffers) in venue time with its VTIMEZONE, TENTATIVE for an option and CONFIRMED for a
confirmed booking, and no client data (no name, email or phone: a room's calendar is read by the venue's staff).

`content_hash` covers everything the event says except DTSTAMP and SEQUENCE, so an unchanged booking is never
written twice and a changed one is written again under the same UID, updating the entry in place.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from venuedesk.domain.busy import PUSHED_UID_PREFIX
from venuedesk.domain.invite import invite_window
from venuedesk.domain.windows import format_end, format_hhmm

PushState = Literal["tentative", "confirmed"]
PRODID = "-//venuedesk//venuedesk room calendar//EN"
SUFFIX = "– venuedesk"


def push_uid(event_id: str, room_id: str, venue_host: str) -> str:
    """`venuedesk-<event>-<room>@<venue host>`: the same for every version of one event's booking of one room, so
    an update replaces the entry; another room is another entry (its own calendar)."""
    return f"{PUSHED_UID_PREFIX}{event_id}-{room_id}@{venue_host}"


def summary(state: PushState, event_type: str | None, participants: int | None) -> str:
    """`Option: Workshop (30 guests) – venuedesk` or `Confirmed: …`; what is unknown is left out."""
    kind = "Option" if state == "tentative" else "Confirmed"
    what = (event_type[:1].upper() + event_type[1:]) if event_type else "Event"
    if participants:
        what = f"{what} ({participants} guests)"
    return f"{kind}: {what} {SUFFIX}"


def description(event_id: str, state: PushState, expires_at: datetime | None, zone: str) -> str:
    """What staff need to find the booking in the console; an option also says until when it is held."""
    lines = [f"Booked through venuedesk: event {event_id}."]
    if state == "tentative":
        lines.append("Option (held, not confirmed)" + (
            f" until {expires_at.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}." if expires_at else ", offer accepted."))
    return "\n".join(lines)


@dataclass(frozen=True)
class PushItem:
    """One booking as its room's calendar should show it."""

    source_id: str
    uid: str
    event_id: str
    room_id: str
    day: date
    start: time
    end: time
    state: PushState
    summary: str
    location: str
    description: str
    timezone: str = "Europe/Zurich"

    @property
    def content_hash(self) -> str:
        """sha256 of what the entry says (not DTSTAMP or SEQUENCE): equal hashes need no new write."""
        payload = [self.uid, self.day.isoformat(), format_hhmm(self.start), format_end(self.end), self.state,
                   self.summary, self.location, self.description, self.timezone]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()

    def to_ics(self, sequence: int, stamp: datetime) -> bytes:
        """The entry as one VCALENDAR with its VEVENT and VTIMEZONE (TZID on DTSTART and DTEND), CRLF lines."""
        from icalendar import Calendar, Event
        from icalendar.enums import STATUS

        starts, ends = invite_window(self.day, self.start, self.end, self.timezone)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        event = Event.new(
            uid=self.uid, stamp=stamp.astimezone(UTC), start=starts, end=ends, sequence=sequence,
            status=STATUS.TENTATIVE if self.state == "tentative" else STATUS.CONFIRMED,
            summary=self.summary, location=self.location, description=self.description,
        )
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
        calendar.add_missing_timezones(first_date=date(self.day.year, 1, 1), last_date=date(self.day.year + 2, 1, 1))
        ics: bytes = calendar.to_ical()
        return ics
