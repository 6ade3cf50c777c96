"""Job `outbox_delivery`: hand each due pending outbox row to the delivery port exactly once.

Due rows are taken in batches of up to BATCH_ROWS, each batch in one transaction: its rows are locked (`FOR UPDATE
SKIP LOCKED` on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers) and handed to the port one by one. The in-app
rows are delivered and marked `sent` in that same transaction (one UPDATE for the batch). A row that leaves over
the network (email) ends its batch: it is prepared (composed) in the transaction and claimed for `SEND_LEASE`, then
sent after the commit, so no database lock is held while a mail server answers, and marked `sent` in a second transaction; two
workers never send it at once (the claim pushes its next attempt past the lease), and should the worker die
between the send and the mark, the lease runs out and the same mail (the same Message-ID) is sent again. A failed attempt waits out a bounded exponential backoff on the injected clock; after the last
attempt, or at once when the transport says retrying cannot help (`DeliveryRefused`), the row ends as `failed`
with the error kept.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from venuedesk import faults
from venuedesk.clock import Clock
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.delivery import Delivery, DeliveryRefused, Send, prepare
from venuedesk.store.models import OutboxRow
from venuedesk.store.uow import UnitOfWork

NAME = "outbox_delivery"
MAX_ROWS_PER_RUN = 500
BATCH_ROWS = 50  # rows per transaction: one lock for many rows, yet short enough not to hold up a client's turn
SEND_LEASE = timedelta(minutes=10)  # longer than any SMTP timeout: a claimed row is not tried again before
log = logging.getLogger(__name__)


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Pending rows whose next attempt is due now."""
    with deps.read(clock) as uow:
        return uow.outbox.count_due(clock.now())


def deliver_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Deliver every due row once (at most MAX_ROWS_PER_RUN per run; the next run takes the rest), up to BATCH_ROWS
    rows to a transaction: one write lock (SQLite) finalises a batch of in-app rows instead of one row each."""
    report = JobReport(NAME)
    left = MAX_ROWS_PER_RUN
    while left > 0:
        with deps.uow(clock) as uow:
            rows = uow.outbox.due(clock.now(), min(BATCH_ROWS, left))
            if not rows:
                break
            handled, claimed = _deliver_batch(deps, uow, rows, clock.now(), report)
            left -= handled
            uow.commit()
        if claimed is not None:
            _send_claimed(deps, clock, *claimed, report)
    return report


def _deliver_batch(deps: JobDeps, uow: UnitOfWork, rows: list[OutboxRow], now: datetime,
                   report: JobReport) -> tuple[int, tuple[Delivery, Send] | None]:
    """In the batch's transaction: deliver the in-app rows and mark them sent (one statement) and count failed
    attempts, up to and including the first row whose send runs after the commit (claimed, so each mail still
    has a transaction of its own); returns how many rows were handled and that claimed send."""
    delivered: list[int] = []
    claimed: tuple[Delivery, Send] | None = None
    handled = 0
    for row in rows:
        handled += 1
        delivery = Delivery(outbox_id=row.id, thread_id=row.thread_id, channel=row.channel, reply=row.reply,
                            attempt=row.attempts + 1, uow=uow)
        try:
            send = prepare(deps.delivery, delivery)
        except Exception as exc:  # any transport failure is one failed attempt, retried later
            _failed(deps, uow, delivery, exc, now, report)
            continue
        if send is None:
            delivered.append(row.id)
            continue
        uow.outbox.claim(row.id, now + SEND_LEASE)
        claimed = (delivery, send)
        break
    if delivered:
        uow.outbox.mark_all_sent(delivered, now)
        report.done += len(delivered)
        faults.point("job.after_effect_before_finalise", subject=NAME)
    return handled, claimed


def _send_claimed(deps: JobDeps, clock: Clock, delivery: Delivery, send: Send, report: JobReport) -> None:
    """Run a claimed row's network step outside any transaction, then record its outcome in a short one."""
    try:
        send()
    except Exception as exc:  # the send failed: one failed attempt
        with deps.uow(clock) as uow:
            _failed(deps, uow, delivery, exc, clock.now(), report)
            uow.commit()
        return
    faults.point("job.after_effect_before_finalise", subject=NAME)
    with deps.uow(clock) as uow:
        uow.outbox.mark_sent(delivery.outbox_id, clock.now())
        uow.commit()
    report.done += 1


def _failed(deps: JobDeps, uow: UnitOfWork, delivery: Delivery, exc: Exception, now: datetime,
            report: JobReport) -> None:
    """Count a failed attempt: back off, or fail at once when the transport says retrying cannot help."""
    retry_at = None if isinstance(exc, DeliveryRefused) else deps.backoff.retry_at(delivery.attempt, now)
    uow.outbox.record_failure(delivery.outbox_id, f"{type(exc).__name__}: {exc}", retry_at)
    report.failed += 1
    (log.warning if retry_at else log.error)(
        "outbox row %s: delivery attempt %s failed (%s); %s", delivery.outbox_id, delivery.attempt, exc,
        f"next attempt at {retry_at.isoformat()}" if retry_at else "no further attempt: failed")


OUTBOX_DELIVERY = register(Job(NAME, due=count_due, run=deliver_due,
                               description="deliver pending replies once; back off and finally fail"))
