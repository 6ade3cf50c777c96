"""A room's bookings as an iCalendar feed for the venue's own calendar apps (docs/calendar-view.md "Room feeds"):
options as TENTATIVE, confirmed bookings as CONFIRMED, each with the booked window (without buffers) in venue time.

No client data: an entry says what the room's push calendar says (docs/calendars.md), the event type and head
count, the event id to find it in the console, and for an option until when it is held; never the client's name,
email, phone, company or address. UIDs are the push calendar's (`venuedesk-…`), so a venue that also reads this feed
back as a room calendar never blocks its rooms with the desk's own bookings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from venuedesk.calendars.push_event import PRODID
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.invite import invite_window
from venuedesk.store.repositories.calendar_pushes import ShownBooking
from venuedesk.workflow.booking_entry import booking_entry
from venuedesk.workflow.desk import Desk

HISTORY_DAYS = 30
"""Bookings of the last 30 days stay in the feed, so this month's past events do not vanish from the app."""
REFRESH = timedelta(minutes=15)


class UnknownFeedRoom(LookupError):
    """The venue has no room with this id."""


def room_feed(desk: Desk, room_id: str) -> bytes:
    """The room's live bookings (Confirmed, or an option that has not lapsed) from 30 days ago on, as `.ics`."""
    venue = desk.venue
    if not venue.has_room(room_id):
        raise UnknownFeedRoom(f"no room {room_id!r}; the rooms are {', '.join(room.id for room in venue.rooms)}")
    now = desk.clock.now()
    first = now.astimezone(ZoneInfo(venue.policies.timezone)).date() - timedelta(days=HISTORY_DAYS)
    with desk.uow() as uow:
        bookings = uow.calendar_pushes.bookings_to_show([room_id], first, now)
    return feed_ics(venue, room_id, bookings, now)


def feed_ics(venue: Venue, room_id: str, bookings: list[ShownBooking], now: datetime) -> bytes:
    """One VCALENDAR with a VEVENT per booking and the VTIMEZONE they name; CRLF lines (RFC 5545)."""
    from icalendar import Calendar, Event
    from icalendar.enums import STATUS

    language = venue.languages[0] if venue.languages else "en"
    room = venue.room(room_id)
    zone = venue.policies.timezone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{room.label(language)} – {venue.name} (venuedesk)")
    calendar.add("x-wr-timezone", zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT15M")
    stamp = now.astimezone(UTC)
    days: list[date] = []
    for booking in bookings:
        item = booking_entry(venue, booking)
        starts, ends = invite_window(item.day, item.start, item.end, zone)
        event = Event.new(
            uid=item.uid, stamp=stamp, start=starts, end=ends,
            status=STATUS.TENTATIVE if item.state == "tentative" else STATUS.CONFIRMED,
            summary=item.summary, location=item.location, description=item.description,
        )
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
        days.append(booking.day)
    if days:
        calendar.add_missing_timezones(first_date=date(min(days).year, 1, 1),
                                       last_date=date(max(days).year + 1, 1, 1))
    ics: bytes = calendar.to_ical()
    return ics

