"""The tool-call ledger: each executed call by (thread, call id) and by business idempotency key."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.models import ToolCallRow


class LedgerConflict(Exception):
    """A row with this (thread, call id) or idempotency key was stored concurrently."""


class LedgerRepository:
    """Look up and record executed tool calls (UNIQUE(thread_id, tool_call_id), UNIQUE(idem_key))."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_by_call(self, thread_id: str, tool_call_id: str) -> ToolCallRow | None:
        """The recorded call with this id on this thread, or None."""
        query = select(ToolCallRow).where(
            ToolCallRow.thread_id == thread_id, ToolCallRow.tool_call_id == tool_call_id
        )
        return self.session.scalars(query).first()

    def get_by_key(self, idem_key: str) -> ToolCallRow | None:
        """The successful call recorded under this business key, or None."""
        return self.session.scalars(select(ToolCallRow).where(ToolCallRow.idem_key == idem_key)).first()

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
    ) -> ToolCallRow:
        """Record a call; raises LedgerConflict (the transaction stays usable) on a duplicate id or key."""
        row = ToolCallRow(
            thread_id=thread_id,
            tool_call_id=tool_call_id,
            name=name,
            args=args,
            args_hash=args_hash,
            idem_key=idem_key,
            status=status,
            result=result,
            attempts=attempts,
            created_at=created_at,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise LedgerConflict(f"tool call {tool_call_id!r} or key {idem_key!r} already recorded") from exc
        return row
