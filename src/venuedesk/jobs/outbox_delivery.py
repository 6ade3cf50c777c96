"""Job `outbox_delivery`: hand each due pending outbox row to the delivery port exactly once.

Each row is one unit of work: it is locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's BEGIN IMMEDIATE
serialises writers), handed to the port and marked `sent` in the same transaction, so two workers never deliver
the same row. A failed attempt waits out a bounded exponential backoff on the injected clock; after the last
attempt, or at once when the transport says retrying cannot help (`DeliveryRefused`), the row ends as `failed`
with the error kept.
"""

from __future__ import annotations

import logging

from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.delivery import Delivery, DeliveryRefused

NAME = "outbox_delivery"
MAX_ROWS_PER_RUN = 500
log = logging.getLogger(__name__)


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Pending rows whose next attempt is due now."""
    with deps.uow(clock) as uow:
        return uow.outbox.count_due(clock.now())


def deliver_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Deliver every due row once (at most MAX_ROWS_PER_RUN per run; the next run takes the rest)."""
    report = JobReport(NAME)
    for _ in range(MAX_ROWS_PER_RUN):
        with deps.uow(clock) as uow:
            now = clock.now()
            row = uow.outbox.next_due(now)
            if row is None:
                break
            delivery = Delivery(outbox_id=row.id, thread_id=row.thread_id, channel=row.channel, reply=row.reply,
                                attempt=row.attempts + 1, uow=uow)
            try:
                deps.delivery.deliver(delivery)
            except Exception as exc:  # any transport failure is one failed attempt, retried later
                retry_at = None if isinstance(exc, DeliveryRefused) else deps.backoff.retry_at(delivery.attempt, now)
                uow.outbox.record_failure(row.id, f"{type(exc).__name__}: {exc}", retry_at)
                report.failed += 1
                (log.warning if retry_at else log.error)(
                    "outbox row %s: delivery attempt %s failed (%s); %s", row.id, delivery.attempt, exc,
                    f"next attempt at {retry_at.isoformat()}" if retry_at else "no further attempt: failed")
            else:
                uow.outbox.mark_sent(row.id, now)
                report.done += 1
            uow.commit()
    return report


OUTBOX_DELIVERY = register(Job(NAME, due=count_due, run=deliver_due,
                               description="deliver pending replies once; back off and finally fail"))
