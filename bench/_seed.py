"""Background data: N other events bulk-inserted (Core executemany, not via the Desk) around the golden replays.

Every background event is a clone of a thread the golden replays produced on an empty database (its
`EventState` document and, in proportion, its messages, inbox, outbox, tool-call and HIL rows), moved to
its own thread id and date. Room bookings are legal: at most one per room and window (morning, afternoon,
evening, buffers included), never overlapping. Future bookings (a mix of Option and Confirmed) spread
over the bookable horizon across all rooms, up to `FUTURE_FILL` of the slots and skipping the dates the
golden conversations touch (so their replies stay the golden ones); the older events lie in the past
(Confirmed, filling the calendar backwards) or never got a room (Lost/Cancelled leads).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, select

from venuedesk.domain import windows
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState
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

FUTURE_SHARE = 0.3  # share of background events that are upcoming (when the calendar has room for them)
FUTURE_FILL = 0.6  # at most this share of the future room slots is taken
PAST_BOOKED_SHARE = 0.7  # of the older events, how many took place (the rest never got a room)
OPTION_SHARE = 0.4  # of the upcoming bookings, how many are still options
SLOT_WINDOWS = (("08:00", "12:00"), ("13:00", "17:00"), ("18:00", "23:00"))
BATCH = 2_000
CHILD_TABLES: tuple[type, ...] = (MessageRow, InboxRow, OutboxRow, ToolCallRow, HilTaskRow)


@dataclass
class Template:
    """One thread from the golden replays: its event state and its rows per child table (without ids)."""

    thread_id: str
    event_id: str
    state: dict[str, Any]
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Slot:
    """A legal booking place: room, day and window (buffers included in start/end minutes)."""

    room_id: str
    day: date
    window_start: str
    window_end: str
    start_min: int
    end_min: int


def harvest(engine: Engine, thread_ids: list[str]) -> list[Template]:
    """Read the given threads' event documents and child rows as templates for cloning."""
    templates = []
    with engine.connect() as connection:
        for thread_id in thread_ids:
            event = connection.execute(select(EventRow).where(EventRow.thread_id == thread_id)).mappings().first()
            if event is None:
                continue
            template = Template(thread_id, event["id"], dict(event["state"]))
            for model in CHILD_TABLES:
                table = _table(model)
                rows = connection.execute(select(table).where(table.c.thread_id == thread_id)).mappings()
                template.children[table.name] = [_without_id(table, row) for row in rows]
            templates.append(template)
    return templates


def room_slots(venue: Venue) -> dict[str, list[tuple[str, str, int, int]]]:
    """Per room, the non-overlapping windows it can be booked in (its buffers included)."""
    slots: dict[str, list[tuple[str, str, int, int]]] = {}
    for room in venue.rooms:
        taken: list[tuple[str, str, int, int]] = []
        for start, end in SLOT_WINDOWS:
            window = windows.buffered_window(room, windows.parse_hhmm(start), windows.parse_hhmm(end))
            if all(window.start_min >= prior[3] for prior in taken):
                taken.append((start, end, window.start_min, window.end_min))
        slots[room.id] = taken
    return slots


def future_slots(venue: Venue, today: date, protected: set[date]) -> list[Slot]:
    """Every legal slot from the lead time to the horizon, skipping the protected dates, by day and room."""
    policies = venue.policies
    first = today + timedelta(days=policies.lead_days)
    last = today + timedelta(days=round(policies.horizon_months * 30.44))
    per_room = room_slots(venue)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [Slot(room_id, day, *slot) for day in days if day not in protected
            for room_id, slots in per_room.items() for slot in slots]


def past_slots(venue: Venue, today: date) -> Iterator[Slot]:
    """Legal slots going backwards from yesterday, without end."""
    per_room = room_slots(venue)
    day = today - timedelta(days=1)
    while True:
        for room_id, slots in per_room.items():
            yield from (Slot(room_id, day, *slot) for slot in slots)
        day -= timedelta(days=1)


def seed(engine: Engine, venue: Venue, templates: list[Template], size: int, now: datetime,
         protected: set[date]) -> dict[str, int]:
    """Insert `size` background events with their bookings and child rows; returns row counts per table."""
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        batch: dict[str, list[dict[str, Any]]] = {}
        for index, (slot, status) in enumerate(_plan(venue, size, now.date(), protected)):
            _clone(templates[index % len(templates)], index, slot, status, now, batch)
            if (index + 1) % BATCH == 0:
                _flush(connection, batch, counts)
        _flush(connection, batch, counts)
    return counts


def _plan(venue: Venue, size: int, today: date, protected: set[date]) -> Iterator[tuple[Slot | None, str]]:
    """(slot, event status) for each background event: upcoming spread evenly, then past or roomless."""
    upcoming = future_slots(venue, today, protected)
    n_future = min(round(size * FUTURE_SHARE), int(len(upcoming) * FUTURE_FILL))
    stride = len(upcoming) / n_future if n_future else 0.0
    for n in range(n_future):
        status = "Option" if (n * 7919) % 100 < OPTION_SHARE * 100 else "Confirmed"
        yield upcoming[int(n * stride)], status
    past = past_slots(venue, today)
    for n in range(size - n_future):
        if (n * 7919) % 100 < PAST_BOOKED_SHARE * 100:
            yield next(past), "Confirmed"
        else:
            yield None, ("Lost", "Cancelled")[n % 2]


