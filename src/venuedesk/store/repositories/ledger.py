"""The tool-call ledger: each executed call by (thread, call id) and by business idempotency key."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from venuedesk.store.locking import LedgerDigest
from venuedesk.store.models import ToolCallRow
from venuedesk.store.writebehind import WRITE_BEHIND_SEEN, write_behind

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
        self._digests: dict[str, LedgerDigest] = {}
        """Per locked thread, what its ledger held when the lock was taken (store/locking.py), plus this unit of
        work's puts: a new call on the thread is looked up without a query."""

    def remember(self, thread_id: str, digest: LedgerDigest) -> None:
        """Keep the digest the thread lock query brought, until commit or rollback."""
        self._digests[thread_id] = digest

    def adopt_event(self, thread_id: str, event_id: str) -> None:
        """The locked thread's turn created its event `event_id` (none existed at the lock): keys naming it are new
        to every other thread too, so the digest may answer for them (store/locking.py LedgerDigest.answers)."""
        digest = self._digests.get(thread_id)
        if digest is not None and digest.event_id is None:
            digest.event_id = event_id

    def forget(self) -> None:
        """Drop the digests (the thread lock ended)."""
        self._digests.clear()

    def lookup(
        self, thread_id: str, tool_call_id: str, idem_key: str | None
    ) -> tuple[ToolCallRow | None, ToolCallRow | None]:
        """(the call recorded with this id on this thread, the call recorded under this business key), in one
        query: a tool call costs one lookup, not two. Rows held for commit (store/writebehind.py) count too (and come
        first); the query is built only when the thread's digest cannot answer."""
        held = write_behind(self.session)
        pending = list(held.pending("tool_calls")) if held is not None else []
        call_values = next((values for values in pending
                            if values["thread_id"] == thread_id and values["tool_call_id"] == tool_call_id), None)
        keyed_values = next((values for values in pending if idem_key is not None and values["idem_key"] == idem_key),
                            None)
        held_rows = {id(values): ToolCallRow(**values) for values in (call_values, keyed_values) if values is not None}
        call = held_rows[id(call_values)] if call_values is not None else None
        keyed = held_rows[id(keyed_values)] if keyed_values is not None else None
        digest = self._digests.get(thread_id)
        if digest is None or not digest.answers(tool_call_id, idem_key):
            rows = self.session.scalars(self._lookup_query(thread_id, tool_call_id, idem_key)).all()
            if call is None:
                call = next((row for row in rows if row.thread_id == thread_id and row.tool_call_id == tool_call_id), None)
            if keyed is None:
                keyed = next((row for row in rows if idem_key is not None and row.idem_key == idem_key), None)
        return call, keyed

    @staticmethod
    def _lookup_query(thread_id: str, tool_call_id: str, idem_key: str | None) -> Any:
        """The stored rows with this call id on this thread or this business key (held rows are looked at apart)."""
        by_call = (ToolCallRow.thread_id == thread_id) & (ToolCallRow.tool_call_id == tool_call_id)
        match = by_call if idem_key is None else by_call | (ToolCallRow.idem_key == idem_key)
        return select(ToolCallRow).where(match).execution_options(**{WRITE_BEHIND_SEEN: True})

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
        LedgerConflict, with the transaction still usable, when the (thread, call id) or the key is taken. On
        PostgreSQL the row is held until commit (store/writebehind.py): a call or key held twice raises at once, one
        already stored fails the commit instead (the executor looked it up first)."""
        values = {"thread_id": thread_id, "tool_call_id": tool_call_id, "name": name, "args": args,
                  "args_hash": args_hash, "idem_key": idem_key, "status": status, "result": result,
                  "attempts": attempts, "created_at": created_at}
        digest = self._digests.get(thread_id)
        if digest is not None:
            digest.add(tool_call_id, idem_key)
        held = write_behind(self.session)
        if held is not None:
            if any((row["thread_id"], row["tool_call_id"]) == (thread_id, tool_call_id)
                   or (idem_key is not None and row["idem_key"] == idem_key) for row in held.pending("tool_calls")):
                raise LedgerConflict(f"tool call {tool_call_id!r} or key {idem_key!r} already recorded")
            held.hold("tool_calls", values)
            return
        statement = _PUT[self.session.get_bind().dialect.name == "postgresql"]
        if self.session.execute(statement, values).first() is None:
            raise LedgerConflict(f"tool call {tool_call_id!r} or key {idem_key!r} already recorded")
