"""Job `manager_digest` (docs/design.md §4.13): once a day, from the manager's digest hour (venue time, Europe/
Zurich, by the injected clock; 07:00 unless set), one mail listing the open tasks oldest first with their age and
the options lapsing within 48 h.

The day is claimed in `job_marks` (a conditional write naming the date) and the digest composed in one short
transaction; the mail is sent after the commit (no database lock is held while the server answers), and a send that
fails gives the day back so the next run tries again. A day with nothing open and nothing lapsing is
claimed without a mail. Without `VENUEDESK_MANAGER_EMAIL` the job does nothing (said once in the log).

At most once (docs/crashes.md): the claim is the idempotency key. A run that fails or dies after the send, and its
retry, find the day claimed and send nothing; a worker that dies between the claim and the send loses that day's
digest; a server that took the mail and then refused the goodbye counts as sent. Should a send fail only after the
server took it (a reply lost on the wire), the retry carries the same Message-ID (`vd.digest.<day>`).
"""

from __future__ import annotations

import logging
from datetime import date

from venuedesk import faults
from venuedesk.clock import VENUE_TZ, Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.manager_port import ManagerMail, active
from venuedesk.workflow.manager_notices import digest

NAME = "manager_digest"
log = logging.getLogger(__name__)


def due_day(mail: ManagerMail, clock: Clock) -> date | None:
    """The venue day whose digest may go out now: today once its digest hour has come, else None."""
    now = clock.now().astimezone(VENUE_TZ)
    return now.date() if now.hour >= mail.digest_hour else None


def count_due(deps: JobDeps, clock: Clock) -> int:
    """1 when today's digest is due and not claimed yet, else 0 (also when manager notifications are off)."""
    mail = active(deps.manager_mail, NAME)
    day = None if mail is None else due_day(mail, clock)
    if day is None:
        return 0
    with deps.read(clock) as uow:
        return int(uow.marks.get(NAME) != day.isoformat())


def send_digest(deps: JobDeps, clock: Clock) -> JobReport:
    """Claim today, then mail its digest after the commit; nothing when it is not due or already claimed."""
    report = JobReport(NAME)
    mail = active(deps.manager_mail, NAME)
    day = None if mail is None else due_day(mail, clock)
    if mail is None or day is None:
        return report
    with deps.uow(clock) as uow:
        now = clock.now()
        previous = uow.marks.get(NAME)
        if not uow.marks.claim(NAME, day.isoformat(), now):
            return report
        today = digest(uow, deps.venue, mail.language, now.astimezone(VENUE_TZ))
        uow.commit()
    if not today.empty:
        try:
            mail.send_digest(today)
        except Exception as exc:  # any transport failure: the day is given back for the next run
            with deps.uow(clock) as uow:
                uow.marks.give_back(NAME, day.isoformat(), previous)
                uow.commit()
            report.failed += 1
            log.warning("job %s: mailing the digest of %s failed (%s); retried on the next run",
                        NAME, day.isoformat(), type(exc).__name__)
            return report
    faults.point("job.after_effect_before_finalise", subject=NAME)
    report.done += 1
    return report


MANAGER_DIGEST = register(Job(NAME, due=count_due, run=send_digest,
                              description="mail the manager a daily digest of open tasks and options lapsing soon"))
