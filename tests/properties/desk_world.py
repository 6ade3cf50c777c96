"""One desk on its own SQLite copy of the seeded demo venue, with a frozen clock, the jobs and a check of every
invariant in `desk_invariants` over the whole database: what each example of a property test runs against."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk_invariants import (
    Hold,
    check_confirmed_has_room,
    check_event_money,
    check_holds_do_not_overlap,
    check_one_footer,
)
from venuedesk.clock import FrozenClock, to_venue_time
from venuedesk.domain.event import EventState
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import InAppDelivery
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.db import make_engine
from venuedesk.store.models import BookingRow, EventRow, MessageRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.reply import Reply

START = datetime(2026, 3, 2, 9, 0)  # four weeks before the switch to summer time (29 March 2026, Europe/Zurich)


@dataclass
class DeskWorld:
    """A desk, its clock and its database; `replies` are the replies the steps got back, checked once each."""

    folder: Path
    clock: FrozenClock
    desk: Desk
    jobs: JobDeps
    replies: list[Reply] = field(default_factory=list)
    seen_message_id: int = 0
    refused: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, template: Path) -> DeskWorld:
        """A fresh copy of the seeded template and a desk on it at `START`, venue time."""
        folder = Path(tempfile.mkdtemp(prefix="venuedesk-props-"))
        shutil.copyfile(template, folder / "desk.sqlite3")
        engine = make_engine(f"sqlite:///{folder / 'desk.sqlite3'}")
        clock = FrozenClock(to_venue_time(START))
        desk = Desk(engine, clock, id_seed=0)
        jobs = JobDeps(sessions=desk._sessions, venue=desk.venue, delivery=InAppDelivery(), calendars=desk.calendars)
        return cls(folder, clock, desk, jobs)

    def close(self) -> None:
        """Dispose of the engine and delete the database."""
        self.desk.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def attempt(self, step: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one desk call; a `DeskError` (a stale button, a task already decided, a wrong amount) is the desk
        refusing clearly, which is allowed: it is recorded, not raised."""
        try:
            reply = step(*args, **kwargs)
        except DeskError as refused:
            self.refused.append(f"{type(refused).__name__}: {refused}")
            return None
        if isinstance(reply, Reply):
            self.replies.append(reply)
        elif getattr(reply, "reply", None) is not None:
            self.replies.append(reply.reply)
        return reply

    def move_clock(self, hours: float) -> None:
        """Let `hours` of real time pass (UTC arithmetic, so a day across the DST switch is 24 h, not 23 or 25)."""
        later = self.clock.now().astimezone(UTC) + timedelta(hours=hours)
        self.clock.set(later)

    def run_jobs(self) -> None:
        """Run every job due at the clock's time (expiry, warnings, promotions, reminders, deliveries)."""
        for report in run_due(self.jobs, self.clock):
            self.replies.extend(Reply.model_validate(sent) for sent in report.sent)

    def tasks(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        """Open manager tasks, oldest first (of one thread, or all)."""
        return self.desk.open_tasks(thread_id)

    def event(self, thread_id: str) -> dict[str, Any] | None:
        """The thread's public event view."""
        return self.desk.event_view(thread_id)

    def check(self) -> list[EventState]:
        """Every invariant over the whole database, and the footer of every reply not yet checked (returned by a
        step, or stored as sent by anything: promotions, job notices, threads spawned for new inquiries); returns
        the events it read."""
        now = self.clock.now()
        with self.desk.uow() as uow:
            holds = [Hold(row.event_id, row.room_id, row.date, row.start_min, row.end_min, row.status, row.expires_at)
                     for row in uow.session.scalars(select(BookingRow))]
            events = [EventState.model_validate(row.state) for row in uow.session.scalars(select(EventRow))]
            stored = list(uow.session.scalars(
                select(MessageRow).where(MessageRow.id > self.seen_message_id).order_by(MessageRow.id)))
        check_holds_do_not_overlap(holds, now)
        check_confirmed_has_room(events, holds)
        for event in events:
            check_event_money(event)
        sent = [Reply.model_validate(row.reply) for row in stored if row.role == "desk" and row.reply]
        for reply in [*self.replies, *sent]:
            check_one_footer(reply)
        self.replies.clear()
        if stored:
            self.seen_message_id = stored[-1].id
        return events
