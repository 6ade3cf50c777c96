"""The outbox: replies waiting for delivery; HIL-held drafts wait as `held` until approved; a reply whose
delivery keeps failing ends as `failed`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from venuedesk.store.models import OutboxRow
from venuedesk.store.writebehind import write_behind

OutboxStatus = Literal["pending", "sent", "held", "failed"]


class OutboxRepository:
    """Add replies, hand pending ones to a delivery worker, mark them sent."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        thread_id: str,
        reply: dict[str, Any],
        channel: str,
        created_at: datetime,
        status: OutboxStatus = "pending",
    ) -> OutboxRow:
        """Queue a reply for delivery (or hold it for a manager), written at once: the row has its id."""
        row = OutboxRow(
            thread_id=thread_id,
            reply=reply,
            channel=channel,
            status=status,
            created_at=created_at,
            sent_at=None,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def queue(self, thread_id: str, reply: dict[str, Any], channel: str, created_at: datetime) -> None:
        """Queue a reply for delivery when nobody needs its id: on PostgreSQL the row is written at commit
        (store/writebehind.py), elsewhere at once."""
        held = write_behind(self.session)
        if held is None:
            self.add(thread_id, reply, channel, created_at)
            return
        held.hold("outbox", {"thread_id": thread_id, "reply": reply, "channel": channel, "status": "pending",
                             "created_at": created_at})

    def pending(self, limit: int = 100) -> list[OutboxRow]:
        """The oldest pending replies; locked and skipped by other workers on PostgreSQL."""
        query = (
            select(OutboxRow)
            .where(OutboxRow.status == "pending")
            .order_by(OutboxRow.created_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def due(self, now: datetime, limit: int) -> list[OutboxRow]:
        """The oldest `limit` pending replies whose next attempt is due at `now`, locked (others skip them on
        PostgreSQL), so one transaction can deliver a batch of them."""
        query = (
            select(OutboxRow)
            .where(OutboxRow.status == "pending", self._due_at(now))
            .order_by(OutboxRow.created_at, OutboxRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def count_due(self, now: datetime) -> int:
        """How many pending replies are due for an attempt at `now`."""
        query = select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending", self._due_at(now))
        return int(self.session.execute(query).scalar_one())

    def record_failure(self, outbox_id: int, error: str, retry_at: datetime | None) -> bool:
        """Count a failed attempt: wait until `retry_at`, or end as `failed` when None; False if not pending."""
        values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": error[:2000],
                                  "next_attempt_at": retry_at}
        if retry_at is None:
            values["status"] = "failed"
        return self._transition(outbox_id, "pending", values)

    def for_thread(self, thread_id: str, status: OutboxStatus | None = None) -> list[OutboxRow]:
        """A thread's outbox rows, oldest first."""
        query = select(OutboxRow).where(OutboxRow.thread_id == thread_id)
        if status is not None:
            query = query.where(OutboxRow.status == status)
        return list(self.session.scalars(query.order_by(OutboxRow.id)))

    def release(self, outbox_id: int, reply: dict[str, Any] | None = None) -> bool:
        """Turn a held reply into a pending one (optionally with the edited reply); False if not held."""
        values: dict[str, Any] = {"status": "pending"}
        if reply is not None:
            values["reply"] = reply
        return self._transition(outbox_id, "held", values)

    def claim(self, outbox_id: int, until: datetime) -> bool:
        """Claim a pending reply for a send outside the transaction: its next attempt moves to `until` (the lease),
        so no other worker takes it meanwhile; False if not pending."""
        return self._transition(outbox_id, "pending", {"next_attempt_at": until})

    def mark_sent(self, outbox_id: int, at: datetime) -> bool:
        """Mark a pending reply delivered; False when it was not pending (delivered once only)."""
        values: dict[str, Any] = {"status": "sent", "sent_at": at, "attempts": OutboxRow.attempts + 1, "next_attempt_at": None}
        return self._transition(outbox_id, "pending", values)

    def mark_all_sent(self, outbox_ids: list[int], at: datetime) -> int:
        """Mark pending replies delivered in one statement; how many were pending (each is delivered once only)."""
        if not outbox_ids:
            return 0
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id.in_(outbox_ids), OutboxRow.status == "pending")
            .values(status="sent", sent_at=at, attempts=OutboxRow.attempts + 1, next_attempt_at=None)
            .execution_options(synchronize_session="fetch")
        )
        return int(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    @staticmethod
    def _due_at(now: datetime) -> Any:
        return or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now)

    def _transition(self, outbox_id: int, expected: str, values: dict[str, Any]) -> bool:
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id, OutboxRow.status == expected)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]
