"""The PostgreSQL backend: every registered job is a procrastinate task, deferred every few seconds by
procrastinate's periodic scheduler and run by `venuedesk worker` processes.

procrastinate defers each periodic tick once however many workers run (its `procrastinate_periodic_defers`
unique key, and our trigger that turns away a late worker's stale ticks: jobs/tick_guard.py), hands each queued
job to one worker (`FOR UPDATE SKIP LOCKED`), retries a failed job with backoff, and stops gracefully on SIGINT /
SIGTERM. The units of work inside a job are claimed in our own
tables as well, so a retried or overlapping job does nothing twice. This module imports procrastinate; only
`venuedesk worker` and its tests import it.

A worker killed in the middle of a job (`kill -9`, a lost machine) leaves that job `doing`. Each worker sends a
heartbeat every sixth of the lease (`VENUEDESK_JOB_LEASE_SECONDS`, 60 s unless set), and the periodic
`stalled_jobs` task hands every job of a worker silent for longer than the lease back to the queue, or, when a
newer tick of the same job already waits (its queueing lock), ends it as `failed`: that tick does the work. Either
way each job reaches one final state once (docs/crashes.md).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import procrastinate
from procrastinate import exceptions as queue_errors
from procrastinate.jobs import Status
from procrastinate.schema import SchemaManager
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url

from venuedesk.calendars.caldav_push import CalendarWriter
from venuedesk.calendars.ports import CalendarReader
from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.jobs.base import JOBS, JobDeps, deps_for_engine
from venuedesk.jobs.catalogue_deps import CatalogueDeps, DepsSource, resolve
from venuedesk.jobs.delivery import DeliveryPort
from venuedesk.jobs.manager_port import ManagerMail
from venuedesk.jobs.scheduler import run_job
from venuedesk.jobs.tick_guard import install_tick_guard
from venuedesk.store.locking import migration_lock

QUEUE = "venuedesk"
TASK_PREFIX = "venuedesk."
RETRY = procrastinate.RetryStrategy(max_attempts=5, exponential_wait=2)
REAPER = "stalled_jobs"
LEASE_ENV = "VENUEDESK_JOB_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 60.0
log = logging.getLogger(__name__)


def conninfo(url: str | URL) -> str:
    """The libpq URI procrastinate's psycopg connector takes, from our SQLAlchemy URL (query options kept)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"the job queue needs PostgreSQL; {parsed.get_backend_name()} URLs run jobs in-process")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def cron_every(seconds: int) -> str:
    """A procrastinate cron (6th field: seconds) that fires every `seconds` (1–59) seconds."""
    if not 1 <= seconds <= 59:
        raise ValueError(f"every must be 1–59 seconds, got {seconds}")
    return f"* * * * * */{seconds}"


def ensure_queue_schema(engine: Engine) -> bool:
    """Apply procrastinate's own schema once, then our guard that defers each periodic tick once
    (jobs/tick_guard.py), both under the migration lock; True when the schema was applied now."""
    with engine.begin() as connection:
        migration_lock(connection)
        applied = connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is None
        if applied:
            cursor = connection.connection.cursor()
            cursor.execute(SchemaManager.get_schema())
            cursor.close()
        install_tick_guard(connection)
    if applied:
        log.info("applied the procrastinate job queue schema")
    return applied


def lease_seconds() -> float:
    """How long a worker may be silent before its running jobs go back to the queue (VENUEDESK_JOB_LEASE_SECONDS)."""
    raw = os.environ.get(LEASE_ENV, "").strip()
    lease = float(raw) if raw else DEFAULT_LEASE_SECONDS
    if lease < 1:
        raise ValueError(f"{LEASE_ENV} must be at least 1 second, got {raw!r}")
    return lease


