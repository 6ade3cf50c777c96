"""Job `retention` (docs/privacy.md): a booking that ended (Lost or Cancelled) and has not changed for
`VENUEDESK_RETENTION_DAYS` days is anonymised like a manager's erasure (`store/privacy.erase_thread`: its ChatKit
items and attachments go too), and its mail files under `$VENUEDESK_HOME/attachments/<thread>` are deleted
(`JobDeps.forget_files`); unset or 0, nothing is. Each thread is done under its lock in its own unit of work; the
database files are then purged (`store/purge.py`) once per run that erased something.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from sqlalchemy import select

from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, UnitDone, register, run_units
from venuedesk.store.models import EventRow
from venuedesk.store.privacy import CLOSED_STATUSES, erase_thread, expired_threads
from venuedesk.store.purge import purge_free_pages
from venuedesk.store.uow import UnitOfWork

NAME = "retention"
RETENTION_ENV = "VENUEDESK_RETENTION_DAYS"
PAGE = 100
log = logging.getLogger(__name__)


def retention_days() -> int | None:
    """The period from `VENUEDESK_RETENTION_DAYS` (whole days, at least 1); None when unset, 0 or not a number."""
    raw = os.environ.get(RETENTION_ENV, "").strip()
    try:
        days = int(raw)
    except ValueError:
        if raw:
            log.warning("%s=%r is not a whole number of days: retention is off", RETENTION_ENV, raw)
        return None
    return days if days > 0 else None


def _due_threads(deps: JobDeps, clock: Clock) -> list[str]:
    days = retention_days()
    if days is None:
        return []
    with deps.read(clock) as uow:
        return expired_threads(uow.session, clock.now() - timedelta(days=days), PAGE)


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Ended bookings older than the retention period (one page at most); 0 when retention is off."""
    return len(_due_threads(deps, clock))


def anonymise_expired(deps: JobDeps, clock: Clock) -> JobReport:
    """Anonymise each ended booking past the period, under its thread lock, and delete its mail files once that is
    committed; then purge the erased rows from the database files (`store/purge.py`)."""
    report = run_units(deps, clock, NAME, _due_threads(deps, clock),
                       lambda uow, thread_id: _erase(uow, clock, thread_id, deps.forget_files))
    if report.done:
        with deps.uow(clock) as uow:
            engine = uow.session.get_bind()
        purge_free_pages(engine.engine)
    return report


def _erase(uow: UnitOfWork, clock: Clock, thread_id: str,
           forget_files: Callable[[str], object] | None) -> UnitDone | None:
    uow.lock_thread(thread_id)
    days = retention_days()
    event = uow.session.scalars(select(EventRow).where(EventRow.thread_id == thread_id)).first()
    if days is None or event is None or event.status not in CLOSED_STATUSES \
            or event.updated_at >= clock.now() - timedelta(days=days):
        return None  # changed since it was found, or retention was switched off
    erase_thread(uow.session, thread_id, clock.now(), NAME, reason=f"retention: ended over {days} days ago")
    return UnitDone(after_commit=None if forget_files is None else partial(forget_files, thread_id))


RETENTION = register(Job(NAME, due=count_due, run=anonymise_expired,
                         description="anonymise bookings that ended (Lost, Cancelled) over VENUEDESK_RETENTION_DAYS ago"))
