"""Rendering stored HTML documents to PDF in a job, row by row, outside any transaction (function sheets, offers).

Each row's HTML is read in a short unit of work, rendered with no transaction open (on SQLite no write lock is held
while WeasyPrint works), and the bytes are kept by a conditional UPDATE (`WHERE pdf IS NULL`): two workers, or a
retry after a crash, store one PDF. A row whose render fails is counted as failed and waits out a backoff before it
is tried again (logged once per failure, with the reason); the other rows go on. While the renderer is missing
(WeasyPrint or Pango not installed) nothing is due and nothing is tried: the reason is logged once per process.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from venuedesk.clock import Clock
from venuedesk.documents import pdf_render
from venuedesk.jobs.base import JobDeps, JobReport
from venuedesk.jobs.delivery import Backoff
from venuedesk.observability.redaction import redact
from venuedesk.store.document_models import PendingRender

PAGE = 20
RENDER_BACKOFF = Backoff(base=timedelta(minutes=1), factor=2.0, cap=timedelta(hours=6), max_attempts=sys.maxsize)
"""A failed render waits 1, 2, 4 … minutes (at most 6 hours) and is never given up: the document is still owed."""
log = logging.getLogger(__name__)
_said_missing: set[str] = set()


class RenderQueue(Protocol):
    """The rows of one document table that wait for their PDF."""

    def unrendered(self, limit: int, now: datetime) -> list[PendingRender]: ...

    def count_unrendered(self, now: datetime) -> int: ...

    def store_pdf(self, row_id: int, pdf: bytes, sha256: str, now: datetime) -> bool: ...

    def render_failed(self, row_id: int, retry_at: datetime) -> None: ...


QueueFor = Callable[[Session], RenderQueue]


def count_due(deps: JobDeps, clock: Clock, queue: QueueFor) -> int:
    """Rows whose render is due now; 0 while the renderer is missing."""
    if pdf_render.missing_renderer() is not None:
        return 0
    with deps.uow(clock) as uow:
        return queue(uow.session).count_unrendered(clock.now())


def render_due(deps: JobDeps, clock: Clock, name: str, queue: QueueFor) -> JobReport:
    """Render one page of due rows, each kept once; a failed row is counted, backed off and skipped."""
    report = JobReport(name)
    missing = pdf_render.missing_renderer()
    if missing is not None:
        if name not in _said_missing:
            _said_missing.add(name)
            log.warning("PDF renders skipped: the renderer is missing", extra={"job": name, "reason": missing})
        return report
    with deps.uow(clock) as uow:
        waiting = queue(uow.session).unrendered(PAGE, clock.now())
    for pending in waiting:
        kept = render_one(deps, clock, name, queue, pending)
        report.done += kept is True
        report.failed += kept is None
    return report


def render_one(deps: JobDeps, clock: Clock, name: str, queue: QueueFor, pending: PendingRender) -> bool | None:
    """Render one row with no transaction open and keep its PDF once: True when kept now, False when another writer
    kept it first, None when the render failed (counted, backed off and logged)."""
    try:
        pdf = pdf_render.html_to_pdf(pending.html)
    except Exception as exc:  # one row's failure is that row's: counted, backed off, the others go on
        _failed(deps, clock, name, queue, pending, exc)
        return None
    with deps.uow(clock) as uow:
        if not queue(uow.session).store_pdf(pending.row_id, pdf, hashlib.sha256(pdf).hexdigest(), clock.now()):
            return False
        uow.commit()
    return True


def _failed(deps: JobDeps, clock: Clock, name: str, queue: QueueFor, pending: PendingRender,
            exc: Exception) -> None:
    attempt = pending.attempts + 1
    retry_at = RENDER_BACKOFF.retry_at(attempt, clock.now())
    assert retry_at is not None  # never final: max_attempts is unbounded
    with deps.uow(clock) as uow:
        queue(uow.session).render_failed(pending.row_id, retry_at)
        uow.commit()
    log.warning("PDF render failed; retried later", extra={
        "job": name, "row_id": pending.row_id, "attempt": attempt, "retry_at": retry_at.isoformat(),
        "error": f"{type(exc).__name__}: {redact(str(exc))[:300]}"})
