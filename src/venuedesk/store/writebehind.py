"""Write-behind: the rows a unit of work appends on PostgreSQL, held until COMMIT and sent there in one statement.

A turn appends its client and desk messages, the outbox reply, the inbox item, its tool-call ledger rows and the
manager tasks it opens and the pipeline's lost reasons, and saves the event document; each was a round trip of its own. Held in the session (`session.info`) and sent as ONE
statement (a data-modifying CTE per table over `json_to_recordset`, compiled and prepared once) just before COMMIT,
they cost one. The rules that keep this invisible to the code above:

- a read of a held table (ORM or Core, through the session) first sends what is held, so it sees its own writes;
  a caller that looks at the held rows itself (the ledger) says so with the `WRITE_BEHIND_SEEN` execution option;
- a savepoint rolled back drops the rows held since it began (and re-holds rows sent inside it, which the
  server dropped); a rolled-back transaction drops them all;
- a conflict (a duplicate inbox key or ledger key) is an IntegrityError at commit, which rolls the whole unit of
  work back: nothing of a turn that clashed is kept.

SQLite keeps the plain path (one statement per write, nothing held): there a round trip is a function call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables

from venuedesk.store.pipelining import send_at_commit, send_before_next
from venuedesk.store.models import EventRow, HilTaskRow, InboxRow, MessageRow, OutboxRow, ThreadRow, ToolCallRow
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.store.tenancy import DEFAULT_VENUE, venue_of

WRITE_BEHIND_SEEN = "venuedesk_write_behind_seen"
"""Execution option: this read already takes the held rows into account; do not send them first."""
_KEY = "venuedesk.write_behind"
_ON = "venuedesk.write_behind_on"

# What each held table writes: (table, its columns as held, the SQL of its CTE body after the recordset).
_DIALECT = postgresql.dialect()
_EVENT_UPDATE = ("status", "chosen_date", "locked_room_id", "deposit_due_on", "state", "updated_at")


def _columns(table: Table, names: tuple[str, ...]) -> str:
    return ", ".join(f"{name} {table.c[name].type.compile(dialect=_DIALECT)}" for name in names)


def _insert(table: Table, names: tuple[str, ...], extra: str = "") -> str:
    cols = ", ".join(names)
    return (f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM json_to_recordset(CAST(:{table.name} AS json)) "
            f"AS r({_columns(table, names)}){extra}")


_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "inbox": (InboxRow.__table__, ("venue_id", "thread_id", "idem_key", "kind", "payload", "reply", "created_at")),  # type: ignore[dict-item]
    "tool_calls": (ToolCallRow.__table__, ("venue_id", "thread_id", "tool_call_id", "name", "args", "args_hash",  # type: ignore[dict-item]
                                            "idem_key", "status", "result", "attempts", "created_at")),
    "outbox": (OutboxRow.__table__, ("venue_id", "thread_id", "reply", "channel", "status", "created_at")),  # type: ignore[dict-item]
    "hil_tasks": (HilTaskRow.__table__, ("venue_id", "id", "thread_id", "type", "status", "summary", "offer_id",  # type: ignore[dict-item]
                                         "offer_version", "draft", "created_at")),
    "events": (EventRow.__table__, ("venue_id", "id", "thread_id", *_EVENT_UPDATE)),  # type: ignore[dict-item]
    "lost_reasons": (LostReasonRow.__table__, ("venue_id", "event_id", "thread_id", "kind", "from_status",  # type: ignore[dict-item]
                                               "to_status", "reason", "note", "room_id", "actor", "at")),
}
_MESSAGE_COLUMNS = ("venue_id", "thread_id", "turn_id", "role", "text", "reply", "created_at", "stripped")
_MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
_THREADS: Table = ThreadRow.__table__  # type: ignore[assignment]
HELD_TABLES = frozenset([*_TABLES, "messages", "threads"])

_ctes = [f"w_{name} AS ({_insert(table, names)})" for name, (table, names) in _TABLES.items() if name != "events"]
_ctes.append("w_events AS ({} ON CONFLICT (id) DO UPDATE SET {})".format(
    _insert(*_TABLES["events"]), ", ".join(f"{name} = excluded.{name}" for name in _EVENT_UPDATE)))
_ctes.append(
    "w_messages AS (INSERT INTO messages (seq, {cols}) SELECT (SELECT coalesce(max(m.seq), 0) FROM messages m "
    "WHERE m.thread_id = r.thread_id) + r.ord, {cols} FROM json_to_recordset(CAST(:messages AS json)) AS r({typed}, "
    "ord integer))".format(cols=", ".join(_MESSAGE_COLUMNS), typed=_columns(_MESSAGES, _MESSAGE_COLUMNS)))
_ctes.append(
    "w_threads AS (UPDATE threads SET providers = r.providers FROM json_to_recordset(CAST(:threads AS json)) "
    f"AS r({_columns(_THREADS, ('id', 'providers'))}) WHERE threads.id = r.id)")
SEND = text("WITH " + ",\n".join(_ctes) + "\nSELECT 1")
"""The one statement that writes every held row: the same text each time, so it is compiled and prepared once."""
SEND_DBAPI = str(SEND.compile(dialect=postgresql.psycopg.dialect()))
"""SEND in psycopg's paramstyle, for the trip it shares with COMMIT (store/pipelining.py)."""


