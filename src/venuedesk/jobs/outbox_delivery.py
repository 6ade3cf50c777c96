"""Job `outbox_delivery`: hand each due pending outbox row to the delivery port exactly once.

Due rows are taken in batches of up to BATCH_ROWS, each batch in one transaction: its rows are locked (`FOR UPDATE
SKIP LOCKED` on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers) and handed to the port one by one. The in-app
rows are delivered and marked `sent` in that same transaction (one UPDATE for the batch). A row that leaves over
the network (email) ends its batch: it is prepared (composed) in the transaction and claimed for `SEND_LEASE`, then
sent after the commit, so no database lock is held while a mail server answers, and marked `sent` in a second transaction; two
workers never send it at once (the claim pushes its next attempt past the lease), and should the worker die
between the send and the mark, the lease runs out and the same mail (the same Message-ID) is sent again. A failed attempt waits out a bounded exponential backoff on the injected clock; after the last
attempt, or at once when the transport says retrying cannot help (`DeliveryRefused`), the row ends as `failed`
with the error kept. An email offering a version whose PDF is still pending ends its batch too and waits for it:
the PDF is rendered with no transaction open and kept once, then the row is taken again with the PDF attached (a
render that fails or a machine without the renderer sends the mail without it, logged: its text carries the whole
offer).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from venuedesk import faults
from venuedesk.clock import Clock
from venuedesk.documents import pdf_render
from venuedesk.jobs import offer_pdf, pdf_renders
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.jobs.delivery import EMAIL_CHANNEL, Delivery, DeliveryRefused, Send, prepare
from venuedesk.store.document_models import PendingRender
from venuedesk.store.models import OutboxRow
from venuedesk.store.repositories.offer_documents import OfferDocumentRepository
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow import offer_documents

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
    tried: set[int] = set()
    left = MAX_ROWS_PER_RUN
    while left > 0:
        with deps.uow(clock) as uow:
            rows = uow.outbox.due(clock.now(), min(BATCH_ROWS, left))
            if not rows:
                break
            batch = _deliver_batch(deps, uow, rows, clock.now(), report, tried)
            left -= batch.handled
            uow.commit()
        if batch.owed is not None:  # rendered with no transaction open; the row is taken again with its PDF
            tried.add(batch.owed.row_id)
            pdf_renders.render_one(deps, clock, offer_pdf.NAME, OfferDocumentRepository, batch.owed)
        elif batch.claimed is not None:
            _send_claimed(deps, clock, *batch.claimed, report)
    return report


@dataclass
class _Batch:
    """What one batch's transaction left to do after its commit: a claimed send, or an offer PDF to render first."""

    handled: int = 0
    claimed: tuple[Delivery, Send] | None = None
    owed: PendingRender | None = None
    delivered: list[int] = field(default_factory=list)


def _deliver_batch(deps: JobDeps, uow: UnitOfWork, rows: list[OutboxRow], now: datetime, report: JobReport,
                   tried: set[int]) -> _Batch:
    """In the batch's transaction: deliver the in-app rows and mark them sent (one statement) and count failed
    attempts, up to the first row whose send runs after the commit (claimed, so each mail still has a transaction
    of its own) or whose offer PDF must be rendered first (left pending, taken again after the render)."""
    batch = _Batch()
    for row in rows:
        owed = _owed_pdf(uow, row.channel, row.thread_id, row.reply, tried)
        if owed is not None:
            batch.owed = owed
            break
        batch.handled += 1
        delivery = Delivery(outbox_id=row.id, thread_id=row.thread_id, channel=row.channel, reply=row.reply,
                            attempt=row.attempts + 1, uow=uow)
        try:
            send = prepare(deps.delivery, delivery)
        except Exception as exc:  # any transport failure is one failed attempt, retried later
            _failed(deps, uow, delivery, exc, now, report)
            continue
        if send is None:
            batch.delivered.append(row.id)
            continue
        uow.outbox.claim(row.id, now + SEND_LEASE)
        batch.claimed = (delivery, send)
        break
    if batch.delivered:
        uow.outbox.mark_all_sent(batch.delivered, now)
        report.done += len(batch.delivered)
        faults.point("job.after_effect_before_finalise", subject=NAME)
    return batch


def _owed_pdf(uow: UnitOfWork, channel: str, thread_id: str, reply: dict[str, Any],
              tried: set[int]) -> PendingRender | None:
    """The pending offer PDF an email row waits for (once per run: a failed render sends the mail without it)."""
    if channel != EMAIL_CHANNEL or pdf_render.missing_renderer() is not None:
        return None
    owed = offer_documents.owed_pdf(uow, thread_id, reply)
    return owed if owed is not None and owed.row_id not in tried else None


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
