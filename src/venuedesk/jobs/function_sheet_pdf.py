"""Job `function_sheet_pdf`: the PDF of each function sheet version, rendered from its stored HTML.

The HTML was written with the version in the transaction that changed the confirmed event; rendering takes a
fraction of a second, so it happens here, outside any transaction, row by row (`jobs/pdf_renders.py`): the bytes are
kept by a conditional UPDATE (`WHERE pdf IS NULL`), and since the same HTML always renders to the same bytes,
whichever worker wins stores the same document. A version whose render fails backs off; the others go on.
"""

from __future__ import annotations

from venuedesk.clock import Clock
from venuedesk.jobs import pdf_renders
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.store.repositories.function_sheets import FunctionSheetRepository

NAME = "function_sheet_pdf"


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Sheet versions whose PDF render is due; 0 while PDFs cannot be rendered here."""
    return pdf_renders.count_due(deps, clock, FunctionSheetRepository)


def render_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Render one page of waiting versions, each kept once; a failed one is retried after its backoff."""
    return pdf_renders.render_due(deps, clock, NAME, FunctionSheetRepository)


FUNCTION_SHEET_PDF = register(Job(NAME, due=count_due, run=render_due,
                                  description="render the PDF of each new function sheet version"))
