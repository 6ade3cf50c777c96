"""A client's data under the GDPR (docs/privacy.md): find every thread of a client by email (the event's
`client_email`, an inbound mail's sender; both case-insensitive), export everything stored about them as JSON, or
erase it with `anonymise_thread` (Confirmed bookings too: amounts and dates stay for the accounting) and the
ChatKit view of those threads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from venuedesk.domain.event import EventState
from venuedesk.store.anonymise import anonymise_thread
from venuedesk.store.base import Base
from venuedesk.store.chatkit_models import ChatKitAttachmentRow, ChatKitItemRow, ChatKitThreadRow
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.store.models import (
    EventRow,
    HilTaskRow,
    InboxRow,
    MailMessageRow,
    MessageRow,
    OutboxRow,
    PaymentRow,
    SiteVisitRow,
    ThreadRow,
    ToolCallRow,
)

_BY_THREAD: dict[str, tuple[type[Base], Any]] = {
    "messages": (MessageRow, MessageRow.thread_id),
    "inbox": (InboxRow, InboxRow.thread_id),
    "outbox": (OutboxRow, OutboxRow.thread_id),
    "tool_calls": (ToolCallRow, ToolCallRow.thread_id),
    "hil_tasks": (HilTaskRow, HilTaskRow.thread_id),
    "mail_messages": (MailMessageRow, MailMessageRow.thread_id),
    "payments": (PaymentRow, PaymentRow.thread_id),
    "site_visits": (SiteVisitRow, SiteVisitRow.thread_id),
    "chatkit_items": (ChatKitItemRow, ChatKitItemRow.thread_id),
    "chatkit_attachments": (ChatKitAttachmentRow, ChatKitAttachmentRow.owner_thread_id),
    "lost_reasons": (LostReasonRow, LostReasonRow.thread_id),
}
CLOSED_STATUSES = ("Lost", "Cancelled")
_SECRET_COLUMNS = frozenset({"client_token_hash"})  # the digest of the client's bearer token: not theirs to read


@dataclass(frozen=True)
class Erased:
    """The threads whose client data was erased (empty when there was nothing left to erase)."""

    thread_ids: list[str]


def normalise_email(email: str) -> str:
    """The address as compared: trimmed and lower-cased (ValueError when it is not an address)."""
    cleaned = email.strip().lower()
    if "@" not in cleaned or len(cleaned) > 320:
        raise ValueError("give the client's email address")
    return cleaned


def client_threads(session: Session, email: str) -> list[str]:
    """The ids of every thread of the client with this email, sorted: the event's client email or an inbound mail's
    sender, case-insensitive."""
    wanted = normalise_email(email)
    by_event = select(EventRow.thread_id).where(func.lower(EventRow.state["client_email"].as_string()) == wanted)
    by_mail = select(MailMessageRow.thread_id).where(func.lower(MailMessageRow.sender) == wanted,
                                                     MailMessageRow.thread_id.is_not(None))
    found = set(session.scalars(by_event)) | set(session.scalars(by_mail))
    return sorted(thread_id for thread_id in found if thread_id)


def export_client(session: Session, email: str) -> dict[str, Any]:
    """Everything stored about the client with this email, as JSON-ready data: per thread its thread row, event,
    messages, inbox, outbox, tool-call ledger, HIL tasks, mail records, payments, site visits, lost reasons and
    ChatKit items."""
    threads = [_thread_export(session, thread_id) for thread_id in client_threads(session, email)]
    return {"email": normalise_email(email), "threads": threads}


def _thread_export(session: Session, thread_id: str) -> dict[str, Any]:
    thread = session.get(ThreadRow, thread_id)
    event = session.scalars(select(EventRow).where(EventRow.thread_id == thread_id)).first()
    chatkit = session.get(ChatKitThreadRow, thread_id)
    gathered: dict[str, Any] = {
        "thread_id": thread_id,
        "thread": _row(thread) if thread is not None else None,
        "event": _row(event) if event is not None else None,
        "chatkit_thread": _row(chatkit) if chatkit is not None else None,
    }
    for name, (table, column) in _BY_THREAD.items():
        primary = table.__mapper__.primary_key[0]
        rows = session.scalars(select(table).where(column == thread_id).order_by(primary))
        gathered[name] = [_row(row) for row in rows]
    return _jsonable(gathered)


def _row(row: Base) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in row.__mapper__.column_attrs if attr.key not in _SECRET_COLUMNS}


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """Dates, times and amounts as strings, so the export is plain JSON."""
    loaded: dict[str, Any] = json.loads(json.dumps(value, default=str, ensure_ascii=False))
    return loaded


def erase_client(session: Session, email: str, now: datetime, actor: str) -> Erased:
    """Anonymise every thread of the client (`anonymise_thread`, whatever the event's status: a manager's erasure
    keeps amounts and dates, not the client) and delete the ChatKit view of those threads; the event's audit
    records who erased it. In the caller's transaction; a second erasure finds nothing and erases nothing."""
    thread_ids = client_threads(session, email)
    if thread_ids:  # a turn running on one of them finishes first (PostgreSQL; SQLite's writers take turns anyway)
        session.execute(select(ThreadRow.id).where(ThreadRow.id.in_(thread_ids)).with_for_update())
    for thread_id in thread_ids:
        erase_thread(session, thread_id, now, actor)
    session.flush()
    return Erased(thread_ids)


def erase_thread(session: Session, thread_id: str, now: datetime, actor: str,
                 reason: str = "client data erased on request (GDPR art. 17)") -> None:
    """Anonymise one thread (`anonymise_thread`), delete its ChatKit view and note who did it in the event's audit
    (once: erasing an erased thread again adds nothing)."""
    anonymise_thread(session, thread_id, now)
    session.execute(delete(ChatKitItemRow).where(ChatKitItemRow.thread_id == thread_id))
    session.execute(delete(ChatKitAttachmentRow).where(ChatKitAttachmentRow.owner_thread_id == thread_id))
    session.execute(delete(ChatKitThreadRow).where(ChatKitThreadRow.id == thread_id))
    _record_erasure(session, thread_id, now, actor, reason)


def expired_threads(session: Session, cutoff: datetime, limit: int) -> list[str]:
    """Threads whose booking ended (Lost or Cancelled) and has not changed since `cutoff`, oldest first: what the
    retention job anonymises. An anonymised thread comes back once per period (its `updated_at` moves on)."""
    query = (select(EventRow.thread_id).where(EventRow.status.in_(CLOSED_STATUSES), EventRow.updated_at < cutoff)
             .order_by(EventRow.updated_at, EventRow.id).limit(limit))
    return list(session.scalars(query))


def _record_erasure(session: Session, thread_id: str, now: datetime, actor: str, reason: str) -> None:
    event = session.scalars(select(EventRow).where(EventRow.thread_id == thread_id)).first()
    if event is None:
        return
    state = EventState.model_validate(event.state)
    if any(entry.kind == "privacy" for entry in state.audit):
        return
    state.record("privacy", at=now, actor=actor, reason=reason)
    event.state = state.model_dump(mode="json")