def _clone(template: Template, index: int, slot: Slot | None, status: str, now: datetime,
           batch: dict[str, list[dict[str, Any]]]) -> None:
    """Append the rows of one background event (thread, event, booking, children) to the batch."""
    thread_id, event_id = f"bg-{index:06d}", f"evt_bg-{index:06d}"
    day = slot.day if slot else now.date() - timedelta(days=30 + index % 900)
    at = datetime.combine(day - timedelta(days=20 + index % 40), now.timetz())
    expires = now + timedelta(days=1 + index % 7)
    batch.setdefault("threads", []).append(
        {"id": thread_id, "client_token": f"tok_bg_{index:06d}", "channel": "chat", "language": "en",
         "providers": {}, "created_at": at})
    state = _state(template, thread_id, event_id, slot, status, expires if status == "Option" else None)
    batch.setdefault("events", []).append(
        {"id": event_id, "thread_id": thread_id, "status": status, "chosen_date": slot.day if slot else None,
         "locked_room_id": state["locked_room_id"], "state": state, "updated_at": at})
    if slot is not None:
        batch.setdefault("room_bookings", []).append(
            {"event_id": event_id, "room_id": slot.room_id, "date": slot.day, "start_min": slot.start_min,
             "end_min": slot.end_min, "window_start": slot.window_start, "window_end": slot.window_end,
             "status": status, "expires_at": expires if status == "Option" else None, "placed_at": at})
    for table, rows in template.children.items():
        batch.setdefault(table, []).extend(
            _child(table, row, template, thread_id, event_id, at, status) for row in rows)


def _state(template: Template, thread_id: str, event_id: str, slot: Slot | None, status: str,
           expires: datetime | None) -> dict[str, Any]:
    """The template's EventState document moved to this event, date and room."""
    state = copy.deepcopy(template.state)
    state.update(event_id=event_id, thread_id=thread_id, status=status, held_slot=None,
                 hold_expires_at=expires.isoformat() if expires else None,
                 chosen_date=slot.day.isoformat() if slot else None,
                 locked_room_id=slot.room_id if slot else None, date_confirmed=slot is not None)
    for offer in state.get("offers", []):
        if slot is not None:
            offer.update(chosen_date=slot.day.isoformat(), room_id=slot.room_id,
                         start_time=slot.window_start, end_time=slot.window_end)
    if not slot:
        state["offers"] = []
    return state


def _child(table: str, row: dict[str, Any], template: Template, thread_id: str, event_id: str,
           at: datetime, status: str) -> dict[str, Any]:
    """A child row of the template moved to the new thread (unique keys rewritten, past tasks decided)."""
    clone = dict(row, thread_id=thread_id)
    for key in ("created_at", "decided_at", "sent_at"):
        if clone.get(key) is not None:
            clone[key] = at
    if table == "hil_tasks":
        clone["id"] = row["id"].replace(template.thread_id, thread_id)
        if status != "Option" and row["status"] == "open":
            clone.update(status="approved", decided_at=at, decided_by="manager")
    if table == "tool_calls" and row["idem_key"]:
        clone["idem_key"] = row["idem_key"].replace(template.event_id, event_id)
        if clone["idem_key"] == row["idem_key"]:  # a key that names no event (a bank reference) stays unique
            clone["idem_key"] = f"{row['idem_key']}:{event_id}"
    if table == "outbox" and row["status"] == "pending":
        clone.update(status="sent", sent_at=at)
    return clone


def _flush(connection: Any, batch: dict[str, list[dict[str, Any]]], counts: dict[str, int]) -> None:
    """Insert the batch, parents first, and clear it."""
    order = ("threads", "events", "room_bookings", "messages", "inbox", "outbox", "tool_calls", "hil_tasks")
    tables = {_table(model).name: _table(model) for model in (ThreadRow, EventRow, BookingRow, *CHILD_TABLES)}
    for name in order:
        rows = batch.pop(name, [])
        if rows:
            connection.execute(tables[name].insert(), rows)
            counts[name] = counts.get(name, 0) + len(rows)


def validate_templates(templates: list[Template], now: datetime) -> None:
    """Check that a cloned state is still a valid EventState (raises on a drift in the state schema)."""
    slot = Slot("room-a", now.date() + timedelta(days=30), "08:00", "12:00", 450, 750)
    for template in templates:
        EventState.model_validate(_state(template, "bg-x", "evt_bg-x", slot, "Option", now))
        EventState.model_validate(_state(template, "bg-x", "evt_bg-x", None, "Lost", None))


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _without_id(table: Table, row: Any) -> dict[str, Any]:
    """A row as a dict without its autoincrement key (ids of hil_tasks are strings and kept)."""
    data = dict(row)
    if table.name != "hil_tasks":
        data.pop("id", None)
    return data
