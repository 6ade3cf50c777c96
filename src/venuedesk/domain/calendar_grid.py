"""The manager's calendar view as data: rooms × days, each cell with its holds, confirmed bookings, external busy time,
the 2nd options waiting, whether the venue is closed and whether a room's calendar could not be read.

Pure: the caller reads the bookings, the queued 2nd options and the external busy time (docs/calendars.md) and passes
them in with the clock's `now`; `build_grid` only sorts them into cells, so the grid is tested without a database.
A 2nd option is shown on the hold it waits behind (same room and day, overlapping window); one whose hold is gone
(released, the promotion not yet run) stands on its own as `waiting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from venuedesk.domain.busy import EXTERNAL_PREFIX, ExternalBusy, SourceFailure
from venuedesk.domain.calendar import CALENDAR_FIRST, CALENDAR_LAST, ClosedReason, closed_reason
from venuedesk.domain.catalogue import Policies, Room
from venuedesk.domain.windows import DAY_MINUTES, clock_text, end_minutes, parse_end, parse_hhmm, to_minutes

MAX_DAYS = 42
"""The longest span one grid covers: six weeks, so a month view with its leading and trailing days fits."""

EntryKind = Literal["option", "confirmed", "busy", "waiting"]
_KIND_ORDER: dict[EntryKind, int] = {"confirmed": 0, "option": 1, "busy": 2, "waiting": 3}


class GridRangeError(ValueError):
    """A span of days the grid cannot show (fewer than 1 or more than MAX_DAYS days, or days outside the calendar
    the desk books); `field` names the input at fault (`days` or `from`)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class GridBooking:
    """One of the desk's own bookings: its window without buffers (`HH:MM`, the end may be `24:00`)."""

    event_id: str
    thread_id: str | None
    room_id: str
    day: date
    start: str
    end: str
    status: Literal["Option", "Confirmed"]
    expires_at: datetime | None
    client: str
    participants: int | None = None


@dataclass(frozen=True)
class GridWaiting:
    """A 2nd (or later) option queued for a room and window; not a hold itself."""

    event_id: str
    thread_id: str | None
    room_id: str
    day: date
    start: str
    end: str
    queued_at: datetime
    client: str
    participants: int | None = None


@dataclass(frozen=True)
class Waiter:
    """A 2nd option shown on the hold it waits behind; `place` is 2 for the first in the queue."""

    event_id: str
    thread_id: str | None
    client: str
    place: int


@dataclass(frozen=True)
class Entry:
    """One thing in a cell: a hold, a confirmed booking, an external busy block or a 2nd option without its hold."""

    kind: EntryKind
    start: str
    end: str
    client: str = ""
    participants: int | None = None
    event_id: str | None = None
    thread_id: str | None = None
    expires_at: datetime | None = None
    lapsed: bool = False
    """An option whose expiry has passed and that the `option_expiry` job has not released yet."""
    waiting: tuple[Waiter, ...] = ()
    source_id: str | None = None
    all_day: bool = False

    def to_json(self) -> dict[str, Any]:
        """The entry as the calendar API shows it."""
        return {"kind": self.kind, "start": self.start, "end": self.end, "client": self.client,
                "participants": self.participants,
                "event_id": self.event_id, "thread_id": self.thread_id,
                "expires_at": self.expires_at.isoformat() if self.expires_at else None, "lapsed": self.lapsed,
                "waiting": [{"event_id": w.event_id, "thread_id": w.thread_id, "client": w.client, "place": w.place}
                            for w in self.waiting],
                "source_id": self.source_id, "all_day": self.all_day}


@dataclass(frozen=True)
class ClosedDay:
    """Why the venue is closed on a day: a public holiday (named in English and German) or a blackout."""

    kind: Literal["holiday", "blackout"]
    name: str = ""
    name_de: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "name": self.name, "name_de": self.name_de}


@dataclass(frozen=True)
class GridDay:
    """A column: the day, its weekday (0 Monday) and whether it is today or closed."""

    day: date
    today: bool
    closed: ClosedDay | None

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "weekday": self.day.weekday(), "today": self.today,
                "closed": self.closed.to_json() if self.closed else None}


@dataclass(frozen=True)
class Cell:
    """One room on one day; `unconfirmed` when one of the room's calendars could not be read (never free)."""

    day: date
    entries: tuple[Entry, ...]
    closed: bool
    unconfirmed: bool

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "closed": self.closed, "unconfirmed": self.unconfirmed,
                "entries": [entry.to_json() for entry in self.entries]}


@dataclass(frozen=True)
class GridRoom:
    """A row: the room and one cell per day of the grid."""

    room_id: str
    name: str
    cells: tuple[Cell, ...]
    failures: tuple[SourceFailure, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"room_id": self.room_id, "name": self.name, "cells": [cell.to_json() for cell in self.cells],
                "calendar_failures": [{"source_id": f.source_id, "reason": f.reason} for f in self.failures]}


@dataclass(frozen=True)
class CalendarGrid:
    """Rooms × days from `first` to `last` (inclusive) at `now`."""

    first: date
    last: date
    now: datetime
    days: tuple[GridDay, ...]
    rooms: tuple[GridRoom, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The grid as `GET /api/calendar` answers it."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "now": self.now.isoformat(),
                "days": [day.to_json() for day in self.days], "rooms": [room.to_json() for room in self.rooms]}


