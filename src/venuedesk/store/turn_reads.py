"""Turn reads: what a unit of work already read of room bookings and HIL tasks, kept in the session until it is stale.

A client turn reads the bookings around its dates several times (rooms_search, dates_check, the hold guard), and a
turn that opens or closes manager tasks asks for the thread's open tasks and its task count; each was a round trip.
The first booking read keeps its span of days here, and later reads inside that span are served from it; the thread
lock (store/locking.py) brings the thread's task count and open task ids. What is kept is dropped when it may no
longer be what the transaction would read:

- bookings: at any write of `room_bookings` through the session (an ORM flush, or an UPDATE/DELETE/INSERT statement)
  and when a room's lock is taken (bookings.place_hold, move, confirm): the wait may have let another turn's hold in,
  which the turn's next reads must see (a refused hold is then shown as on option, not as free);
- both: when a savepoint or the transaction rolls back, and when the transaction commits (the thread lock is gone).

Between two reads of one turn another process may commit a booking; the turn's reads were never one snapshot
(READ COMMITTED), and a hold is still checked against the database under the room's row lock (bookings.place_hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction, sessionmaker

from venuedesk.domain.availability import Booking
from venuedesk.store.models import BookingRow, HilTaskRow

_BOOKINGS = "venuedesk.turn_bookings"
_TASKS = "venuedesk.turn_tasks"


@dataclass
class BookingSpan:
    """Every booking on the days first..last (inclusive), in date, room, start order."""

    first: date
    last: date
    bookings: list[Booking]

    def covers(self, first: date, last: date) -> bool:
        return self.first <= first and last <= self.last


@dataclass
class TaskDigest:
    """How many tasks a locked thread has and which are open, as read with its lock, plus this unit of work's own;
    `open_rows` are the open tasks once a read brought them (served again while they are still the open ones)."""

    total: int
    open_ids: set[str] = field(default_factory=set)
    open_rows: list[HilTaskRow] | None = None

    def kept_open_rows(self) -> list[HilTaskRow] | None:
        """The open tasks read before, when they are still exactly the open ones (none opened or closed since)."""
        if self.open_rows is None:
            return None
        still = [row for row in self.open_rows if row.status == "open"]
        return still if {row.id for row in still} == self.open_ids else None


def bookings_span(session: Session) -> BookingSpan | None:
    """The span of bookings this transaction already read, if still valid."""
    span: BookingSpan | None = session.info.get(_BOOKINGS)
    return span


def keep_bookings(session: Session, span: BookingSpan) -> None:
    session.info[_BOOKINGS] = span


def task_digest(session: Session, thread_id: str) -> TaskDigest | None:
    """What the thread lock said about the thread's tasks, if still valid."""
    digests: dict[str, TaskDigest] = session.info.get(_TASKS, {})
    return digests.get(thread_id)


def all_task_digests(session: Session) -> list[TaskDigest]:
    """Every task digest kept (one per locked thread)."""
    digests: dict[str, TaskDigest] = session.info.get(_TASKS, {})
    return list(digests.values())


def keep_task_digest(session: Session, thread_id: str, digest: TaskDigest) -> None:
    session.info.setdefault(_TASKS, {})[thread_id] = digest


def forget_bookings(session: Session) -> None:
    """Drop the span of bookings kept (a room lock was taken: waiting for it may have let another turn's hold in)."""
    session.info.pop(_BOOKINGS, None)


def forget(session: Session) -> None:
    """Drop everything kept (the next reads go to the database)."""
    session.info.pop(_BOOKINGS, None)
    session.info.pop(_TASKS, None)


def track_turn_reads(factory: sessionmaker[Session]) -> None:
    """Drop what a session of `factory` kept whenever it may be stale (see the module docstring)."""
    event.listen(factory, "after_soft_rollback", _rolled_back)
    event.listen(factory, "after_commit", _committed)
    event.listen(factory, "after_flush", _flushed)
    event.listen(factory, "do_orm_execute", _executing)


def _rolled_back(session: Session, _previous: SessionTransaction) -> None:
    forget(session)


def _committed(session: Session) -> None:
    if not session.in_nested_transaction():  # SQLAlchemy calls this for a savepoint's release too
        forget(session)


def _flushed(session: Session, _context: UOWTransaction) -> None:
    if any(isinstance(row, BookingRow) for row in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_BOOKINGS, None)


def _executing(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) == BookingRow.__tablename__:
        state.session.info.pop(_BOOKINGS, None)
