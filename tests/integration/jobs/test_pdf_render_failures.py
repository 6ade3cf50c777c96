"""A PDF that cannot be rendered is that document's problem, never the other jobs': with the renderer missing nothing
is due and every other job (the client's mail among them) still runs; a render that fails is counted, backed off and
logged once with its reason; and a job that raises does not stop the pass."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from confirmed_booking import confirm_booking
from venuedesk.clock import FrozenClock
from venuedesk.documents import pdf_render
from venuedesk.documents.pdf_render import PdfRenderError
from venuedesk.jobs import function_sheet_pdf
from venuedesk.jobs.base import JOBS, Job, JobDeps, JobReport, deps_for_engine
from venuedesk.jobs.scheduler import run_due
from venuedesk.workflow.desk import Desk


def _confirmed(desk: Desk) -> JobDeps:
    """A confirmed booking (its function sheet waits for the PDF) whose replies wait in the outbox."""
    thread_id = desk.open_thread(channel="api").thread_id
    confirm_booking(desk, thread_id)
    return deps_for_engine(desk.engine)


def _outbox_pending(desk: Desk) -> int:
    with desk.uow() as uow:
        return len(uow.outbox.pending())


def _no_renderer() -> None:
    raise PdfRenderError("cannot render a PDF: no Pango here")


def test_with_the_renderer_missing_no_render_is_due_and_every_reply_is_delivered(
        desk: Desk, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    deps = _confirmed(desk)
    assert _outbox_pending(desk) > 0
    monkeypatch.setattr(pdf_render, "_weasyprint", _no_renderer)
    assert function_sheet_pdf.count_due(deps, clock) == 0
    reports = run_due(deps, clock)
    assert _outbox_pending(desk) == 0, reports
    assert function_sheet_pdf.render_due(deps, clock).failed == 0, "nothing is tried while the renderer is missing"


def test_a_failed_render_is_counted_backed_off_and_logged_once_with_its_reason(
        desk: Desk, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    deps = _confirmed(desk)

    def broken(html: str) -> bytes:
        raise ValueError("a broken stylesheet")

    monkeypatch.setattr(pdf_render, "html_to_pdf", broken)
    with caplog.at_level(logging.WARNING, logger="venuedesk.jobs.pdf_renders"):
        assert function_sheet_pdf.render_due(deps, clock).failed == 1
        assert function_sheet_pdf.count_due(deps, clock) == 0, "backing off: not due on the next pass"
        assert function_sheet_pdf.render_due(deps, clock).failed == 0
    [record] = caplog.records
    assert record.__dict__["error"] == "ValueError: a broken stylesheet" and record.__dict__["attempt"] == 1
    assert "@" not in record.getMessage() + str(record.__dict__.get("error"))
    clock.advance(timedelta(minutes=1))
    assert function_sheet_pdf.count_due(deps, clock) == 1, "due again after its backoff"


def test_a_job_that_raises_does_not_keep_the_others_from_running(
        desk: Desk, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    deps = _confirmed(desk)

    def explode(deps: JobDeps, clock: object) -> JobReport:
        raise RuntimeError("the job broke")

    monkeypatch.setitem(JOBS, "exploding", Job("exploding", due=lambda deps, clock: 1, run=explode))
    reports = run_due(deps, clock)
    assert ("exploding", 1) in [(report.name, report.failed) for report in reports]
    assert _outbox_pending(desk) == 0