def grid_span(first: date, days: int) -> date:
    """The last day of a grid of `days` days from `first`; GridRangeError outside 1..MAX_DAYS days or when a day
    falls outside the calendar the desk books (so no date arithmetic near year 1 or 9999 can overflow)."""
    if not 1 <= days <= MAX_DAYS:
        raise GridRangeError(f"days must be between 1 and {MAX_DAYS}, not {days}", "days")
    latest = CALENDAR_LAST - timedelta(days=days - 1)
    if not CALENDAR_FIRST <= first <= latest:
        raise GridRangeError(f"from must be between {CALENDAR_FIRST.isoformat()} and {latest.isoformat()} for a grid "
                             f"of {days} days (the desk books {CALENDAR_FIRST.isoformat()} to "
                             f"{CALENDAR_LAST.isoformat()}), not {first.isoformat()}", "from")
    return first + timedelta(days=days - 1)


def build_grid(
    rooms: Sequence[Room],
    first: date,
    days: int,
    *,
    bookings: Iterable[GridBooking],
    waiting: Iterable[GridWaiting],
    busy: ExternalBusy,
    policies: Policies,
    now: datetime,
    language: str = "en",
) -> CalendarGrid:
    """Sort the bookings, queued 2nd options and external busy time into cells of `rooms` × `days` days from
    `first`; closed days come from the venue's policies (holidays and blackouts), `today` from `now`."""
    last = grid_span(first, days)
    today = now.date()
    columns = tuple(GridDay(day, day == today, _closed(day, policies))
                    for day in (first + timedelta(days=n) for n in range(days)))
    in_span = [b for b in bookings if first <= b.day <= last]
    queued = sorted((w for w in waiting if first <= w.day <= last), key=lambda w: (w.queued_at, w.event_id))
    by_cell: dict[tuple[str, date], list[Entry]] = {}
    for booking in in_span:
        behind = [w for w in queued if _waits_behind(w, booking)]
        by_cell.setdefault((booking.room_id, booking.day), []).append(_own_entry(booking, behind, now))
    for item in queued:
        if not any(_waits_behind(item, booking) for booking in in_span):
            by_cell.setdefault((item.room_id, item.day), []).append(
                Entry("waiting", item.start, item.end, item.client, item.participants, item.event_id,
                      item.thread_id))
    for block in busy.bookings:
        if first <= block.date <= last:
            by_cell.setdefault((block.room_id, block.date), []).append(_busy_entry(block.event_id, block.start_min,
                                                                                   block.end_min))
    grid_rooms = []
    for room in rooms:
        unconfirmed = room.id in busy.unconfirmed_rooms
        cells = tuple(Cell(column.day, tuple(sorted(by_cell.get((room.id, column.day), []), key=_entry_order)),
                           column.closed is not None, unconfirmed) for column in columns)
        grid_rooms.append(GridRoom(room.id, room.label(language), cells, busy.failures_of(room)))
    return CalendarGrid(first, last, now, columns, tuple(grid_rooms))


def _closed(day: date, policies: Policies) -> ClosedDay | None:
    reason: ClosedReason | None = closed_reason(day, policies)
    if reason is None:
        return None
    return ClosedDay(reason.kind, reason.name, reason.name_de)


def _minutes(start: str, end: str) -> tuple[int, int]:
    """A window's minutes from its day's midnight (the end past 1440 when it runs past midnight)."""
    opens = parse_hhmm(start)
    return to_minutes(opens), end_minutes(opens, parse_end(end))


def _waits_behind(item: GridWaiting, booking: GridBooking) -> bool:
    """Whether a queued 2nd option is for this booking's room, day and (overlapping) window."""
    if item.room_id != booking.room_id or item.day != booking.day or item.event_id == booking.event_id:
        return False
    item_start, item_end = _minutes(item.start, item.end)
    held_start, held_end = _minutes(booking.start, booking.end)
    return item_start < held_end and held_start < item_end


def _own_entry(booking: GridBooking, behind: Sequence[GridWaiting], now: datetime) -> Entry:
    waiters = tuple(Waiter(w.event_id, w.thread_id, w.client, place) for place, w in enumerate(behind, start=2))
    if booking.status == "Confirmed":
        return Entry("confirmed", booking.start, booking.end, booking.client, booking.participants,
                     booking.event_id, booking.thread_id, waiting=waiters)
    lapsed = booking.expires_at is not None and booking.expires_at <= now
    return Entry("option", booking.start, booking.end, booking.client, booking.participants, booking.event_id,
                 booking.thread_id, booking.expires_at, lapsed, waiters)


def _busy_entry(event_id: str, start_min: int, end_min: int) -> Entry:
    """An external busy block (its window includes the room's buffers, as it blocks the room)."""
    source_id = event_id.removeprefix(EXTERNAL_PREFIX).partition(":")[0]
    start, end = max(start_min, 0), min(end_min, DAY_MINUTES)
    all_day = start == 0 and end == DAY_MINUTES
    return Entry("busy", clock_text(start), clock_text(end), source_id=source_id, all_day=all_day)


def _entry_order(entry: Entry) -> tuple[int, int, str]:
    return to_minutes(entry.start), _KIND_ORDER[entry.kind], entry.event_id or entry.source_id or ""
