"""Job `manager_notify` (docs/design.md §4.8): each new open HIL task is mailed to the venue's manager once, with
its context, the draft and the approve / edit-in-console / reject links.

A task is read and its mail composed while its row is locked, then the task is claimed for `SEND_LEASE` and the
transaction commits; the mail goes to the server outside any transaction (no database lock is held while the server
answers), and `notified_at` is set in a second short one. A send that fails gives the claim back, so the next run
tries again (the run stops there: the mail server is likely down); a worker that dies mid-send leaves the claim to
run out and the same mail (its Message-ID names the task) is sent again. Without `VENUEDESK_MANAGER_EMAIL` the job
does nothing (said once in the log).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from venuedesk import faults
from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.manager_port import active
from venuedesk.workflow.manager_notices import task_notice

NAME = "manager_notify"
MAX_TASKS_PER_RUN = 50
SEND_LEASE = timedelta(minutes=10)
log = logging.getLogger(__name__)


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Open tasks not mailed yet (0 when manager notifications are off)."""
    if active(deps.manager_mail, NAME) is None:
        return 0
    with deps.read(clock) as uow:
        return uow.hil.count_unnotified(clock.now())


def notify_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Mail each open, unmailed task once, oldest first (at most MAX_TASKS_PER_RUN; the next run takes the rest)."""
    report = JobReport(NAME)
    mail = active(deps.manager_mail, NAME)
    if mail is None:
        return report
    with deps.read(clock) as uow:
        task_ids = [row.id for row in uow.hil.unnotified(clock.now(), MAX_TASKS_PER_RUN)]
    for task_id in task_ids:
        with deps.uow(clock) as uow:
            row = uow.hil.lock_unnotified(task_id, clock.now())
            if row is None:  # decided meanwhile, or mailed (or being mailed) by another worker
                continue
            notice = task_notice(row, deps.venue, mail.language)
            uow.hil.claim_notice(task_id, clock.now() + SEND_LEASE)
            uow.commit()
        try:
            mail.send_task(notice)
        except Exception as exc:  # any transport failure: the claim is given back for the next run
            with deps.uow(clock) as uow:
                uow.hil.claim_notice(task_id, None)
                uow.commit()
            report.failed += 1
            log.warning("job %s: mailing task %s to the manager failed (%s); retried on the next run",
                        NAME, task_id, type(exc).__name__)
            break
        faults.point("job.after_effect_before_finalise", subject=NAME)
        with deps.uow(clock) as uow:
            uow.hil.mark_notified(task_id, clock.now())
            uow.commit()
        report.done += 1
    return report


MANAGER_NOTIFY = register(Job(NAME, due=count_due, run=notify_due,
                              description="mail each new manager task once to VENUEDESK_MANAGER_EMAIL"))
