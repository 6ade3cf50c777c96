"""Events: the `EventState` document per thread, with indexed status and date columns for lists."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from venuedesk.domain.deposit_watch import deposit_due_on
from venuedesk.domain.event import EventState
from venuedesk.store.models import EventRow
from venuedesk.store.repositories.holds import HoldRepository
from venuedesk.store.writebehind import write_behind

_FOR_THREAD = select(EventRow).where(EventRow.thread_id == bindparam("thread_id"))
"""Built once: building and keying a statement costs more CPU than running it."""


class EventRepository:
    """Load and save `EventState`; the JSON column holds `model_dump(mode="json")`."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._loaded: dict[str, EventRow] = {}
        """Rows this unit of work loaded, held strongly (the session's identity map holds them only weakly), so
        saving an event it read costs no second SELECT."""
        self._absent: set[str] = set()
        """Threads this unit of work found without an event: saving their first event needs no lookup."""
        self._locked: dict[str, EventRow | None] = {}
        """The event the thread lock query brought along, for the turn's first read of it (store/locking.py)."""

    def remember(self, thread_id: str, row: EventRow | None) -> None:
        """Keep the event the lock query read with the thread, so that the turn's first read costs no SELECT."""
        self._locked[thread_id] = row
        if row is None:
            self._absent.add(thread_id)
        else:
            self._loaded[row.id] = row

    def for_thread(self, thread_id: str) -> EventState | None:
        """The event of a thread (unique index on thread_id), or None; the first read after the thread lock is served
        from what the lock query brought along."""
        if thread_id in self._locked:
            row = self._locked.pop(thread_id)
            return None if row is None else EventState.model_validate(row.state)
        row = self.session.scalars(_FOR_THREAD, {"thread_id": thread_id}).first()
        if row is None:
            self._absent.add(thread_id)
            return None
        self._loaded[row.id] = row
        return EventState.model_validate(row.state)

    def forget(self) -> None:
        """Drop what this unit of work remembered of loaded rows (after a rollback they may be gone)."""
        self._loaded.clear()
        self._absent.clear()
        self._locked.clear()

    def get(self, event_id: str) -> EventState | None:
        """The event by id, or None."""
        row = self.session.get(EventRow, event_id)
        return None if row is None else EventState.model_validate(row.state)

    def save(self, state: EventState, at: datetime) -> None:
        """Insert or update the event document and its indexed columns (on PostgreSQL held until commit and sent as
        one upsert, store/writebehind.py)."""
        held = write_behind(self.session)
        if held is not None:
            self._hold(state, at)
        else:
            self._write(state, at)
        live = state.offer
        if state.locked_room_id and live is not None and live.status == "Accepted":
            HoldRepository(self.session).stop_clock(state.event_id)  # the live offer's acceptance stops the clock

    def _hold(self, state: EventState, at: datetime) -> None:
        values = {"id": state.event_id, "thread_id": state.thread_id, "status": state.status,
                  "chosen_date": state.chosen_date, "locked_room_id": state.locked_room_id,
                  "deposit_due_on": deposit_due_on(state), "state": state.model_dump(mode="json"), "updated_at": at}
        write_behind(self.session).hold("events", values)  # type: ignore[union-attr]
        row = self._loaded.get(state.event_id)
        if row is not None:  # a later read loads it again, after the held rows are sent (or dropped by a rollback)
            self.session.expire(row)

    def _write(self, state: EventState, at: datetime) -> None:
        row = self._loaded.get(state.event_id)
        if row is None and state.thread_id not in self._absent:
            row = self.session.get(EventRow, state.event_id)
        if row is None:
            row = EventRow(id=state.event_id, thread_id=state.thread_id)
            self.session.add(row)
        self._loaded[state.event_id] = row
        row.status = state.status
        row.chosen_date = state.chosen_date
        row.locked_room_id = state.locked_room_id
        row.deposit_due_on = deposit_due_on(state)
        row.state = state.model_dump(mode="json")
        row.updated_at = at
        self.session.flush()

    def list(
        self,
        status: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> builtins.list[EventState]:
        """One page of events filtered by status and/or chosen date (both indexed), ordered by date."""
        query = _filtered(select(EventRow), status, date_from, date_to)
        query = query.order_by(EventRow.chosen_date, EventRow.id).offset(offset).limit(limit)
        return [EventState.model_validate(row.state) for row in self.session.scalars(query)]

    def deposits_due(self, on: date, statuses: tuple[str, ...], limit: int = 200,
                     offset: int = 0) -> builtins.list[EventState]:
        """One page of the events in `statuses` owing a deposit or top-up due on or before `on` with no overdue task
        yet (`deposit_due_on`, indexed): what the `deposit_overdue` job has to look at, never every event."""
        query = (select(EventRow).where(EventRow.status.in_(statuses), EventRow.deposit_due_on <= on)
                 .order_by(EventRow.deposit_due_on, EventRow.id).offset(offset).limit(limit))
        return [EventState.model_validate(row.state) for row in self.session.scalars(query)]

    def count(self, status: str | None = None, date_from: date | None = None, date_to: date | None = None) -> int:
        """How many events match the filters, for the total beside a page."""
        query = _filtered(select(func.count()).select_from(EventRow), status, date_from, date_to)
        return int(self.session.execute(query).scalar_one())


def _filtered(query: Select[Any], status: str | None, date_from: date | None, date_to: date | None) -> Select[Any]:
    """The query restricted to one status and a chosen-date range (each optional)."""
    if status is not None:
        query = query.where(EventRow.status == status)
    if date_from is not None:
        query = query.where(EventRow.chosen_date >= date_from)
    if date_to is not None:
        query = query.where(EventRow.chosen_date <= date_to)
    return query
