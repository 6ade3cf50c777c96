"""The conversation history of a thread, in order."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from venuedesk.store.models import MessageRow
from venuedesk.store.writebehind import write_behind

MESSAGES = cast(Table, MessageRow.__table__)
# The next seq of the thread computed in the INSERT itself; built once so SQLAlchemy compiles it once.
_APPEND = insert(MESSAGES).values(seq=select(func.coalesce(func.max(MESSAGES.c.seq), 0) + 1)
                                  .where(MESSAGES.c.thread_id == bindparam("of_thread")).scalar_subquery())

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
        stripped: str | None = None,
    ) -> None:
        """Add the next message of the thread in one statement, its seq computed in SQL (the caller holds the thread
        lock; on PostgreSQL the row is held until commit, store/writebehind.py); `stripped`: the quoted history and
        signature of a client mail, which understanding did not read."""
        values = {"thread_id": thread_id, "turn_id": turn_id, "role": role, "text": text, "reply": reply,
                  "created_at": created_at, "stripped": stripped or None}
        held = write_behind(self.session)
        if held is not None:
            held.hold("messages", values)
            return
        self.session.execute(_APPEND, {**values, "of_thread": thread_id})

    def first(self, thread_id: str, role: Role, *, exclude_prefix: str | None = None) -> MessageRow | None:
        """The thread's first message by `role` (optionally skipping texts starting with `exclude_prefix`)."""
        query = select(MessageRow).where(MessageRow.thread_id == thread_id, MessageRow.role == role)
        if exclude_prefix is not None:
            query = query.where(~MessageRow.text.startswith(exclude_prefix, autoescape=True))
        return self.session.scalars(query.order_by(MessageRow.seq).limit(1)).first()

    def count(self, thread_id: str) -> int:
        """How many messages the thread has."""
        query = select(func.count()).select_from(MessageRow).where(MessageRow.thread_id == thread_id)
        return int(self.session.execute(query).scalar_one())

    def history(self, thread_id: str, limit: int | None = None) -> list[MessageRow]:
        """The thread's messages oldest first; with `limit`, only the latest `limit` of them."""
        query = select(MessageRow).where(MessageRow.thread_id == thread_id).order_by(MessageRow.seq.desc())
        if limit is not None:
            query = query.limit(limit)
        return list(reversed(self.session.scalars(query).all()))
