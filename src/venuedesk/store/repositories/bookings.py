"""Room bookings: holds (Option) and confirmed bookings that can never overlap on a room and date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from venuedesk.domain.availability import Booking
from venuedesk.domain.windows import DAY_MINUTES
from venuedesk.store.models import BookingRow, CatalogueRoomRow
from venuedesk.store.tenancy import venue_of
from venuedesk.store.pipelining import send_before_next
from venuedesk.store.turn_reads import BookingSpan, bookings_span, forget_bookings, keep_bookings

BookingStatus = Literal["Option", "Confirmed"]
_SLOT_COLUMNS = (
    BookingRow.room_id,
    BookingRow.date,
    BookingRow.start_min,
    BookingRow.end_min,
    BookingRow.status,
    BookingRow.expires_at,
    BookingRow.event_id,
)
# The reads of every turn, built once (parameters bound at execution): building and keying a statement costs more CPU
# than running it.
_ON_DATES = (
    select(*_SLOT_COLUMNS)
    .where(BookingRow.date >= bindparam("first"), BookingRow.date <= bindparam("last"))
    .order_by(BookingRow.date, BookingRow.room_id, BookingRow.start_min)
)
_FOR_ROOM_DATE = (
    select(*_SLOT_COLUMNS)
    .where(BookingRow.date == bindparam("day"), BookingRow.room_id == bindparam("room_id"))
    .order_by(BookingRow.start_min)
)
_FOR_EVENT = select(BookingRow).where(BookingRow.event_id == bindparam("event_id")).order_by(BookingRow.id)


_ROOM_LOCK_SQL = "SELECT 1 FROM catalogue_rooms WHERE venue_id = %(venue)s AND id = %(id)s FOR UPDATE"
_RELEASE_SQL = "DELETE FROM room_bookings WHERE venue_id = %(venue)s AND event_id = %(event_id)s"


class RoomUnavailable(Exception):
    """The room is already taken (Confirmed or an unexpired Option of another event) in that window."""

    def __init__(self, room_id: str, day: date, conflict: BookingRow) -> None:
        super().__init__(
            f"{room_id} is taken on {conflict.date.isoformat()}"
            f" from {conflict.window_start} to {conflict.window_end}"
        )
        self.room_id = room_id
        self.day = day
        self.conflict_id = conflict.id


class UnknownRoom(LookupError):
    """The room is not in the catalogue."""


class NoHold(LookupError):
    """The event has no hold to move or confirm."""


class BookingRepository:
    """Read bookings per date or room (index on date, room_id) and place holds without overlaps.

    The availability reads (`on_dates`, `for_room_date`) return light domain `Booking` values; the
    management calls (`for_event`, `place_hold`, `move`) return the ORM rows (with id and window).
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def on_dates(self, first: date, last: date) -> list[Booking]:
        """All bookings on the days first..last (inclusive) as domain values, in date, room, start order; a span the
        transaction already read (and did not write since) is served from memory (store/turn_reads.py)."""
        span = bookings_span(self.session)
        if span is not None and span.covers(first, last):
            return [booking for booking in span.bookings if first <= booking.date <= last]
        found = [_booking(row) for row in self.session.execute(_ON_DATES, {"first": first, "last": last})]
        keep_bookings(self.session, BookingSpan(first, last, found))
        return list(found)

    def for_room_date(self, room_id: str, day: date) -> list[Booking]:
        """The bookings of one room on one day as domain values, by start (from a span already read, if any)."""
        span = bookings_span(self.session)
        if span is not None and span.covers(day, day):
            return [booking for booking in span.bookings if booking.date == day and booking.room_id == room_id]
        return [_booking(row) for row in self.session.execute(_FOR_ROOM_DATE, {"day": day, "room_id": room_id})]

    def for_event(self, event_id: str) -> list[BookingRow]:
        """The bookings of one event (indexed)."""
        return list(self.session.scalars(_FOR_EVENT, {"event_id": event_id}))

    def place_hold(
        self,
        event_id: str,
        room_id: str,
        day: date,
        start_min: int,
        end_min: int,
        window_start: str,
        window_end: str,
        expires_at: datetime | None,
        now: datetime,
        status: BookingStatus = "Option",
        *,
        replacing: bool = False,
    ) -> BookingRow:
        """Book [start_min, end_min) (buffers included) unless another event holds an overlapping window; `replacing`:
        the event's other bookings are released with it (the only booking it has after), in the same round trip."""
        if end_min <= start_min:
            raise ValueError(f"empty booking window {start_min}..{end_min}")
        self._lock_and_check(event_id, room_id, day, start_min, end_min, now)
        if replacing:
            self._release_before_next(event_id)
        row = BookingRow(
            event_id=event_id,
            room_id=room_id,
            date=day,
            start_min=start_min,
            end_min=end_min,
            window_start=window_start,
            window_end=window_end,
            status=status,
            expires_at=None if status == "Confirmed" else expires_at,
            placed_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def move(
        self,
        event_id: str,
        room_id: str,
        day: date,
        start_min: int,
        end_min: int,
        window_start: str,
        window_end: str,
        now: datetime,
    ) -> BookingRow:
        """Move the event's hold to another room/day/window, keeping its expiry; raises when taken."""
        holds = [row for row in self.for_event(event_id) if row.status == "Option"]
        if not holds:
            raise NoHold(f"event {event_id!r} has no hold to move")
        self._lock_and_check(event_id, room_id, day, start_min, end_min, now)
        row = holds[0]
        for extra in holds[1:]:
            self.session.delete(extra)
        row.room_id, row.date, row.start_min, row.end_min = room_id, day, start_min, end_min
        row.window_start, row.window_end, row.placed_at = window_start, window_end, now
        self.session.flush()
        return row

    def release(self, event_id: str, *, room_id: str | None = None, keep_id: int | None = None) -> int:
        """Delete the event's bookings (filtered by `room_id`, or all but `keep_id`); returns a count."""
        statement = delete(BookingRow).where(BookingRow.event_id == event_id)
        if room_id is not None:
            statement = statement.where(BookingRow.room_id == room_id)
        if keep_id is not None:
            statement = statement.where(BookingRow.id != keep_id)
        result = self.session.execute(statement.execution_options(synchronize_session="fetch"))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def _release_before_next(self, event_id: str) -> None:
        """Delete every booking of the event just before the next statement, in its round trip (PostgreSQL; at once
        elsewhere); the event's rows the session holds are let go, as a DELETE that synchronises the session would."""
        if self.session.get_bind().dialect.name != "postgresql":
            self.release(event_id)
            return
        for held in [row for row in self.session.identity_map.values() if isinstance(row, BookingRow)]:
            if held.event_id == event_id:
                self.session.expunge(held)
        send_before_next(self.session.connection(), _RELEASE_SQL,
                         {"venue": venue_of(self.session), "event_id": event_id})
        forget_bookings(self.session)

    def confirm(self, event_id: str, now: datetime | None = None) -> int:
        """Turn the event's holds into Confirmed bookings (no expiry); returns the count. With `now`, a hold that
        another event's live booking now overlaps (it lapsed and the room was taken) raises RoomUnavailable."""
        if now is not None:
            for hold in self.for_event(event_id):
                if hold.status == "Option":
                    self._lock_and_check(event_id, hold.room_id, hold.date, hold.start_min, hold.end_min, now)
        statement = (
            update(BookingRow)
            .where(BookingRow.event_id == event_id, BookingRow.status == "Option")
            .values(status="Confirmed", expires_at=None)
            .execution_options(synchronize_session="fetch")
        )
        count = int(self.session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
        if count == 0 and not self.for_event(event_id):
            raise NoHold(f"event {event_id!r} has no hold to confirm")
        return count

    def stop_expiry(self, event_id: str) -> int:
        """The event's holds stop expiring (its offer was accepted, docs/design.md §4.13); returns the count."""
        statement = (
            update(BookingRow)
            .where(BookingRow.event_id == event_id, BookingRow.status == "Option", BookingRow.expires_at.is_not(None))
            .values(expires_at=None)
            .execution_options(synchronize_session="fetch")
        )
        return int(self.session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]

    def _lock_and_check(
        self, event_id: str, room_id: str, day: date, start_min: int, end_min: int, now: datetime
    ) -> None:
        """Lock the room's catalogue row so concurrent holds on it queue (PostgreSQL FOR UPDATE), then raise
        UnknownRoom for a room not in the catalogue and RoomUnavailable when another event's live booking overlaps
        the window. One round trip: the lock goes just before the check (store/pipelining.py), which PostgreSQL starts,
        and takes its snapshot, only once the lock is granted, so it sees a hold the wait was for.

        Windows may run past midnight, so the bookings of the day before and after are compared too, each
        shifted by a day's minutes onto `day`'s clock.
        """
        forget_bookings(self.session)  # what was read before the wait may miss the hold it waited for
        if self.session.get_bind().dialect.name == "postgresql":  # SQLite serialises writers at BEGIN IMMEDIATE
            send_before_next(self.session.connection(), _ROOM_LOCK_SQL,
                             {"venue": venue_of(self.session), "id": room_id})
        overlapping = or_(*(
            and_(
                BookingRow.date == day + timedelta(days=offset),
                BookingRow.start_min + offset * DAY_MINUTES < end_min,
                BookingRow.end_min + offset * DAY_MINUTES > start_min,
            )
            for offset in (-1, 0, 1)
        ))
        conflicting = and_(
            BookingRow.room_id == CatalogueRoomRow.id,
            BookingRow.event_id != event_id,
            overlapping,
            or_(BookingRow.status == "Confirmed", BookingRow.expires_at.is_(None), BookingRow.expires_at > now),
        )
        query = (
            select(CatalogueRoomRow.id, BookingRow)
            .outerjoin(BookingRow, conflicting)
            .where(CatalogueRoomRow.id == room_id)
            .order_by(BookingRow.start_min)
            .limit(1)
        )
        found = self.session.execute(query).first()
        if found is None:
            raise UnknownRoom(f"unknown room {room_id!r}")
        if found[1] is not None:
            raise RoomUnavailable(room_id, day, found[1])


def _booking(row: Any) -> Booking:
    """A domain booking from a row of `_SLOT_COLUMNS`."""
    room_id, day, start_min, end_min, status, expires_at, event_id = row
    return Booking(room_id, day, start_min, end_min, cast(BookingStatus, status), expires_at, event_id)
