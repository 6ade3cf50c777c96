"""The booking's `.ics` invite as the client downloads it (docs/design.md §4.13): built from the event by
`domain/invite.py`, its words from the message catalogue in the client's language.

Only a booking the venue has confirmed has an invite; every amendment that changes what it says (date, room, window,
head count) raises its SEQUENCE (`invite_sequence`), so a calendar that imported it replaces the entry; once it is
cancelled the same UID is served with STATUS:CANCELLED and a higher SEQUENCE still, so the entry is removed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
from venuedesk.domain.invite import Invite, InviteWords, invite_ics
from venuedesk.domain.windows import parse_end, parse_hhmm
from venuedesk.workflow import texts
from venuedesk.workflow.errors import StateConflict

ICS_URL = "/api/threads/{thread_id}/calendar.ics"
# SEQUENCE per status, added to the amendments' count: the confirmed invite is the first version, its cancellation
# replaces the last one.
_SEQUENCE = {"Confirmed": 0, "Cancelled": 1}


class NoInvite(StateConflict):
    """The event has no confirmed booking to put in a calendar (HTTP 409 `no_invite`)."""

    code = "no_invite"


def ics_url(thread_id: str) -> str:
    """Where the thread's invite is downloaded (the client's thread token or the manager token opens it)."""
    return ICS_URL.format(thread_id=thread_id)


def ics_filename(event_id: str, day: date | None) -> str:
    """The download's file name: `<event id>-<date>.ics`, e.g. `evt_8c1f-2026-03-10.ics` (safe characters only)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", event_id)
    return f"{safe}-{day.isoformat() if day else 'booking'}.ics"


def venue_host(venue: Venue) -> str:
    """The right-hand side of every invite UID of this venue: its name as a host label under `.venuedesk.invalid`
    (a reserved domain: the UID only has to be unique and stable, never resolvable)."""
    label = re.sub(r"[^a-z0-9]+", "-", venue.name.lower()).strip("-") or "venue"
    return f"{label}.venuedesk.invalid"


def calendar_ics(state: EventState, venue: Venue, now: datetime) -> bytes:
    """The event's invite as `.ics` bytes; `NoInvite` (naming the status) unless it is Confirmed or Cancelled."""
    if state.status not in _SEQUENCE or state.offer is None:
        raise NoInvite.said("invite.error.not_confirmed", status=state.status)
    return invite_ics(booking_invite(state, venue, now))


def booking_invite(state: EventState, venue: Venue, now: datetime) -> Invite:
    """The `Invite` of a confirmed (or cancelled) booking: room, date and window of its accepted offer."""
    offer = state.offer
    assert offer is not None, "a confirmed booking has an accepted offer"
    day, start_text, end_text = offer.chosen_date, offer.start_time, offer.end_time
    language = state.language
    participants = state.requirements.participants
    event_word = texts.say("invite.event", language)
    what = event_word if participants is None else texts.say("invite.guests", language, type=event_word,
                                                               participants=participants)
    words = InviteWords(
        event=event_word,
        what=what,
        when=texts.say("invite.when", language, date=texts.long_date(day, language), start=start_text,
                       end=end_text),
        status=texts.say(f"invite.status.{state.status}", language),
        reference=texts.say("invite.reference", language, event_id=state.event_id),
    )
    return Invite(
        event_id=state.event_id, venue_host=venue_host(venue), venue_name=venue.name, venue_city=venue.city,
        room_name=venue.room(offer.room_id).label(language), day=day, start=parse_hhmm(start_text),
        end=parse_end(end_text), status=state.status, sequence=_SEQUENCE[state.status] + state.invite_sequence, stamp=now, words=words,
        timezone=venue.policies.timezone,
    )
