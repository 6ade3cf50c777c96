"""Manager (HIL) tasks: created open, decided exactly once."""

from __future__ import annotations

import builtins
import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from venuedesk.store.models import HilTaskRow
from venuedesk.store.turn_reads import TaskDigest, all_task_digests, task_digest
from venuedesk.store.writebehind import write_behind

HIL_DECISIONS = frozenset({"approved", "edited", "rejected", "superseded"})
_OPEN_FOR_THREAD = (
    select(HilTaskRow)
    .where(HilTaskRow.thread_id == bindparam("thread_id"), HilTaskRow.status == "open")
    .order_by(HilTaskRow.created_at, HilTaskRow.id)
)
"""Built once: building and keying a statement costs more CPU than running it."""


class HilRepository:
    """Create, list and decide tasks; `decide` is a conditional update, so deciding twice is a no-op."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        thread_id: str,
        type: str,
        created_at: datetime,
        *,
        summary: str = "",
        draft: dict[str, Any] | None = None,
        draft_json: str | None = None,
        offer_id: str | None = None,
        offer_version: int | None = None,
        task_id: str | None = None,
    ) -> HilTaskRow:
        """Open a task (`draft_json`, JSON text, may replace `draft`); default ids are numbered per thread. On
        PostgreSQL the row is held until commit (store/writebehind.py) and the one returned is not in the session."""
        if draft is None and draft_json:
            draft = json.loads(draft_json)
        digest = task_digest(self.session, thread_id)
        if task_id is None:
            number = digest.total if digest is not None else self._count(thread_id)
            task_id = f"{thread_id}-hil-{number + 1}"
        values = {"id": task_id, "thread_id": thread_id, "type": type, "status": "open", "summary": summary,
                  "offer_id": offer_id, "offer_version": offer_version, "draft": draft, "created_at": created_at}
        row = HilTaskRow(**values, decision=None)
        held = write_behind(self.session)
        if held is not None:  # PostgreSQL: written with the turn's COMMIT, or before a read of tasks
            held.hold("hil_tasks", values)
        else:
            self.session.add(row)
            self.session.flush()
        if digest is not None:
            digest.total += 1
            digest.open_ids.add(task_id)
        return row

    def get(self, task_id: str) -> HilTaskRow | None:
        """The task, or None."""
        return self.session.get(HilTaskRow, task_id)

    def open_for_thread(self, thread_id: str) -> builtins.list[HilTaskRow]:
        """The thread's open tasks, oldest first; none without a query when the thread lock said so, and the ones read
        before in this transaction while no task was opened or closed since."""
        digest = task_digest(self.session, thread_id)
        if digest is None:
            return list(self.session.scalars(_OPEN_FOR_THREAD, {"thread_id": thread_id}))
        if not digest.open_ids:
            return []
        kept = digest.kept_open_rows()
        if kept is None:
            kept = digest.open_rows = list(self.session.scalars(_OPEN_FOR_THREAD, {"thread_id": thread_id}))
        return list(kept)

    def count_open(self, thread_id: str | None = None) -> int:
        """How many tasks are open, on one thread or overall (index on status); a locked thread's from its digest."""
        digest = task_digest(self.session, thread_id) if thread_id is not None else None
        if digest is not None:
            return len(digest.open_ids)
        query = select(func.count()).select_from(HilTaskRow).where(HilTaskRow.status == "open")
        if thread_id is not None:
            query = query.where(HilTaskRow.thread_id == thread_id)
        return int(self.session.execute(query).scalar_one())

    def decide(
        self, task_id: str, status: str, decision: dict[str, Any] | None, by: str, at: datetime
    ) -> bool:
        """Close an open task; False when it was already decided (or does not exist)."""
        if status not in HIL_DECISIONS:
            raise ValueError(f"unknown decision {status!r}; use one of {sorted(HIL_DECISIONS)}")
        statement = (
            update(HilTaskRow)
            .where(HilTaskRow.id == task_id, HilTaskRow.status == "open")
            .values(status=status, decision=decision, decided_by=by, decided_at=at)
            .execution_options(synchronize_session="fetch")
        )
        decided = bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]
        for digest in _digests(self.session, task_id):
            digest.open_ids.discard(task_id)
        return decided

    def is_open(self, task: HilTaskRow) -> bool:
        """Whether `task` (read before its thread was locked) is open now: the lock's digest answers when it lists the
        task as open, otherwise the row is read again."""
        digest = task_digest(self.session, task.thread_id)
        if digest is None or task.id not in digest.open_ids or task.status != "open":
            self.session.refresh(task)
        return task.status == "open"

    def list(
        self, status: str | None = None, limit: int = 200, *, offset: int = 0, newest_first: bool = False
    ) -> builtins.list[HilTaskRow]:
        """One page of tasks, oldest (or newest) first, optionally of one status (index on status, created_at)."""
        query = select(HilTaskRow)
        if status is not None:
            query = query.where(HilTaskRow.status == status)
        order = (HilTaskRow.created_at.desc(), HilTaskRow.id.desc()) if newest_first else (
            HilTaskRow.created_at, HilTaskRow.id)
        query = query.order_by(*order).offset(offset).limit(limit)
        return builtins.list(self.session.scalars(query))

    def count(self, status: str | None = None) -> int:
        """How many tasks there are (of one status), for the total beside a page."""
        query = select(func.count()).select_from(HilTaskRow)
        if status is not None:
            query = query.where(HilTaskRow.status == status)
        return int(self.session.execute(query).scalar_one())

    def due_reminders(self, opened_before: datetime, limit: int = 200) -> builtins.list[HilTaskRow]:
        """Open tasks created at or before `opened_before` whose client has not been reminded yet, oldest first."""
        query = (
            select(HilTaskRow)
            .where(HilTaskRow.status == "open", HilTaskRow.reminded_at.is_(None),
                   HilTaskRow.created_at <= opened_before)
            .order_by(HilTaskRow.created_at, HilTaskRow.id)
            .limit(limit)
        )
        return builtins.list(self.session.scalars(query))

    def mark_reminded(self, task_id: str, at: datetime) -> bool:
        """Record the one reminder of an open task; False when it was already reminded or is no longer open."""
        statement = (
            update(HilTaskRow)
            .where(HilTaskRow.id == task_id, HilTaskRow.status == "open", HilTaskRow.reminded_at.is_(None))
            .values(reminded_at=at)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def unnotified(self, now: datetime, limit: int = 200) -> builtins.list[HilTaskRow]:
        """Open tasks the manager was not mailed about yet and no worker is mailing at `now`, oldest first."""
        query = (
            select(HilTaskRow)
            .where(*_unnotified(now))
            .order_by(HilTaskRow.created_at, HilTaskRow.id)
            .limit(limit)
        )
        return builtins.list(self.session.scalars(query))

    def count_unnotified(self, now: datetime) -> int:
        """How many open tasks the manager was not mailed about yet (and no worker is mailing at `now`)."""
        query = select(func.count()).select_from(HilTaskRow).where(*_unnotified(now))
        return int(self.session.execute(query).scalar_one())

    def lock_unnotified(self, task_id: str, now: datetime) -> HilTaskRow | None:
        """The task, row-locked until commit, while it is open, not mailed yet and not being mailed at `now`; None
        otherwise (PostgreSQL skips a locked row; SQLite's BEGIN IMMEDIATE serialises writers)."""
        query = (
            select(HilTaskRow)
            .where(HilTaskRow.id == task_id, *_unnotified(now))
            .with_for_update(skip_locked=True)
        )
        return self.session.scalars(query).first()

    def claim_notice(self, task_id: str, until: datetime | None) -> bool:
        """Claim the task's mail for a send outside the transaction until `until` (None gives the claim back after a
        failed send); False when it was mailed meanwhile."""
        statement = (
            update(HilTaskRow)
            .where(HilTaskRow.id == task_id, HilTaskRow.notified_at.is_(None))
            .values(notify_lease_until=until)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def mark_notified(self, task_id: str, at: datetime) -> bool:
        """Record that the manager was mailed about the task; False when that was already recorded."""
        statement = (
            update(HilTaskRow)
            .where(HilTaskRow.id == task_id, HilTaskRow.notified_at.is_(None))
            .values(notified_at=at, notify_lease_until=None)
            .execution_options(synchronize_session="fetch")
        )
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def _count(self, thread_id: str) -> int:
        query = select(func.count()).select_from(HilTaskRow).where(HilTaskRow.thread_id == thread_id)
        return int(self.session.execute(query).scalar_one())


def _digests(session: Session, task_id: str) -> builtins.list[TaskDigest]:
    """The kept task digests that list `task_id` as open."""
    return [digest for digest in all_task_digests(session) if task_id in digest.open_ids]


def _unnotified(now: datetime) -> tuple[Any, ...]:
    """Open, not mailed, and no claim of a send still running at `now`."""
    return (HilTaskRow.status == "open", HilTaskRow.notified_at.is_(None),
            or_(HilTaskRow.notify_lease_until.is_(None), HilTaskRow.notify_lease_until <= now))
