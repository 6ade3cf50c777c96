"""Calendar pushes: what the rooms' CalDAV calendars should show (the live bookings of push rooms) and what the
desk last wrote there, one row per calendar and UID. Every write is conditional (the claim, the record of a write
under its lease), so a row is written by one worker at a time and recorded once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.models import BookingRow, CalendarPushRow, EventRow

LIVE_STATES = ("new", "tentative", "confirmed")  # anything but removed may be in the calendar


@dataclass(frozen=True)
class ShownBooking:
    """A live booking of a push room, with what its calendar entry says about the event."""

    event_id: str
    room_id: str
    day: date
    window_start: str
    window_end: str
    status: str
    expires_at: datetime | None
    event_type: str | None
    participants: int | None


class CalendarPushRepository:
    """Reads for the push plan and the conditional writes of the `calendar_push` job."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def bookings_to_show(self, room_ids: Sequence[str], first: date, now: datetime) -> list[ShownBooking]:
        """The bookings of `room_ids` from `first` on that hold their room at `now` (Confirmed, or an Option that
        has not lapsed), with their event's type and head count; in date, room, event order."""
        if not room_ids:
            return []
        query = (
            select(BookingRow.event_id, BookingRow.room_id, BookingRow.date, BookingRow.window_start,
                   BookingRow.window_end, BookingRow.status, BookingRow.expires_at, EventRow.state)
            .outerjoin(EventRow, EventRow.id == BookingRow.event_id)
            .where(BookingRow.room_id.in_(room_ids), BookingRow.date >= first,
                   or_(BookingRow.status == "Confirmed", BookingRow.expires_at.is_(None),
                       BookingRow.expires_at > now))
            .order_by(BookingRow.date, BookingRow.room_id, BookingRow.event_id, BookingRow.id)
        )
        return [_shown(row) for row in self.session.execute(query)]

    def current(self, source_ids: Sequence[str], first: date) -> list[CalendarPushRow]:
        """The rows of these calendars for days from `first` on (or not written yet); past entries stay as they
        were last written."""
        if not source_ids:
            return []
        query = (
            select(CalendarPushRow)
            .where(CalendarPushRow.source_id.in_(source_ids),
                   or_(CalendarPushRow.day.is_(None), CalendarPushRow.day >= first))
            .order_by(CalendarPushRow.source_id, CalendarPushRow.uid)
        )
        return list(self.session.scalars(query))

    def get(self, source_id: str, uid: str) -> CalendarPushRow | None:
        """One row, read fresh (another worker's commit shows)."""
        query = (select(CalendarPushRow).where(CalendarPushRow.source_id == source_id, CalendarPushRow.uid == uid)
                 .execution_options(populate_existing=True))
        return self.session.scalars(query).first()

    def ensure(self, source_id: str, uid: str, event_id: str, room_id: str) -> CalendarPushRow:
        """The row of (calendar, UID), created in state `new` when missing (the unique key decides between two
        workers creating it at once)."""
        existing = self.get(source_id, uid)
        if existing is not None:
            return existing
        savepoint = self.session.begin_nested()
        try:
            self.session.add(CalendarPushRow(source_id=source_id, uid=uid, event_id=event_id, room_id=room_id,
                                             state="new", sequence=0, attempts=0))
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
        else:
            savepoint.commit()
        row = self.get(source_id, uid)
        assert row is not None, f"calendar push row {source_id}/{uid} vanished after its insert"
        return row

    def claim(self, row_id: int, now: datetime, lease_until: datetime) -> bool:
        """Lease the row for a write until `lease_until`; False while another write holds it or its next attempt
        is not due."""
        statement = (
            update(CalendarPushRow)
            .where(CalendarPushRow.id == row_id,
                   or_(CalendarPushRow.lease_until.is_(None), CalendarPushRow.lease_until <= now),
                   or_(CalendarPushRow.next_attempt_at.is_(None), CalendarPushRow.next_attempt_at <= now))
            .values(lease_until=lease_until)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def mark_written(
        self, row_id: int, lease_until: datetime, *, state: str, content_hash: str | None, sequence: int,
        day: date | None, now: datetime,
    ) -> bool:
        """Record a write done under the lease `lease_until`; False when the lease was lost (it ran out and another
        worker wrote the row again: its record stands)."""
        values: dict[str, Any] = {"state": state, "content_hash": content_hash, "sequence": sequence,
                                  "pushed_at": now, "attempts": 0, "next_attempt_at": None, "last_error": None,
                                  "lease_until": None}
        if day is not None:
            values["day"] = day
        return self._under_lease(row_id, lease_until, values)

    def record_failure(self, row_id: int, lease_until: datetime, error: str, retry_at: datetime) -> bool:
        """Count a failed write: the error kept, the next attempt at `retry_at`, the lease given back."""
        values: dict[str, Any] = {"attempts": CalendarPushRow.attempts + 1, "last_error": error[:2000],
                                  "next_attempt_at": retry_at, "lease_until": None}
        return self._under_lease(row_id, lease_until, values)

    def note_problem(self, row_id: int, problem: str) -> bool:
        """Keep why the row cannot be written (a calendar that is not configured); writes only when it changed."""
        statement = (
            update(CalendarPushRow)
            .where(CalendarPushRow.id == row_id,
                   or_(CalendarPushRow.last_error.is_(None), CalendarPushRow.last_error != problem))
            .values(last_error=problem)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def _under_lease(self, row_id: int, lease_until: datetime, values: dict[str, Any]) -> bool:
        statement = (
            update(CalendarPushRow)
            .where(CalendarPushRow.id == row_id, CalendarPushRow.lease_until == lease_until)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _shown(row: Any) -> ShownBooking:
    """A `ShownBooking` from a row of `bookings_to_show` (a booking without an event shows no type or count)."""
    event_id, room_id, day, window_start, window_end, status, expires_at, state = row
    document = state if isinstance(state, dict) else {}
    requirements = document.get("requirements") or {}
    participants = requirements.get("participants")
    return ShownBooking(event_id, room_id, day, window_start, window_end, status, expires_at,
                        document.get("event_type"), participants if isinstance(participants, int) else None)
