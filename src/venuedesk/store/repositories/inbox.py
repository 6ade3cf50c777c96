"""The inbox: every inbound item stored under an idempotency key before it is processed (exactly once)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from venuedesk.store.models import InboxRow
from venuedesk.store.writebehind import write_behind

INBOX = cast(Table, InboxRow.__table__)
# One statement per dialect, built once so SQLAlchemy compiles it once: (SQLite, PostgreSQL).
_PUT = tuple(insert(INBOX).on_conflict_do_nothing().returning(INBOX.c.id) for insert in (sqlite_insert, postgresql_insert))

InboxKind = Literal["message", "action", "hil"]

_ITEM = select(InboxRow).where(InboxRow.thread_id == bindparam("thread_id"), InboxRow.idem_key == bindparam("key"))
"""A turn's look for its key, built once (building and keying a statement costs more CPU than running it)."""


class DuplicateInboxKey(Exception):
    """An item with this (thread, key) is already stored; return its stored reply instead."""


class InboxRepository:
    """Get and put inbound items; UNIQUE(thread_id, idem_key) makes redelivery detectable."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._locked: dict[tuple[str, str], InboxRow | None] = {}

    def remember(self, thread_id: str, key: str, row: InboxRow | None) -> None:
        """Keep what the thread lock's query read under this key, so the turn's look for it costs no SELECT."""
        self._locked[(thread_id, key)] = row

    def forget(self) -> None:
        """Drop what the lock query brought (the transaction ended: it may be stale)."""
        self._locked.clear()

    def get(self, thread_id: str, key: str) -> InboxRow | None:
        """The stored item for this key, or None; the first look after the thread lock is served from what the lock
        query brought along."""
        if (thread_id, key) in self._locked:
            return self._locked.pop((thread_id, key))
        return self.session.scalars(_ITEM, {"thread_id": thread_id, "key": key}).first()

    def find_key(self, key: str, *, kind: InboxKind) -> InboxRow | None:
        """The item stored under `key` on any thread (manager keys are the manager's, not a thread's)."""
        query = select(InboxRow).where(InboxRow.idem_key == key, InboxRow.kind == kind).limit(1)
        return self.session.scalars(query).first()

    def put(
        self,
        thread_id: str,
        key: str,
        kind: InboxKind,
        payload: dict[str, Any],
        created_at: datetime,
        reply: dict[str, Any] | None = None,
    ) -> None:
        """Store a new item in one `INSERT … ON CONFLICT DO NOTHING RETURNING id` (no savepoint, no ORM flush);
        raises DuplicateInboxKey, with the transaction still usable, when the key exists. On PostgreSQL the row is
        held until commit (store/writebehind.py): a key held twice raises at once, a key already stored fails the
        commit instead (the caller read the key under the thread lock first)."""
        values = {"thread_id": thread_id, "idem_key": key, "kind": kind, "payload": payload, "reply": reply,
                  "created_at": created_at}
        held = write_behind(self.session)
        if held is not None:
            if any(row["thread_id"] == thread_id and row["idem_key"] == key for row in held.pending("inbox")):
                raise DuplicateInboxKey(f"inbox key {key!r} already stored for thread {thread_id!r}")
            held.hold("inbox", values)
            return
        statement = _PUT[self.session.get_bind().dialect.name == "postgresql"]
        if self.session.execute(statement, values).first() is None:
            raise DuplicateInboxKey(f"inbox key {key!r} already stored for thread {thread_id!r}")

    def set_reply(self, thread_id: str, key: str, reply: dict[str, Any]) -> None:
        """Attach the reply produced for the item, so a redelivery can return it."""
        row = self.get(thread_id, key)
        if row is None:
            raise LookupError(f"no inbox item {key!r} on thread {thread_id!r}")
        row.reply = reply
        self.session.flush()
