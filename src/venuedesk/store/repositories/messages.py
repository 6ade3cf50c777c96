"""The conversation history of a thread, in order."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from venuedesk.store.models import MessageRow

Role = Literal["client", "desk", "manager", "system"]


class MessageRepository:
    """Append to and read a thread's history (unique index on thread_id, seq)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def append(
        self,
        thread_id: str,
        role: Role,
        text: str,
        turn_id: str,
        created_at: datetime,
        reply: dict[str, Any] | None = None,
    ) -> MessageRow:
        """Add the next message of the thread (the caller holds the thread lock)."""
        last = self.session.execute(
            select(func.max(MessageRow.seq)).where(MessageRow.thread_id == thread_id)
        ).scalar_one_or_none()
        row = MessageRow(
            thread_id=thread_id,
            seq=(last or 0) + 1,
            turn_id=turn_id,
            role=role,
            text=text,
            reply=reply,
            created_at=created_at,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def history(self, thread_id: str, limit: int | None = None) -> list[MessageRow]:
        """The thread's messages oldest first; with `limit`, only the latest `limit` of them."""
        query = select(MessageRow).where(MessageRow.thread_id == thread_id).order_by(MessageRow.seq.desc())
        if limit is not None:
            query = query.limit(limit)
        return list(reversed(self.session.scalars(query).all()))
