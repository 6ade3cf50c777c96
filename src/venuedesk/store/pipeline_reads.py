"""The rows the pipeline is computed from (docs/pipeline.md), read in one unit of work: each event with the moment
its thread opened, every stage exit, who said what when, and every task's opened and decided moments. For one
month only the rows its figures can use are read (the SQL filters by the month's span in venue time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, select, union
from sqlalchemy.orm import Session

from venuedesk.domain.pipeline import (
    Exchange,
    ExitRecord,
    Month,
    Said,
    TaskSpan,
    ThreadRecord,
    exchanges_from,
    months_of,
)
from venuedesk.store.models import EventRow, HilTaskRow, MessageRow, ThreadRow
from venuedesk.store.pipeline_models import LostReasonRow

DECIDED = frozenset({"approved", "edited", "rejected"})
"""Task statuses a manager decided; a superseded task was closed by the desk, so it has no response time."""


@dataclass(frozen=True)
class PipelineRows:
    """Everything `domain.pipeline.compute_pipeline` needs."""

    threads: list[ThreadRecord]
    exits: list[ExitRecord]
    exchanges: list[Exchange]
    tasks: list[TaskSpan]
    months: list[Month] | None = None
    """Every month the filter offers when only one month's rows were read; None: those of `threads`."""


def pipeline_rows(session: Session, month: Month | None = None) -> PipelineRows:
    """Read the pipeline's rows (only the columns it needs; messages without their text). With `month`, only the
    threads whose figures can fall in it: opened in it (the funnel, lost reasons), with the event's day in it
    (revenue), with a client message (client waits) or a task (task waits) that came in during it; each with all
    its exits (its room) and, for the waits, all its messages (a reply may come after the month) and the month's
    tasks. The figures for that month are the same as from every row."""
    events = select(EventRow.thread_id, EventRow.status, EventRow.chosen_date, EventRow.locked_room_id,
                    EventRow.state, ThreadRow.created_at).join(ThreadRow, ThreadRow.id == EventRow.thread_id)
    exits_read = select(LostReasonRow).order_by(LostReasonRow.id)
    said_read = select(MessageRow.thread_id, MessageRow.seq, MessageRow.role, MessageRow.created_at).where(
        MessageRow.role.in_(("client", "desk")))
    tasks_read = select(HilTaskRow.thread_id, HilTaskRow.status, HilTaskRow.created_at,
                        HilTaskRow.decided_at).where(HilTaskRow.status != "superseded")
    months = None
    if month is not None:
        start, end = month.moments()
        asked = select(MessageRow.thread_id).where(MessageRow.role == "client", *_during(MessageRow.created_at,
                                                                                          start, end))
        wanted = union(
            select(ThreadRow.id).where(*_during(ThreadRow.created_at, start, end)),
            select(EventRow.thread_id).where(EventRow.chosen_date >= month.first_day(),
                                             EventRow.chosen_date < month.following().first_day()),
            asked, tasks_read.with_only_columns(HilTaskRow.thread_id).where(*_during(HilTaskRow.created_at, start, end)),
        )
        events = events.where(EventRow.thread_id.in_(wanted))
        exits_read = exits_read.where(LostReasonRow.thread_id.in_(wanted))
        said_read = said_read.where(MessageRow.thread_id.in_(asked))
        tasks_read = tasks_read.where(*_during(HilTaskRow.created_at, start, end))
        months = _every_month(session)
    threads = [_thread(*row) for row in session.execute(events)]
    exits = [ExitRecord(thread_id=row.thread_id, kind=row.kind, from_status=row.from_status,  # type: ignore[arg-type]
                        at=row.at, reason=row.reason, room_id=row.room_id)
             for row in session.scalars(exits_read)]
    said = [Said(*row) for row in session.execute(said_read)]
    tasks = [TaskSpan(thread_id, created_at, decided_at if status in DECIDED else None)
             for thread_id, status, created_at, decided_at in session.execute(tasks_read)]
    return PipelineRows(threads, exits, exchanges_from(said), tasks, months)


def _during(column: Any, start: datetime, end: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """`start <= column < end`: a moment column inside a month's span."""
    return column >= start, column < end


def _every_month(session: Session) -> list[Month]:
    """The filter's months over every event, from two narrow columns (no event document)."""
    pairs = session.execute(select(ThreadRow.created_at, EventRow.chosen_date)
                            .join(ThreadRow, ThreadRow.id == EventRow.thread_id)).all()
    return months_of([row[0] for row in pairs], [row[1] for row in pairs])


def _thread(thread_id: str, status: str, chosen_date: Any, locked_room_id: str | None, state: dict[str, Any],
            created_at: Any) -> ThreadRecord:
    """One event row as a ThreadRecord: the live offer (the latest not superseded) gives the total and the room."""
    offers = [offer for offer in state.get("offers") or [] if isinstance(offer, dict)]
    live = [offer for offer in offers if offer.get("status") != "Superseded"]
    latest = live[-1] if live else None
    room = locked_room_id or (latest or (offers[-1] if offers else {})).get("room_id")
    total = Decimal(str(latest["total"])) if latest and latest.get("total") is not None else None
    return ThreadRecord(thread_id=thread_id, opened_at=created_at, status=status, room_id=room,
                        event_date=chosen_date, offer_total=total, had_offer=bool(offers))