@dataclass
class WriteBehind:
    """The rows held by one session, in the order they were written; `sent` of them already reached the server."""

    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    sent: int = 0
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Per open savepoint (by id of its SessionTransaction): (rows held, rows sent) when it began."""

    venue_id: str = DEFAULT_VENUE
    """The venue of the session's rows (store/tenancy.py), stamped on each row held."""

    def hold(self, table: str, values: dict[str, Any]) -> None:
        """Keep a row for the next send, in the session's venue."""
        self.rows.append((table, values if table == "threads" else {**values, "venue_id": self.venue_id}))

    def pending(self, table: str) -> Iterator[dict[str, Any]]:
        """The rows of `table` held and not sent yet, oldest first."""
        return (values for name, values in self.rows[self.sent:] if name == table)

    def send(self, session: Session, *, with_commit: bool = False) -> None:
        """Write every held row in one statement (nothing is sent when nothing is held), in the round trip of the
        statement that follows (store/pipelining.py): the read that needs them, or with `with_commit` the COMMIT."""
        pending = self.rows[self.sent:]
        if not pending:
            return
        self.sent = len(self.rows)
        if with_commit:
            send_at_commit(session.connection(), SEND_DBAPI, _parameters(pending))
        else:
            send_before_next(session.connection(), SEND_DBAPI, _parameters(pending))

    def reset(self) -> None:
        self.rows.clear()
        self.sent = 0
        self.marks.clear()


def _parameters(pending: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """The held rows as one JSON array per table; messages numbered per thread (seq = the thread's max + n); an
    event or a thread's providers saved twice are sent once, as last saved."""
    by_table: dict[str, list[dict[str, Any]]] = {name: [] for name in HELD_TABLES}
    latest: dict[str, dict[str, dict[str, Any]]] = {"events": {}, "threads": {}}
    numbers: dict[str, int] = {}
    for name, values in pending:
        if name in latest:
            latest[name][values["id"]] = values
        elif name == "messages":
            numbers[values["thread_id"]] = numbers.get(values["thread_id"], 0) + 1
            by_table[name].append({**values, "ord": numbers[values["thread_id"]]})
        else:
            by_table[name].append(values)
    for name, rows in latest.items():
        by_table[name] = list(rows.values())
    return {name: json.dumps(rows, default=_plain, separators=(",", ":")) for name, rows in by_table.items()}


def _plain(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot hold a {type(value).__name__} for a write-behind row")


def write_behind(session: Session) -> WriteBehind | None:
    """The session's write-behind buffer, or None where rows are written at once (SQLite)."""
    buffer = session.info.get(_KEY)
    if buffer is None and session.info.get(_ON):
        buffer = session.info[_KEY] = WriteBehind()
    if isinstance(buffer, WriteBehind):
        buffer.venue_id = venue_of(session)
        return buffer
    return None


def hold_writes(factory: sessionmaker[Session]) -> None:
    """Give every session of `factory` on PostgreSQL a write-behind buffer, sent before COMMIT and before any read
    of a held table, trimmed when a savepoint or the transaction rolls back."""
    bind = factory.kw.get("bind")
    if bind is None or bind.dialect.name != "postgresql":
        return
    factory.kw["info"] = {**factory.kw.get("info", {}), _ON: True}
    event.listen(factory, "after_transaction_create", _begun)
    event.listen(factory, "after_soft_rollback", _rolled_back)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "do_orm_execute", _before_read)


def _buffer(session: Session) -> WriteBehind:
    buffer = write_behind(session)
    assert buffer is not None, "hold_writes gives every session of its factory a buffer"
    return buffer


def _begun(session: Session, transaction: SessionTransaction) -> None:
    buffer = _buffer(session)
    if transaction.nested:
        buffer.marks[id(transaction)] = (len(buffer.rows), buffer.sent)


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    buffer = _buffer(session)
    if not previous.nested:
        buffer.reset()
        return
    mark = buffer.marks.pop(id(previous), None)
    if mark is not None:
        held, sent = mark
        del buffer.rows[held:]
        buffer.sent = min(buffer.sent, sent)


def _before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # SQLAlchemy calls this for a savepoint's release too
        session.flush()
        _buffer(session).send(session, with_commit=True)


def _after_commit(session: Session) -> None:
    if not session.in_nested_transaction():
        _buffer(session).reset()


def _before_read(state: ORMExecuteState) -> None:
    buffer = write_behind(state.session)
    if buffer is None or buffer.sent == len(buffer.rows) or state.execution_options.get(WRITE_BEHIND_SEEN):
        return
    statement = state.statement
    found = find_tables(statement, include_crud=True, include_joins=True) if isinstance(statement, ClauseElement) \
        else []
    touched = {getattr(table, "name", None) for table in found}
    if touched & HELD_TABLES or not touched:
        buffer.send(state.session)
