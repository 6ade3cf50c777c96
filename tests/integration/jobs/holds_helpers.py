"""Builders and probes for the hold jobs: an event holding Room B, a client queued behind it, the times of §4.13."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from jobs_helpers import NOW, desk_messages
from venuedesk.store.models import BookingRow, HoldNoticeRow, SecondOptionRow
from venuedesk.workflow.desk import Desk

EXPIRY = NOW + timedelta(days=7)
WARNING = EXPIRY - timedelta(hours=48)
MINUTE = timedelta(minutes=1)
ASK_ROOM_B = "Workshop for 30 people on {day} March 2026, 09:00-17:00, in Room B please."
WARNING_EN = "expires on Monday, 9 February 2026 at 09:00"
EXPIRED_EN = "expired on Monday, 9 February 2026 at 09:00"
PROMOTED_EN = "Good news"


def queued_behind(desk: Desk, day: int = 10, sender: str = "ben@example.com") -> str:
    """A new thread that asked for Room B (held by another event) and took the next option on it; its id."""
    thread_id = desk.open_thread().thread_id
    shown = desk.handle_message(thread_id, ASK_ROOM_B.format(day=day), sender=sender)
    assert shown.footer.step == 3, shown.body_markdown
    desk.handle_action(thread_id, "take_second_option", {"room_id": "room-b"})
    return thread_id


def count(engine: Engine, thread_id: str, phrase: str) -> int:
    """How many desk messages on the thread contain `phrase`."""
    return sum(phrase in text for text in desk_messages(engine, thread_id))


def bookings(engine: Engine, event_id: str) -> list[tuple[str, str, object]]:
    """The event's bookings as (room, status, expires_at)."""
    with engine.connect() as connection:
        rows = connection.execute(select(BookingRow.room_id, BookingRow.status, BookingRow.expires_at)
                                  .where(BookingRow.event_id == event_id))
        return [tuple(row) for row in rows]


def options(engine: Engine) -> list[tuple[str, str]]:
    """Every queued option as (event_id, status), in queue order."""
    with engine.connect() as connection:
        rows = connection.execute(select(SecondOptionRow.event_id, SecondOptionRow.status)
                                  .order_by(SecondOptionRow.queued_at, SecondOptionRow.id))
        return [tuple(row) for row in rows]


def notices(engine: Engine) -> int:
    with engine.connect() as connection:
        return len(list(connection.execute(select(HoldNoticeRow.key))))


def event_id(thread_id: str) -> str:
    return f"evt_{thread_id.removeprefix('thr_')}"
