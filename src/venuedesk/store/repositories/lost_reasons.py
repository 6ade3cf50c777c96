"""Lost reasons: one row each time a thread leaves a stage backwards (docs/pipeline.md)."""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.store.writebehind import write_behind


class LostReasonRepository:
    """Record why a thread left a stage, in the caller's transaction, and read the rows back."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, *, event_id: str, thread_id: str, kind: str, from_status: str, to_status: str, at: datetime,
        actor: str, room_id: str | None = None, reason: str | None = None, note: str | None = None,
    ) -> None:
        """Add one row; it commits (or rolls back) with the state change it records (on PostgreSQL held until
        commit, store/writebehind.py, so an exit costs no round trip of its own)."""
        values = {"event_id": event_id, "thread_id": thread_id, "kind": kind, "from_status": from_status,
                  "to_status": to_status, "reason": reason, "note": note, "room_id": room_id, "actor": actor, "at": at}
        held = write_behind(self.session)
        if held is not None:
            held.hold("lost_reasons", values)
        else:
            self.session.add(LostReasonRow(**values))

    def for_thread(self, thread_id: str) -> builtins.list[LostReasonRow]:
        """The thread's rows, oldest first."""
        query = select(LostReasonRow).where(LostReasonRow.thread_id == thread_id).order_by(LostReasonRow.id)
        return list(self.session.scalars(query))
