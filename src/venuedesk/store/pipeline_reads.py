"""The rows the pipeline is computed from (docs/pipeline.md), read in one unit of work: each event with the moment
its thread opened, every stage exit, who said what when, and every task's opened and decided moments."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.domain.pipeline import Exchange, ExitRecord, Said, TaskSpan, ThreadRecord, exchanges_from
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


def pipeline_rows(session: Session) -> PipelineRows:
    """Read the pipeline's rows (only the columns it needs; messages without their text)."""
    events = session.execute(select(EventRow.thread_id, EventRow.status, EventRow.chosen_date, EventRow.locked_room_id,
                                    EventRow.state, ThreadRow.created_at)
                             .join(ThreadRow, ThreadRow.id == EventRow.thread_id))
    threads = [_thread(*row) for row in events]
    exits = [ExitRecord(thread_id=row.thread_id, kind=row.kind, from_status=row.from_status,  # type: ignore[arg-type]
                        at=row.at, reason=row.reason, room_id=row.room_id)
             for row in session.scalars(select(LostReasonRow).order_by(LostReasonRow.id))]
    said = [Said(*row) for row in session.execute(
        select(MessageRow.thread_id, MessageRow.seq, MessageRow.role, MessageRow.created_at)
        .where(MessageRow.role.in_(("client", "desk"))))]
    tasks = [TaskSpan(thread_id, created_at, decided_at if status in DECIDED else None)
             for thread_id, status, created_at, decided_at in session.execute(
                 select(HilTaskRow.thread_id, HilTaskRow.status, HilTaskRow.created_at, HilTaskRow.decided_at)
                 .where(HilTaskRow.status != "superseded"))]
    return PipelineRows(threads, exits, exchanges_from(said), tasks)


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
