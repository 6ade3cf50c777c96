"""Job `calendar_push` (issue 11, docs/calendars.md "Pushing back"): each room's push calendar shows the room's
holds (TENTATIVE) and confirmed bookings (CONFIRMED) from today on, written once, updated in place and removed
when the hold is released, lapses, is cancelled or moves to another room.

Once a minute (the minute is claimed in `job_marks`, so one worker sweeps it) the plan compares the bookings with
`calendar_pushes` and each missing write is done in three steps: the row is claimed for `WRITE_LEASE` in a short
transaction, the entry is written to the calendar outside any transaction (a slow or down calendar holds no
database lock and never delays a client's turn), and the write is recorded in a second short transaction. A worker
that dies between the write and its record leaves the lease to run out; the next sweep writes the same UID to the
same resource again, which replaces it: never two entries. A failed write waits out the backoff (`attempts`,
`last_error`) and the rest of that calendar waits for the next sweep; a calendar whose variables are unset is
"not configured" (the row names the variable) and nothing is sent to it. Without a push calendar or a writer the
job is never due and reads nothing.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from venuedesk import faults
from venuedesk.calendars.caldav_push import CalendarWriter, push_sources
from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.calendar_plan import PushUnit, needs_write, plan
from venuedesk.store.models import CalendarPushRow

NAME = "calendar_push"
EVERY = timedelta(minutes=1)
WRITE_LEASE = timedelta(minutes=5)  # longer than any write's timeout: a claimed row is not written twice at once
MAX_WRITES_PER_RUN = 200
log = logging.getLogger(__name__)

_said: set[tuple[str, str]] = set()
_said_lock = threading.Lock()


def _writer(deps: JobDeps) -> CalendarWriter | None:
    """The writer when the venue has a push calendar and one is wired; else None (nothing to do)."""
    if deps.calendar_writer is None or not push_sources(deps.venue):
        return None
    return deps.calendar_writer


def minute_mark(now: datetime) -> str:
    """The sweep's period: the minute, as ISO text."""
    return now.strftime("%Y-%m-%dT%H:%M")


def count_due(deps: JobDeps, clock: Clock) -> int:
    """1 when this minute's sweep has not run yet; 0 (without a query) when nothing is pushed."""
    if _writer(deps) is None:
        return 0
    with deps.read(clock) as uow:
        return int(uow.marks.get(NAME) != minute_mark(clock.now()))


def run_sweep(deps: JobDeps, clock: Clock) -> JobReport:
    """Claim this minute, then push what the calendars miss; nothing when the minute was swept already."""
    if _writer(deps) is None:
        return JobReport(NAME)
    with deps.uow(clock) as uow:
        if not uow.marks.claim(NAME, minute_mark(clock.now()), clock.now()):
            return JobReport(NAME)
        uow.commit()
    return push_all(deps, clock)


def push_all(deps: JobDeps, clock: Clock) -> JobReport:
    """Do every write the plan finds missing once (at most MAX_WRITES_PER_RUN; the next sweep does the rest); a
    calendar that fails is left until the next sweep."""
    report = JobReport(NAME)
    writer = _writer(deps)
    if writer is None:
        return report
    with deps.read(clock) as uow:
        units = plan(uow, deps.venue, clock.now())
    failed_sources: set[str] = set()
    for unit in units[:MAX_WRITES_PER_RUN]:
        if unit.source.id not in failed_sources and not _push(deps, clock, writer, unit, report):
            failed_sources.add(unit.source.id)
    return report


def _push(deps: JobDeps, clock: Clock, writer: CalendarWriter, unit: PushUnit, report: JobReport) -> bool:
    """Claim, write and record one unit; False when the calendar failed (its other units wait)."""
    problem = writer.problem(unit.source)
    with deps.uow(clock) as uow:
        now = clock.now()
        row = uow.calendar_pushes.ensure(unit.source.id, unit.uid, unit.event_id, unit.room_id)
        if problem is not None:
            uow.calendar_pushes.note_problem(row.id, problem)
            uow.commit()
            _say_once(unit.source.id, problem)
            return True
        if not needs_write(row, unit.item):  # another worker wrote it since the plan
            return True
        lease = now + WRITE_LEASE
        if not uow.calendar_pushes.claim(row.id, now, lease):  # being written, or backing off
            return True
        row_id, sequence = row.id, _sequence(row)
        uow.commit()
    try:
        if unit.item is None:
            writer.delete(unit.source, unit.uid)
        else:
            writer.put(unit.source, unit.uid, unit.item.to_ics(sequence, now))
    except Exception as exc:  # any failure of the calendar: one failed attempt, retried after the backoff
        _failed(deps, clock, unit, row_id, lease, exc, report)
        return False
    faults.point("job.after_effect_before_finalise", subject=NAME)
    with deps.uow(clock) as uow:
        item = unit.item
        uow.calendar_pushes.mark_written(
            row_id, lease, state="removed" if item is None else item.state,
            content_hash=None if item is None else item.content_hash, sequence=sequence,
            day=None if item is None else item.day, now=clock.now())
        uow.commit()
    report.done += 1
    log.info("job %s: %s %s in calendar %s", NAME, "removed" if unit.item is None else f"wrote {unit.item.state}",
             unit.uid, unit.source.id, extra={"calendar": unit.source.id, "uid": unit.uid, "sequence": sequence})
    return True


def _sequence(row: CalendarPushRow) -> int:
    """The SEQUENCE of the next write: 0 for an entry never written, else one more than the last."""
    return 0 if row.pushed_at is None else row.sequence + 1


def _failed(deps: JobDeps, clock: Clock, unit: PushUnit, row_id: int, lease: datetime, exc: Exception,
            report: JobReport) -> None:
    """Record a failed write and when to try again (the backoff, at most its cap apart, never giving up)."""
    now = clock.now()
    with deps.uow(clock) as uow:
        row = uow.calendar_pushes.get(unit.source.id, unit.uid)
        attempt = (row.attempts if row is not None else 0) + 1
        retry_at = deps.backoff.retry_at(attempt, now) or now + deps.backoff.cap
        uow.calendar_pushes.record_failure(row_id, lease, f"{type(exc).__name__}: {exc}", retry_at)
        uow.commit()
    report.failed += 1
    log.warning("job %s: writing %s to calendar %s failed (attempt %s: %s); next attempt at %s", NAME, unit.uid,
                unit.source.id, attempt, exc, retry_at.isoformat(),
                extra={"calendar": unit.source.id, "uid": unit.uid, "attempt": attempt})


def _say_once(source_id: str, problem: str) -> None:
    """Log a calendar's configuration problem once per process."""
    with _said_lock:
        if (source_id, problem) in _said:
            return
        _said.add((source_id, problem))
    log.warning("job %s: %s; its entries wait", NAME, problem, extra={"calendar": source_id})


CALENDAR_PUSH = register(Job(NAME, due=count_due, run=run_sweep,
                             description="write holds and confirmed bookings into the rooms' push calendars once"))