def build_app(url: str | URL, deps: DepsSource, clock: Clock, every: int = 5,
              lease: float = DEFAULT_LEASE_SECONDS,
              other_venues: Callable[[], list[JobDeps]] | None = None) -> procrastinate.App:
    """A procrastinate App whose tasks are the registered jobs, each deferred periodically every `every` s, and the
    `stalled_jobs` reaper, deferred as often, that re-queues the jobs of workers silent for `lease` seconds; `deps`
    is the jobs' dependencies or where to get them before each run (`CatalogueDeps.current`); `other_venues` gives
    those of the install's other venues, whose units each run does after the first venue's (docs/tenancy.md)."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))
    for name in JOBS:
        task = app.task(name=TASK_PREFIX + name, queue=QUEUE, retry=RETRY, queueing_lock=TASK_PREFIX + name,
                        pass_context=False)(_job_function(deps, clock, name, other_venues))
        app.periodic(cron=cron_every(every), periodic_id=name)(task)
    reaper = app.task(name=TASK_PREFIX + REAPER, queue=QUEUE, queueing_lock=TASK_PREFIX + REAPER,
                      pass_context=False)(_reaper_function(app, lease))
    app.periodic(cron=cron_every(every), periodic_id=REAPER)(reaper)
    return app


def _reaper_function(app: procrastinate.App, lease: float) -> Any:
    async def stalled_jobs(timestamp: int) -> dict[str, int]:
        return {**await requeue_stalled(app, lease), "tick": timestamp}

    return stalled_jobs


async def requeue_stalled(app: procrastinate.App, lease: float) -> dict[str, int]:
    """Give each `doing` job of a worker silent for `lease` seconds (or gone) back to the queue once; a job whose
    newer tick already waits is ended as `failed` instead. Another reaper that got there first is not an error."""
    requeued = superseded = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=lease, queue=QUEUE):
        try:
            await app.job_manager.retry_job(job)
            requeued, outcome = requeued + 1, "re-queued"
        except queue_errors.UniqueViolation:
            await _finish_superseded(app, job)
            superseded, outcome = superseded + 1, "a newer tick waits: ended as failed"
        except queue_errors.ConnectorException:  # finished or re-queued meanwhile (by its worker, another reaper)
            continue
        log.warning("job %s (%s) of a stalled worker: %s", job.id, job.task_name, outcome)
    return {"requeued": requeued, "superseded": superseded}


async def _finish_superseded(app: procrastinate.App, job: Any) -> None:
    """End a stalled job whose newer tick waits in the queue (that tick does its work) as failed, once."""
    try:
        await app.job_manager.finish_job(job, Status.FAILED, delete_job=False)
    except queue_errors.ConnectorException:  # finished meanwhile
        pass


def _job_function(deps: DepsSource, clock: Clock, name: str,
                  other_venues: Callable[[], list[JobDeps]] | None = None) -> Any:
    def run(timestamp: int) -> dict[str, int]:
        reports = [run_job(each, clock, name) for each in [resolve(deps), *(other_venues() if other_venues else [])]]
        return {"done": sum(r.done for r in reports), "failed": sum(r.failed for r in reports), "tick": timestamp}

    run.__name__ = name
    run.__qualname__ = name
    return run


def run_worker(
    url: str, clock: Clock, *, every: int = 5, concurrency: int = 1, name: str | None = None,
    delivery_for: Callable[[Venue, str], DeliveryPort] | None = None,
    manager_mail_for: Callable[[Venue, str, Engine], ManagerMail | None] | None = None,
    calendar_writer_for: Callable[[Venue], CalendarWriter | None] | None = None,
    calendars_for: Callable[[Venue], CalendarReader] | None = None, graceful_timeout: float = 20.0,
    forget_files: Callable[[str], object] | None = None,
) -> None:
    """Migrate, apply the queue schema, then run a procrastinate worker on the jobs queue until stopped; outbox rows
    go to `delivery_for(venue, venue_id)` when given (the CLI's mail-aware transport), else in-app; the manager's
    mails go through `manager_mail_for(venue, venue_id, engine)` when given (the engine reads the venue's From);
    holds are written to the rooms' push calendars through `calendar_writer_for(venue)` when given, and a 2nd
    option is promoted only into a room its calendars leave free
    (`calendars_for(venue)`); the retention job deletes an erased thread's files with `forget_files`. On SIGTERM the
    jobs under way get `graceful_timeout` seconds to finish."""
    from venuedesk.store.db import ensure_ready
    from venuedesk.store.tenancy import DEFAULT_VENUE
    from venuedesk.store.venues import list_venues

    engine = ensure_ready(url)
    ensure_queue_schema(engine)

    def rebuild_for(venue_id: str) -> Callable[[JobDeps, Venue], JobDeps]:
        def rebuild(deps: JobDeps, venue: Venue) -> JobDeps:
            deps = dataclasses.replace(deps, venue=venue)
            if delivery_for is not None:
                deps = dataclasses.replace(deps, delivery=delivery_for(venue, venue_id))
            if manager_mail_for is not None:
                deps = dataclasses.replace(deps, manager_mail=manager_mail_for(venue, venue_id, engine))
            if calendar_writer_for is not None:
                deps = dataclasses.replace(deps, calendar_writer=calendar_writer_for(venue))
            if calendars_for is not None:
                deps = dataclasses.replace(deps, calendars=calendars_for(venue))
            return deps
        return rebuild

    rebuild = rebuild_for(DEFAULT_VENUE)
    first = dataclasses.replace(deps_for_engine(engine), forget_files=forget_files)
    deps = CatalogueDeps(rebuild(first, first.venue), rebuild)
    others: dict[str, CatalogueDeps] = {}

    def other_venues() -> list[JobDeps]:
        """The other venues' dependencies, a venue added since the worker started included."""
        for row in list_venues(engine):
            if row.id != DEFAULT_VENUE and row.id not in others:
                fresh = deps_for_engine(engine, venue_id=row.id)
                others[row.id] = CatalogueDeps(rebuild_for(row.id)(fresh, fresh.venue), rebuild_for(row.id))
        return [each.current() for each in others.values()]

    lease = lease_seconds()
    app = build_app(url, deps.current, clock, every, lease, other_venues)
    print(f"venuedesk worker{f' {name}' if name else ''}: running {', '.join(JOBS)} every {every} s on "
          f"procrastinate (queue {QUEUE!r}); stop with Ctrl+C or SIGTERM", file=sys.stderr, flush=True)
    try:
        app.run_worker(queues=[QUEUE], concurrency=concurrency, name=name, install_signal_handlers=True,
                       update_heartbeat_interval=max(0.5, lease / 6), stalled_worker_timeout=lease,
                       shutdown_graceful_timeout=graceful_timeout)
    finally:
        engine.dispose()
