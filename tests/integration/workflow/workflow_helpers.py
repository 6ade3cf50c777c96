"""Builders and probes shared by the service-layer tests: row counts, snapshots, conversation shortcuts."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from venuedesk.clock import VENUE_TZ
from venuedesk.store.models import (
    BookingRow,
    EventRow,
    HilTaskRow,
    InboxRow,
    MessageRow,
    OutboxRow,
    ThreadRow,
    ToolCallRow,
)
from venuedesk.workflow.desk import Desk

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
DAY = "2026-03-10"
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."
SENDER = "anna@example.com"
FOOTER_PATTERN = (
    r"Step: (?P<step>[1-7]) (?P<label>[A-Z][A-Za-z &]*) · Next: (?P<next>\S.*) · "
    r"State: (?P<state>Awaiting Client|Waiting on HIL|Checking|Closed)"
)

TABLES = {
    "threads": ThreadRow,
    "events": EventRow,
    "inbox": InboxRow,
    "messages": MessageRow,
    "tool_calls": ToolCallRow,
    "room_bookings": BookingRow,
    "hil_tasks": HilTaskRow,
    "outbox": OutboxRow,
}


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table the pipeline writes holds."""
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in TABLES.items()
        }


def snapshot(desk: Desk, engine: Engine, thread_id: str) -> dict[str, Any]:
    """Everything a turn could change: row counts, the event JSON and the task list."""
    return {
        "rows": row_counts(engine),
        "event": copy.deepcopy(desk.event_view(thread_id)),
        "tasks": [(t["task_id"], t["status"]) for t in _all_tasks(engine)],
    }


def _all_tasks(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(HilTaskRow.id, HilTaskRow.status).order_by(HilTaskRow.id))
        return [{"task_id": row.id, "status": row.status} for row in rows]


def tasks_of(engine: Engine, thread_id: str) -> list[tuple[str, str, str]]:
    """(id, type, status) of every task of a thread, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(HilTaskRow.id, HilTaskRow.type, HilTaskRow.status)
            .where(HilTaskRow.thread_id == thread_id)
            .order_by(HilTaskRow.created_at, HilTaskRow.id)
        )
        return [(row.id, row.type, row.status) for row in rows]


def outbox_replies(engine: Engine, thread_id: str) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboxRow.reply).where(OutboxRow.thread_id == thread_id).order_by(OutboxRow.id)
        )
        return [row.reply for row in rows]


def bookings_of(engine: Engine, room_id: str) -> list[tuple[str, str, int, int]]:
    """(event_id, date, start_min, end_min) of every booking of a room."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(BookingRow.event_id, BookingRow.date, BookingRow.start_min, BookingRow.end_min)
            .where(BookingRow.room_id == room_id)
            .order_by(BookingRow.id)
        )
        return [(row.event_id, row.date.isoformat(), row.start_min, row.end_min) for row in rows]


def at_room_step(desk: Desk, thread_id: str) -> None:
    """Take a thread to step 3 (date and window confirmed, rooms shown)."""
    reply = desk.handle_message(thread_id, INQUIRY, sender=SENDER)
    assert reply.footer.step == 3, reply.footer_text


def at_offer_review(desk: Desk, thread_id: str) -> str:
    """Take a thread to a held offer draft for Room B (step 4, Waiting on HIL); returns the task id."""
    at_room_step(desk, thread_id)
    desk.handle_action(thread_id, "select_room", {"room_id": "room-b"})
    reply = desk.handle_message(thread_id, "no catering")
    assert reply.hil is not None and reply.footer.state == "Waiting on HIL", reply.footer_text
    return reply.hil.task_id
