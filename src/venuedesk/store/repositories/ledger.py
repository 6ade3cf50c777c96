"""The tool-call ledger: each executed call by (thread, call id) and by business idempotency key."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from venuedesk.store.models import ToolCallRow

TOOL_CALLS = cast(Table, ToolCallRow.__table__)
# One statement per dialect, built once so SQLAlchemy compiles it once: (SQLite, PostgreSQL).
_PUT = tuple(insert(TOOL_CALLS).on_conflict_do_nothing().returning(TOOL_CALLS.c.id)
             for insert in (sqlite_insert, postgresql_insert))


class LedgerConflict(Exception):
    """A row with this (thread, call id) or idempotency key was stored concurrently."""


class LedgerRepository:
    """Look up and record executed tool calls (UNIQUE(thread_id, tool_call_id), UNIQUE(idem_key))."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lookup(
        self, thread_id: str, tool_call_id: str, idem_key: str | None
    ) -> tuple[ToolCallRow | None, ToolCallRow | None]:
        """(the call recorded with this id on this thread, the call recorded under this business key), in one
        query: a tool call costs one lookup, not two."""
        by_call = (ToolCallRow.thread_id == thread_id) & (ToolCallRow.tool_call_id == tool_call_id)
        match = by_call if idem_key is None else by_call | (ToolCallRow.idem_key == idem_key)
        rows = self.session.scalars(select(ToolCallRow).where(match)).all()
        call = next((row for row in rows if row.thread_id == thread_id and row.tool_call_id == tool_call_id), None)
        keyed = next((row for row in rows if idem_key is not None and row.idem_key == idem_key), None)
        return call, keyed

    def put(
        self,
        thread_id: str,
        tool_call_id: str,
        name: str,
        args: dict[str, Any],
        args_hash: str,
        idem_key: str | None,
        status: Literal["ok", "error"],
        result: dict[str, Any] | None,
        attempts: int,
        created_at: datetime,
    ) -> None:
        """Record a call in one `INSERT … ON CONFLICT DO NOTHING RETURNING id` (no savepoint, no ORM flush); raises
        LedgerConflict, with the transaction still usable, when the (thread, call id) or the key is taken."""
        values = {"thread_id": thread_id, "tool_call_id": tool_call_id, "name": name, "args": args,
                  "args_hash": args_hash, "idem_key": idem_key, "status": status, "result": result,
                  "attempts": attempts, "created_at": created_at}
        statement = _PUT[self.session.get_bind().dialect.name == "postgresql"]
        if self.session.execute(statement, values).first() is None:
            raise LedgerConflict(f"tool call {tool_call_id!r} or key {idem_key!r} already recorded")
