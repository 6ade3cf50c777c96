"""Cross-process locks: the migration/seed lock, the per-thread turn lock and the per-key lock of manager keys."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from venuedesk.store.models import ThreadRow

MIGRATION_LOCK_ID = 0x7665_6E75  # "venu": one advisory lock id for migrations and seeding


def migration_lock(connection: Connection) -> None:
    """Serialise migrations and seeding across processes (PostgreSQL advisory lock; SQLite locks anyway)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_ID})


def lock_thread_row(session: Session, thread_id: str) -> ThreadRow | None:
    """Take the thread's row lock until the transaction ends (FOR UPDATE; a no-op clause on SQLite) and return the
    whole row (None when there is no such thread). A caller that keeps the row alive has later reads of the thread
    in the turn (its channel, its providers) served from the session: its identity map holds rows only weakly."""
    return session.scalars(select(ThreadRow).where(ThreadRow.id == thread_id).with_for_update()).first()


NAME_LOCK_SPACE = 0x6B65_7973  # "keys": the advisory lock space of `lock_name` (two-int form, apart from the above)


def lock_name(session: Session, name: str) -> None:
    """Serialise the transactions that use `name` (an idempotency key) until they end: a PostgreSQL advisory lock
    on a 32-bit hash of it (a collision only makes two keys wait on each other); SQLite serialises writers anyway."""
    if session.get_bind().dialect.name == "postgresql":
        digest = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": NAME_LOCK_SPACE, "key": digest})
