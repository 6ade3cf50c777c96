"""The scheduler: which registered jobs have due work at the injected clock's time, and running them."""

from __future__ import annotations

import logging

from venuedesk.clock import Clock
from venuedesk.jobs import (  # noqa: F401 - importing registers them, in run order
    calendar_push,
    deposit_overdue,
    function_sheet_pdf,
    hil_reminder,
    manager_digest,
    manager_notify,
    offer_pdf,
    option_expiry,
    option_promotion,
    option_warning,
    outbox_delivery,
    retention,
)
from venuedesk.jobs.base import JOBS, Job, JobDeps, JobReport

log = logging.getLogger(__name__)


def job(name: str) -> Job:
    """The registered job `name`; a clear error lists the known ones."""
    try:
        return JOBS[name]
    except KeyError:
        raise KeyError(f"no job named {name!r}; the jobs are {', '.join(JOBS)}") from None


def run_job(deps: JobDeps, clock: Clock, name: str) -> JobReport:
    """Run one job by name (what a queue worker calls); safe to repeat: done units are not done again."""
    report = job(name).run(deps, clock)
    if report.done or report.failed:
        log.info("job %s: %s done, %s failed", name, report.done, report.failed)
    return report


def run_due(deps: JobDeps, clock: Clock) -> list[JobReport]:
    """Run every job that has due work, in registry order with `outbox_delivery` last (whichever module was imported
    first); each job's due count is taken just before it runs, so a reminder queued by `hil_reminder` is delivered
    by `outbox_delivery` in the same pass. A job that raises is logged and reported as failed, and the pass goes on:
    one job's error never keeps the others (the client's mail among them) from running; the unit it failed on was
    rolled back, so that job finds it due again on a later pass."""
    ordered = sorted(JOBS.values(), key=lambda registered: registered.name == outbox_delivery.NAME)
    reports = []
    for registered in ordered:
        try:
            if registered.due(deps, clock) > 0:
                reports.append(run_job(deps, clock, registered.name))
        except Exception as exc:  # isolate the job: the next ones still run
            log.exception("job %s failed: %s; the other jobs go on", registered.name, type(exc).__name__)
            reports.append(JobReport(registered.name, failed=1))
    return reports
