"""The `.ics` calendar invite of a booking (RFC 5545; docs/design.md §4.13), built with `icalendar`.

One VCALENDAR with one VEVENT: a stable UID per event (`<event_id>@<venue host>`), DTSTART/DTEND in
venue time with their TZID and the matching VTIMEZONE, SUMMARY (event type and venue), LOCATION (room
and venue), DESCRIPTION in the client's language (the caller's `InviteWords`, from the message catalogue),
SEQUENCE (raise it with every change sent, so a calendar replaces the earlier copy) and STATUS (Option → TENTATIVE, Confirmed → CONFIRMED, Cancelled or
Lost → CANCELLED). A window ending at 24:00 ends at midnight of the next day; one past midnight
(20:00-02:00) ends the next morning (domain/windows.py).

METHOD is PUBLISH, not REQUEST: a REQUEST is an iTIP scheduling message (RFC 5546 §3.2.2) that must
name an ORGANIZER and the ATTENDEEs and asks each attendee to send a REPLY to the organizer; the desk
reads no such replies, and the same file is also a plain download (`GET …/calendar.ics`). PUBLISH
says "put this in your calendar"; a later copy with the same UID and a higher SEQUENCE updates it, and
one with STATUS:CANCELLED cancels it.

Pure: the caller passes every value, including the DTSTAMP moment from the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from venuedesk.domain.event import EventStatus
from venuedesk.domain.windows import end_minutes, format_end, format_hhmm, to_minutes

PRODID = "-//venuedesk//venuedesk booking desk//EN"
METHOD = "PUBLISH"
_STATUS: dict[EventStatus, STATUS] = {
    "Option": STATUS.TENTATIVE,
    "Confirmed": STATUS.CONFIRMED,
    "Cancelled": STATUS.CANCELLED,
    "Lost": STATUS.CANCELLED,
}


@dataclass(frozen=True)
class InviteWords:
    """The invite's words in the client's language, filled in by the caller from the message catalogue (the
    domain holds no client text): the summary's kind when no event type is given, and the DESCRIPTION lines."""

    event: str
    """The kind of event for SUMMARY when `Invite.event_type` is None: "Event" / "Anlass"."""
    what: str
    """First line: "Workshop for 30 guests"."""
    when: str
    """Second line: "Tuesday, 10 March 2026, 09:00–17:00"."""
    status: str
    """The booking's status in words: "Confirmed booking"."""
    reference: str
    """Last line: "Reference: evt-8c1f"."""


@dataclass(frozen=True)
class Invite:
    """What the invite states; `stamp` is when it is made (DTSTAMP), `sequence` its revision (0 first)."""

    event_id: str
    venue_host: str
    venue_name: str
    venue_city: str
    room_name: str
    day: date
    start: time
    end: time
    status: EventStatus
    sequence: int
    stamp: datetime
    words: InviteWords
    event_type: str | None = None
    """Shown as given (the caller picks the client's words, e.g. "Workshop"); None → `words.event`."""
    timezone: str = "Europe/Zurich"


def invite_uid(event_id: str, venue_host: str) -> str:
    """The VEVENT's UID: `<event_id>@<venue host>`, the same for every version of one event's invite."""
    for name, value in (("event_id", event_id), ("venue_host", venue_host)):
        if not value or any(char.isspace() for char in value) or "@" in value:
            raise ValueError(f"{name} {value!r} must be non-empty, without spaces or '@', to make a UID")
    return f"{event_id}@{venue_host}"


def invite_window(
    day: date, start: time, end: time, zone: str = "Europe/Zurich"
) -> tuple[datetime, datetime]:
    """The window as aware local datetimes: 24:00 is the next midnight, 20:00-02:00 ends next morning."""
    minutes = end_minutes(start, end)
    if minutes <= to_minutes(start):
        raise ValueError(f"the window {format_hhmm(start)}-{format_end(end)} does not end after it starts")
    tz = ZoneInfo(zone)
    midnight = datetime.combine(day, time(0, 0))
    ends = (midnight + timedelta(minutes=minutes)).replace(tzinfo=tz)
    return datetime.combine(day, start, tzinfo=tz), ends


def invite_description(invite: Invite) -> str:
    """The DESCRIPTION: what, when, where (room, venue, city), status and reference, one per line."""
    words = invite.words
    where = f"{invite.room_name}, {invite.venue_name}, {invite.venue_city}"
    return "\n".join([words.what, words.when, where, words.status, words.reference])


def invite_ics(invite: Invite) -> bytes:
    """The invite as an RFC 5545 `.ics` file (METHOD:PUBLISH, one VEVENT, its VTIMEZONE), CRLF lines."""
    if invite.status not in _STATUS:
        raise ValueError(
            f"an event in status {invite.status} has no room booked; there is nothing to invite to"
        )
    if invite.sequence < 0:
        raise ValueError(f"sequence {invite.sequence} is negative; start at 0 and raise it with every change")
    if invite.stamp.tzinfo is None or invite.stamp.utcoffset() is None:
        raise ValueError(f"stamp {invite.stamp.isoformat()} has no time zone; pass the clock's aware now")
    starts, ends = invite_window(invite.day, invite.start, invite.end, invite.timezone)
    kind = invite.event_type or invite.words.event
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", METHOD)
    event = Event.new(
        uid=invite_uid(invite.event_id, invite.venue_host),
        stamp=invite.stamp.astimezone(UTC),
        start=starts,
        end=ends,
        sequence=invite.sequence,
        status=_STATUS[invite.status],
        summary=f"{kind} – {invite.venue_name}",
        location=f"{invite.room_name}, {invite.venue_name}, {invite.venue_city}",
        description=invite_description(invite),
    )
    calendar.add_component(event)
    # A VTIMEZONE covering the event's year and the next: every offset the window can have, kept short.
    calendar.add_missing_timezones(
        first_date=date(invite.day.year, 1, 1), last_date=date(invite.day.year + 2, 1, 1)
    )
    ics: bytes = calendar.to_ical()
    return ics
