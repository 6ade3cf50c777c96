"""Cross-process locks: the migration/seed lock, the per-thread turn lock and the per-key lock of manager keys."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, and_, bindparam, func, select, text, true
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from venuedesk.store.models import EventRow, HilTaskRow, InboxRow, ThreadRow, ToolCallRow, VenueSettingRow
from venuedesk.store.pipelining import send_before_next
from venuedesk.store.tenancy import venue_of
from venuedesk.store.turn_reads import TaskDigest

MIGRATION_LOCK_ID = 0x7665_6E75  # "venu": one advisory lock id for migrations and seeding


def migration_lock(connection: Connection) -> None:
    """Serialise migrations and seeding across processes (PostgreSQL advisory lock; SQLite locks anyway)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_ID})


_LOCK_SQL = "SELECT 1 FROM threads WHERE venue_id = %(venue)s AND id = %(id)s FOR UPDATE"


_CALL_IDS = select(func.array_agg(ToolCallRow.tool_call_id)).where(ToolCallRow.thread_id == ThreadRow.id)
_KEYS = select(func.array_agg(ToolCallRow.idem_key)).where(ToolCallRow.thread_id == ThreadRow.id,
                                                           ToolCallRow.idem_key.is_not(None))
_TASK_COUNT = select(func.count(HilTaskRow.id)).where(HilTaskRow.thread_id == ThreadRow.id)
_OPEN_TASKS = select(func.array_agg(HilTaskRow.id)).where(HilTaskRow.thread_id == ThreadRow.id,
                                                          HilTaskRow.status == "open")


class LedgerDigest:
    """The tool-call ids and business keys already recorded on a thread, read with its lock (PostgreSQL)."""

    def __init__(self, event_id: str | None, calls: list[str] | None, keys: list[str] | None,
                 tasks: TaskDigest | None = None) -> None:
        self.event_id = event_id
        self.calls = set(calls or ())
        self.keys = set(keys or ())
        self.tasks = tasks
        """How many HIL tasks the thread has and which are open (store/turn_reads.py)."""

    def answers(self, tool_call_id: str, idem_key: str | None) -> bool:
        """Whether the digest alone says neither the call nor the key is recorded: the call id is the thread's own,
        and a key is known only when it names the thread's event (`name:<event id>:…`, tools/registry.py), which
        no other thread's turns record; any other key may be another thread's and needs the lookup query."""
        if tool_call_id in self.calls:
            return False
        if idem_key is None:
            return True
        owned = self.event_id is not None and f":{self.event_id}:" in f"{idem_key}:"
        return owned and idem_key not in self.keys

    def add(self, tool_call_id: str, idem_key: str | None) -> None:
        self.calls.add(tool_call_id)
        if idem_key is not None:
            self.keys.add(idem_key)


class TurnLockRead(NamedTuple):
    """What the thread lock's query brought along (see `lock_thread_for_turn`)."""

    thread: ThreadRow | None
    event: EventRow | None
    settings: list[VenueSettingRow]
    ledger: LedgerDigest | None
    inbox: InboxRow | None


def lock_thread_for_turn(session: Session, thread_id: str, inbox_key: str | None = None) -> TurnLockRead:
    """Take the thread's row lock until the transaction ends (FOR UPDATE OF threads; a no-op clause on SQLite) and bring
    along, in the same round trip, what a turn reads next: the thread's event, the venue settings (a handful of
    rows), the inbox item stored under `inbox_key` (a redelivered turn's), and on PostgreSQL the digest of its
    tool-call ledger and of its HIL tasks (count, open ids). Thread None when there is no thread. A caller that keeps
    the rows alive has later reads of them in the turn served from the session: its identity map holds rows only
    weakly."""
    postgres = session.get_bind().dialect.name == "postgresql"
    query = _turn_query(postgres)
    parameters = {"thread_id": thread_id, "inbox_key": inbox_key}
    rows: Sequence[Any]
    if postgres:
        rows = _lock_and_read(session, thread_id, query, parameters)
    else:
        rows = session.execute(query, parameters).all()  # FOR UPDATE is a no-op on SQLite
    if not rows:
        return TurnLockRead(None, None, [], None, None)
    first = rows[0]
    ledger = LedgerDigest(first[1].id if first[1] is not None else None, first[4], first[5],
                          TaskDigest(first[6], set(first[7] or ()))) if postgres else None
    return TurnLockRead(first[0], first[1], [row[2] for row in rows if row[2] is not None], ledger, first[3])


@lru_cache(maxsize=2)
def _turn_query(postgres: bool) -> Select[Any]:
    """The thread lock's read (`thread_id` and `inbox_key` bound at execution), built once per dialect: building and
    keying a statement this size costs more CPU than running it."""
    digest = (_CALL_IDS.scalar_subquery(), _KEYS.scalar_subquery(), _TASK_COUNT.scalar_subquery(),
              _OPEN_TASKS.scalar_subquery()) if postgres else ()
    query = (
        select(ThreadRow, EventRow, VenueSettingRow, InboxRow, *digest)
        .outerjoin(EventRow, EventRow.thread_id == ThreadRow.id)
        .outerjoin(VenueSettingRow, true())
        .outerjoin(InboxRow, and_(InboxRow.thread_id == ThreadRow.id, InboxRow.idem_key == bindparam("inbox_key")))
        .where(ThreadRow.id == bindparam("thread_id"))
    )
    return query if postgres else query.with_for_update(of=ThreadRow)  # writers queue at BEGIN on SQLite


NAME_LOCK_SPACE = 0x6B65_7973  # "keys": the advisory lock space of `lock_name` (two-int form, apart from the above)
_NAME_LOCK_SQL = "SELECT pg_advisory_xact_lock(%(space)s, %(key)s)"


def lock_name(session: Session, name: str) -> None:
    """Serialise the transactions that use `name` (an idempotency key) until they end: a PostgreSQL advisory lock
    on a 32-bit hash of it (a collision only makes two keys wait on each other); SQLite serialises writers anyway."""
    if session.get_bind().dialect.name == "postgresql":
        digest = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True)
        send_before_next(session.connection(), _NAME_LOCK_SQL, {"space": NAME_LOCK_SPACE, "key": digest})


def _lock_and_read(session: Session, thread_id: str, query: Any, parameters: dict[str, Any]) -> Sequence[Any]:
    """The lock as its own statement, sent in the same round trip just before the read (store/pipelining.py): the
    read's snapshot is taken after the lock is held, so it sees what the turn before committed (read in one statement
    with the lock, the joined event would be the one from before the wait: READ COMMITTED re-reads only the locked
    row). When they opened the transaction and found the pooled connection dead (the server's goodbye was still in
    flight at check-out), lock and read go once more, together, on a new connection: nothing had run yet."""
    opens_transaction = not session.in_transaction()
    send_before_next(session.connection(), _LOCK_SQL, {"venue": venue_of(session), "id": thread_id})
    try:
        return session.execute(query, parameters).all()
    except DBAPIError as error:
        if not (opens_transaction and error.connection_invalidated):
            raise
    session.rollback()
    send_before_next(session.connection(), _LOCK_SQL, {"venue": venue_of(session), "id": thread_id})
    return session.execute(query, parameters).all()
