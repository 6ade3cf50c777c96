"""The calendar entry of one live booking, as the rooms' push calendars (`jobs/calendar_plan.py`) and their `.ics`
feeds (`workflow/room_feed.py`) both show it: its window without buffers, tentative or confirmed, the event's type
and head count in the venue's first language, the push calendar's UID; no client data."""

from __future__ import annotations

from venuedesk.calendars.push_event import PushItem, PushState, description, push_uid, summary
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.windows import parse_end, parse_hhmm
from venuedesk.store.repositories.calendar_pushes import ShownBooking
from venuedesk.workflow.calendar_invite import venue_host


def booking_entry(venue: Venue, booking: ShownBooking, source_id: str = "") -> PushItem:
    """The entry of `booking` (on the push calendar `source_id`; empty for a feed, which belongs to no source)."""
    language = venue.languages[0] if venue.languages else "en"
    room = venue.room(booking.room_id)
    state: PushState = "confirmed" if booking.status == "Confirmed" else "tentative"
    occasion = venue.event_type(booking.event_type)
    what = occasion.name(language) if occasion is not None else None
    return PushItem(
        source_id=source_id, uid=push_uid(booking.event_id, booking.room_id, venue_host(venue)),
        event_id=booking.event_id, room_id=booking.room_id, day=booking.day,
        start=parse_hhmm(booking.window_start), end=parse_end(booking.window_end), state=state,
        summary=summary(state, what, booking.participants), location=room.label(language),
        description=description(booking.event_id, state, booking.expires_at, venue.policies.timezone),
        timezone=venue.policies.timezone,
    )
