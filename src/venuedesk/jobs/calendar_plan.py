"""The push plan: what each room's push calendar should show (its live bookings from today on, as entries) against
what the desk last wrote there, as the writes that are missing: an entry to write (new or changed) or to remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from venuedesk.calendars.caldav_push import push_sources
from venuedesk.calendars.push_event import PushItem
from venuedesk.domain.catalogue import CalendarSource, Venue
from venuedesk.store.models import CalendarPushRow
from venuedesk.store.repositories.calendar_pushes import LIVE_STATES, ShownBooking
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.booking_entry import booking_entry


@dataclass(frozen=True)
class PushUnit:
    """One write a calendar is missing: `item` to write, or (None) the entry `uid` to remove."""

    source: CalendarSource
    uid: str
    event_id: str
    room_id: str
    item: PushItem | None

    @property
    def key(self) -> tuple[str, str]:
        return self.source.id, self.uid


def venue_today(venue: Venue, now: datetime) -> date:
    """The venue's date at `now`: entries of earlier days are history and are left as they were written."""
    return now.astimezone(ZoneInfo(venue.policies.timezone)).date()


def entry(venue: Venue, source: CalendarSource, booking: ShownBooking) -> PushItem:
    """The calendar entry of one booking on `source` (`workflow/booking_entry.py`, the same as the rooms' feeds)."""
    return booking_entry(venue, booking, source.id)


def needs_write(row: CalendarPushRow | None, item: PushItem | None) -> bool:
    """Whether the calendar lacks this state: an entry never written, written differently or removed, or an entry
    that may be there (anything not removed) and must go."""
    if item is None:
        return row is not None and row.state in LIVE_STATES
    return row is None or row.state in ("new", "removed") or row.content_hash != item.content_hash


def plan(uow: UnitOfWork, venue: Venue, now: datetime) -> list[PushUnit]:
    """Every write the push calendars miss at `now`, removals first, then by calendar and UID."""
    sources = dict(push_sources(venue))
    if not sources:
        return []
    today = venue_today(venue, now)
    wanted: dict[tuple[str, str], PushItem] = {}
    for booking in uow.calendar_pushes.bookings_to_show(list(sources), today, now):
        item = entry(venue, sources[booking.room_id], booking)
        wanted.setdefault((item.source_id, item.uid), item)
    by_id = {source.id: source for source in sources.values()}
    rows = {(row.source_id, row.uid): row for row in uow.calendar_pushes.current(list(by_id), today)}
    removals = [PushUnit(by_id[key[0]], key[1], row.event_id, row.room_id, None)
                for key, row in sorted(rows.items()) if key not in wanted and needs_write(row, None)]
    writes = [PushUnit(by_id[key[0]], key[1], item.event_id, item.room_id, item)
              for key, item in sorted(wanted.items()) if needs_write(rows.get(key), item)]
    return removals + writes
