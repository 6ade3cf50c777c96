"""What the manager is told by mail (docs/design.md §4.8, §4.13): a new task with its context and draft, and the
daily digest of open tasks and options about to lapse. Built from the store in the manager's language; the
transport composes and sends them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from venuedesk.domain.catalogue import Venue
from venuedesk.domain.holds import WARNING_BEFORE_EXPIRY
from venuedesk.store.models import HilTaskRow
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.task_context import reason_of, task_context

# A counter is answered with a discount or by keeping the price (a note): the console's forms, not a one-click link.
NOT_APPROVABLE_BY_LINK = frozenset({"counter_offer", "counter_limit"})
DIGEST_TASKS_SHOWN = 50
EXPIRING_WITHIN = WARNING_BEFORE_EXPIRY


@dataclass(frozen=True)
class DraftTable:
    """A table of the draft (the offer's price table) as the client will see it."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TaskNotice:
    """One new task: what it is, who the client is, what they asked, why the task exists, the draft."""

    task_id: str
    thread_id: str
    type: str
    created_at: datetime
    reason: str
    client_name: str | None
    company: str | None
    first_request: str | None
    latest_message: str | None
    event_date: date | None
    window: str | None
    participants: int | None
    room: str | None
    total: Decimal | None
    draft_markdown: str | None
    draft_tables: tuple[DraftTable, ...]

    @property
    def approvable_by_link(self) -> bool:
        """Whether approve and reject links fit the task (a counter is decided in the console only)."""
        return self.type not in NOT_APPROVABLE_BY_LINK


@dataclass(frozen=True)
class DigestTask:
    """An open task in the digest: its type, client, why, and how long it has waited."""

    task_id: str
    type: str
    client_name: str | None
    reason: str
    created_at: datetime
    age: timedelta


@dataclass(frozen=True)
class ExpiringOption:
    """An option hold that lapses soon: whose, which room and slot, and when."""

    event_id: str
    thread_id: str
    client_name: str | None
    room: str
    day: date
    window: str
    expires_at: datetime


@dataclass(frozen=True)
class Digest:
    """The day's digest: open tasks oldest first (at most DIGEST_TASKS_SHOWN of `open_total`) and the options
    lapsing within EXPIRING_WITHIN."""

    day: date
    now: datetime
    tasks: tuple[DigestTask, ...]
    open_total: int
    options: tuple[ExpiringOption, ...]

    @property
    def empty(self) -> bool:
        """Nothing to tell: no open task and no option about to lapse."""
        return not self.tasks and not self.options


def task_notice(row: HilTaskRow, venue: Venue, language: str) -> TaskNotice:
    """The notice of one task, read in the row's own session, in the manager's `language`."""
    context = task_context(row, language)
    event: dict[str, Any] = context["event"] or {}
    client = context["client"]
    latest = next((line["body"] or line["text"] for line in reversed(context["conversation"])
                   if line["role"] == "client"), None)
    room_id = event.get("room_id")
    draft = row.draft or {}
    return TaskNotice(
        task_id=row.id, thread_id=row.thread_id, type=row.type, created_at=row.created_at,
        reason=context["reason"], client_name=client["name"], company=client["company"],
        first_request=context["first_request"],
        latest_message=None if latest == context["first_request"] else latest,
        event_date=date.fromisoformat(event["chosen_date"]) if event.get("chosen_date") else None,
        window=_window(event.get("start_time"), event.get("end_time")),
        participants=event.get("participants"),
        room=_room_label(venue, room_id, language),
        total=None if event.get("total") is None else Decimal(str(event["total"])).quantize(Decimal("0.01")),
        draft_markdown=draft.get("body_markdown") or None,
        draft_tables=tuple(_table(block) for block in draft.get("table_blocks") or ()),
    )


def digest(uow: UnitOfWork, venue: Venue, language: str, now: datetime) -> Digest:
    """Today's digest at `now`: open tasks oldest first with their age, and options lapsing within 48 h."""
    rows = uow.hil.list("open", DIGEST_TASKS_SHOWN)
    tasks = tuple(_digest_task(uow, row, language, now) for row in rows)
    options = []
    for booking in uow.holds.options_expiring_before(now + EXPIRING_WITHIN, after=now):
        state = uow.events.get(booking.event_id)
        if state is None or booking.expires_at is None:
            continue
        options.append(ExpiringOption(
            event_id=booking.event_id, thread_id=state.thread_id, client_name=state.client_name or state.billing.name,
            room=_room_label(venue, booking.room_id, language) or booking.room_id, day=booking.date,
            window=f"{booking.window_start}–{booking.window_end}", expires_at=booking.expires_at))
    return Digest(day=now.date(), now=now, tasks=tasks, open_total=uow.hil.count("open"), options=tuple(options))


def _digest_task(uow: UnitOfWork, row: HilTaskRow, language: str, now: datetime) -> DigestTask:
    state = uow.events.for_thread(row.thread_id)
    client = None if state is None else state.client_name or state.billing.name
    return DigestTask(task_id=row.id, type=row.type, client_name=client, reason=reason_of(row, state, language),
                      created_at=row.created_at, age=max(now - row.created_at, timedelta(0)))


def _window(start: str | None, end: str | None) -> str | None:
    return f"{start}–{end}" if start and end else None


def _room_label(venue: Venue, room_id: str | None, language: str) -> str | None:
    if not room_id:
        return None
    return venue.room(room_id).label(language) if venue.has_room(room_id) else room_id


def _table(block: dict[str, Any]) -> DraftTable:
    return DraftTable(title=str(block.get("title", "")), columns=tuple(str(c) for c in block.get("columns", ())),
                      rows=tuple(tuple("" if cell is None else str(cell) for cell in row)
                                 for row in block.get("rows", ())))
