"""Busy time from a venue's own calendars, as bookings the availability rules already understand.

An external busy event blocks its room like a Confirmed booking: a timed event is widened by the room's
buffers; an all-day event blocks each of its days whole (DTEND exclusive, as iCalendar says). A source that
could not be read (timeout, error) is never read as free: its rooms are *unconfirmed* until it answers.
`merge` is the one place the results of several sources meet, and it sorts, so the outcome never depends on
which source answered first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from venuedesk.domain.availability import Booking
from venuedesk.domain.catalogue import Room
from venuedesk.domain.windows import DAY_MINUTES

EXTERNAL_PREFIX = "external:"
"""Bookings made from calendar events carry `event_id` = "external:{source_id}:{uid}"."""

PUSHED_UID_PREFIX = "venuedesk-"
"""UIDs of the events the desk writes into a calendar itself; reading them back must not block anything."""

FailureReason = Literal["timeout", "error", "not_configured"]


@dataclass(frozen=True, order=True)
class BusyBlock:
    """One busy event read from a calendar: aware start and end, or whole days when `all_day`.

    For an all-day event `start`/`end` are the first day's and the day-after-the-last's local midnights."""

    source_id: str
    uid: str
    start: datetime
    end: datetime
    all_day: bool = False


@dataclass(frozen=True, order=True)
class SourceFailure:
    """A calendar that did not answer in time or answered with an error; its rooms are unconfirmed."""

    source_id: str
    reason: FailureReason
    detail: str = ""


@dataclass(frozen=True)
class ExternalBusy:
    """What the external calendars say about some rooms and days: their busy time as Confirmed bookings (sorted),
    the sources that failed (sorted by id) and the rooms those sources belong to."""

    bookings: tuple[Booking, ...] = ()
    failures: tuple[SourceFailure, ...] = ()
    unconfirmed_rooms: frozenset[str] = frozenset()

    def on_days(self) -> dict[date, list[Booking]]:
        """The bookings by day, for merging with the desk's own."""
        by_day: dict[date, list[Booking]] = {}
        for booking in self.bookings:
            by_day.setdefault(booking.date, []).append(booking)
        return by_day

    def failures_of(self, room: Room) -> tuple[SourceFailure, ...]:
        """The failed sources among `room`'s calendars."""
        mine = {source.id for source in room.calendars}
        return tuple(failure for failure in self.failures if failure.source_id in mine)


NO_EXTERNAL_BUSY = ExternalBusy()

SourceResult = Sequence[BusyBlock] | SourceFailure


def is_external(booking: Booking) -> bool:
    """Whether a booking stands for a calendar event rather than one of the desk's own holds."""
    return booking.event_id.startswith(EXTERNAL_PREFIX)


def _minutes(moment: datetime, *, up: bool = False) -> int:
    """Minutes since midnight of a wall-clock time; seconds round a start down and an end (`up`) up, so a block
    never shrinks."""
    return moment.hour * 60 + moment.minute + (1 if up and (moment.second or moment.microsecond) else 0)


def _segments(block: BusyBlock, zone: ZoneInfo) -> list[tuple[date, int, int]]:
    """(day, start minute, end minute) pieces of a block in the venue's wall-clock time, one per day touched."""
    start, end = block.start.astimezone(zone), block.end.astimezone(zone)
    if end <= start:
        return []
    pieces = []
    day = start.date()
    while True:
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), zone)
        piece_start = _minutes(start) if day == start.date() else 0
        if end <= next_midnight:
            piece_end = DAY_MINUTES if end == next_midnight else _minutes(end, up=True)
            if piece_end > piece_start:
                pieces.append((day, piece_start, piece_end))
            return pieces
        pieces.append((day, piece_start, DAY_MINUTES))
        day += timedelta(days=1)


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The venue's calendar day of an all-day bound (a local midnight; one given in another zone is converted)."""
    return moment.astimezone(zone).date() if moment.tzinfo is not None else moment.date()


def block_bookings(room: Room, block: BusyBlock, zone: ZoneInfo) -> list[Booking]:
    """The Confirmed bookings that stand for `block` in `room`: buffers widen a timed event's first and last piece;
    an all-day event blocks each of its days whole."""
    event_id = f"{EXTERNAL_PREFIX}{block.source_id}:{block.uid}"
    if block.all_day:
        first, stop = _local_day(block.start, zone), _local_day(block.end, zone)
        days = [first + timedelta(days=n) for n in range(max((stop - first).days, 1))]
        return [Booking(room.id, day, 0, DAY_MINUTES, "Confirmed", None, event_id) for day in days]
    pieces = _segments(block, zone)
    bookings = []
    for index, (day, start_min, end_min) in enumerate(pieces):
        if index == 0:
            start_min -= room.buffer_before_min
        if index == len(pieces) - 1:
            end_min += room.buffer_after_min
        bookings.append(Booking(room.id, day, start_min, end_min, "Confirmed", None, event_id))
    return bookings


def merge(
    rooms: Iterable[Room], results: Mapping[str, SourceResult], zone: ZoneInfo, first: date, last: date
) -> ExternalBusy:
    """Fold every source's answer into one ExternalBusy for `rooms` over [first, last] (and a day either side for
    windows past midnight). Blocks the desk pushed itself are skipped; a source with no answer counts as failed.
    Sorted throughout, so the result never depends on completion order."""
    bookings: set[Booking] = set()
    failures: set[SourceFailure] = set()
    unconfirmed: set[str] = set()
    lo, hi = first - timedelta(days=1), last + timedelta(days=1)
    for room in rooms:
        for source in room.calendars:
            result = results.get(source.id, SourceFailure(source.id, "error", "no answer"))
            if isinstance(result, SourceFailure):
                failures.add(result)
                unconfirmed.add(room.id)
                continue
            for block in result:
                if block.uid.startswith(PUSHED_UID_PREFIX):
                    continue
                bookings.update(b for b in block_bookings(room, block, zone) if lo <= b.date <= hi)
    ordered = sorted(bookings, key=lambda b: (b.room_id, b.date, b.start_min, b.end_min, b.event_id))
    return ExternalBusy(tuple(ordered), tuple(sorted(failures)), frozenset(unconfirmed))
