"""How many live options one client or one address holds (the caps of docs/abuse.md), and the lock that makes
counting and placing one hold a single step across processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from venuedesk.store.locking import lock_name
from venuedesk.store.models import BookingRow, EventRow, HilTaskRow, ThreadRow

HOLD_LIMIT_KEY = "hold_limit"
"""The draft key of a "hold limit reached" task: {identity, ...}; one open task per identity."""


def lock_identities(session: Session, identities: list[str]) -> None:
    """Serialise, until the transaction ends, every hold placed for these identities (PostgreSQL advisory locks,
    taken in one fixed order so two turns never wait on each other; SQLite serialises writers anyway)."""
    for identity in sorted(set(identities)):
        lock_name(session, f"holds:{identity}")


def _live_options(now: datetime, exclude_event_id: str) -> tuple[ColumnElement[bool], ...]:
    return (BookingRow.status == "Option", BookingRow.expires_at.is_not(None), BookingRow.expires_at > now,
            BookingRow.event_id != exclude_event_id)


def open_holds_by_email(session: Session, email: str, now: datetime, exclude_event_id: str) -> int:
    """Events of the client with this address (case-insensitive) holding a live option, other than `exclude`."""
    query = (select(func.count(func.distinct(BookingRow.event_id)))
             .join(EventRow, EventRow.id == BookingRow.event_id)
             .where(func.lower(EventRow.state["client_email"].as_string()) == email.lower(),
                    *_live_options(now, exclude_event_id)))
    return int(session.execute(query).scalar_one())


def open_holds_by_token(session: Session, client_token_hash: str, now: datetime, exclude_event_id: str) -> int:
    """Events of the threads this client token opens holding a live option, other than `exclude_event_id`."""
    query = (select(func.count(func.distinct(BookingRow.event_id)))
             .join(EventRow, EventRow.id == BookingRow.event_id)
             .join(ThreadRow, ThreadRow.id == EventRow.thread_id)
             .where(ThreadRow.client_token_hash == client_token_hash, *_live_options(now, exclude_event_id)))
    return int(session.execute(query).scalar_one())


def open_holds_by_ip(session: Session, ip_hash: str, now: datetime, exclude_event_id: str) -> int:
    """Events of threads opened from this address (its keyed hash) holding a live option, other than `exclude`."""
    query = (select(func.count(func.distinct(BookingRow.event_id)))
             .join(EventRow, EventRow.id == BookingRow.event_id)
             .join(ThreadRow, ThreadRow.id == EventRow.thread_id)
             .where(ThreadRow.client_ip_hash == ip_hash, *_live_options(now, exclude_event_id)))
    return int(session.execute(query).scalar_one())


def open_limit_task(session: Session, identity: str) -> HilTaskRow | None:
    """The open "hold limit reached" task of this identity, if any (read under `lock_identities`)."""
    query = (select(HilTaskRow).where(HilTaskRow.status == "open", HilTaskRow.type == "manual_review",
                                      HilTaskRow.draft[HOLD_LIMIT_KEY]["identity"].as_string() == identity)
             .limit(1))
    return session.execute(query).scalar_one_or_none()
