"""Holds over time (docs/design.md §4.13): option bookings whose warning or expiry is due, 2nd options queued
behind a hold, and the notices already sent. Every write is conditional, so a unit done twice counts once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.models import BookingRow, HoldNoticeRow, SecondOptionRow

WAITING = "waiting"
# Built once (parameters bound at execution): building and keying a statement costs more CPU than running it.
_STOP_CLOCK = (
    update(BookingRow)
    .where(BookingRow.event_id == bindparam("of_event"), BookingRow.status == "Option",
           BookingRow.expires_at.is_not(None))
    .values(expires_at=None)
    .execution_options(synchronize_session="fetch")
)
_RESTART_CLOCK = (
    update(BookingRow)
    .where(BookingRow.event_id == bindparam("of_event"), BookingRow.status == "Option", BookingRow.expires_at.is_(None))
    .values(expires_at=bindparam("new_expiry"))
    .execution_options(synchronize_session="fetch")
)


class HoldRepository:
    """Queries and conditional writes for option expiry, warnings and the queue of 2nd options."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def options_expiring_before(
        self, moment: datetime, *, after: datetime | None = None, limit: int = 500
    ) -> list[BookingRow]:
        """Option bookings (with an expiry) that lapse at or before `moment` (and, given `after`, later than it),
        soonest first."""
        query = select(BookingRow).where(BookingRow.status == "Option", BookingRow.expires_at.is_not(None),
                                         BookingRow.expires_at <= moment)
        if after is not None:
            query = query.where(BookingRow.expires_at > after)
        return list(self.session.scalars(query.order_by(BookingRow.expires_at, BookingRow.id).limit(limit)))

    def release_expired(self, booking_id: int, now: datetime) -> bool:
        """Delete one lapsed option booking; False when it is gone or no longer lapsed (someone else acted)."""
        statement = (
            delete(BookingRow)
            .where(BookingRow.id == booking_id, BookingRow.status == "Option", BookingRow.expires_at.is_not(None),
                   BookingRow.expires_at <= now)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def stop_clock(self, event_id: str) -> int:
        """Acceptance stops the hold's clock: the event's option bookings no longer expire; returns a count."""
        return int(self.session.execute(_STOP_CLOCK, {"of_event": event_id}).rowcount or 0)  # type: ignore[attr-defined]

    def restart_clock(self, event_id: str, expires_at: datetime) -> int:
        """The event's option bookings whose clock an acceptance stopped expire at `expires_at` again (a new offer
        version replaced the accepted one, docs/design.md §4.13); returns the count."""
        result = self.session.execute(_RESTART_CLOCK, {"of_event": event_id, "new_expiry": expires_at})
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def notice_sent(self, key: str) -> bool:
        """Whether the notice `key` was already sent."""
        return self.session.get(HoldNoticeRow, key) is not None

    def claim_notice(self, key: str, event_id: str, kind: str, now: datetime) -> bool:
        """Record the notice `key` as sent; False when it already was (the unique key decides, also across
        workers)."""
        if self.notice_sent(key):
            return False
        savepoint = self.session.begin_nested()
        try:
            self.session.add(HoldNoticeRow(key=key, event_id=event_id, kind=kind, sent_at=now))
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def queue(
        self, event_id: str, thread_id: str, room_id: str, day: date, window_start: str, window_end: str,
        now: datetime,
    ) -> tuple[SecondOptionRow, bool]:
        """Queue the event behind the hold on a slot; (row, True) when new, the waiting row again when it was
        queued already (taking it twice changes nothing)."""
        existing = self.session.scalars(select(SecondOptionRow).where(
            SecondOptionRow.event_id == event_id, SecondOptionRow.room_id == room_id, SecondOptionRow.date == day,
            SecondOptionRow.window_start == window_start, SecondOptionRow.window_end == window_end,
        )).first()
        if existing is not None and existing.status == WAITING:
            return existing, False
        if existing is not None:  # voided or promoted earlier and asked again: back in the queue, at its end
            existing.status, existing.queued_at, existing.settled_at = WAITING, now, None
            self.session.flush()
            return existing, True
        row = SecondOptionRow(event_id=event_id, thread_id=thread_id, room_id=room_id, date=day,
                              window_start=window_start, window_end=window_end, status=WAITING, queued_at=now)
        self.session.add(row)
        self.session.flush()
        return row, True

    def bookings_near(self, room_id: str, first: date, last: date) -> list[BookingRow]:
        """The bookings of a room on first..last, by date and start."""
        query = (
            select(BookingRow)
            .where(BookingRow.room_id == room_id, BookingRow.date >= first, BookingRow.date <= last)
            .order_by(BookingRow.date, BookingRow.start_min, BookingRow.id)
        )
        return list(self.session.scalars(query))

    def waiting_between(self, room_id: str, first: date, last: date) -> list[SecondOptionRow]:
        """Waiting options on a room on first..last, in queue order."""
        query = (
            select(SecondOptionRow)
            .where(SecondOptionRow.room_id == room_id, SecondOptionRow.status == WAITING,
                   SecondOptionRow.date >= first, SecondOptionRow.date <= last)
            .order_by(SecondOptionRow.queued_at, SecondOptionRow.id)
        )
        return list(self.session.scalars(query))

    def option(self, option_id: int) -> SecondOptionRow | None:
        """One queued option, read fresh from the database (after a lock, another worker's commit shows)."""
        query = select(SecondOptionRow).where(SecondOptionRow.id == option_id).execution_options(
            populate_existing=True)
        return self.session.scalars(query).first()

    def waiting_slots(self, limit: int = 500) -> list[tuple[str, date]]:
        """Every (room, day) with a waiting option, for the promotion sweep."""
        query = (
            select(SecondOptionRow.room_id, SecondOptionRow.date)
            .where(SecondOptionRow.status == WAITING)
            .distinct()
            .order_by(SecondOptionRow.date, SecondOptionRow.room_id)
            .limit(limit)
        )
        return [(room_id, day) for room_id, day in self.session.execute(query)]

    def for_event(self, event_id: str) -> list[SecondOptionRow]:
        """The event's options in queue order (any status)."""
        query = select(SecondOptionRow).where(SecondOptionRow.event_id == event_id).order_by(SecondOptionRow.id)
        return list(self.session.scalars(query))

    def settle(self, option_id: int, status: str, now: datetime) -> bool:
        """Move a waiting option to `status` (promoted / void); False when it is not waiting any more."""
        statement = (
            update(SecondOptionRow)
            .where(SecondOptionRow.id == option_id, SecondOptionRow.status == WAITING)
            .values(status=status, settled_at=now)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]
