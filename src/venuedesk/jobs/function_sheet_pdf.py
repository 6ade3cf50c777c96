"""Job `function_sheet_pdf`: the PDF of each function sheet version, rendered from its stored HTML.

The HTML was written with the version in the transaction that changed the confirmed event; rendering takes a
fraction of a second, so it happens here, outside any transaction (on SQLite no write lock is held meanwhile), and
the bytes are kept by a conditional UPDATE (`WHERE pdf IS NULL`): two workers, or a retry after a crash, store
one PDF, and since the same HTML always renders to the same bytes, whichever wins stores the same document.
"""

from __future__ import annotations

from venuedesk.clock import Clock
from venuedesk.documents.pdf_render import html_to_pdf
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.store.repositories.function_sheets import FunctionSheetRepository
from venuedesk.workflow.function_sheets import pdf_digest

NAME = "function_sheet_pdf"
PAGE = 20


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Sheet versions whose PDF is not rendered yet."""
    with deps.uow(clock) as uow:
        return FunctionSheetRepository(uow.session).count_unrendered()


def render_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Render one page of waiting versions, each kept once."""
    report = JobReport(NAME)
    with deps.uow(clock) as uow:
        waiting = FunctionSheetRepository(uow.session).unrendered(PAGE)
    for sheet_id, html in waiting:
        pdf = html_to_pdf(html)
        with deps.uow(clock) as uow:
            if FunctionSheetRepository(uow.session).store_pdf(sheet_id, pdf, pdf_digest(pdf), clock.now()):
                uow.commit()
                report.done += 1
    return report


FUNCTION_SHEET_PDF = register(Job(NAME, due=count_due, run=render_due,
                                  description="render the PDF of each new function sheet version"))
