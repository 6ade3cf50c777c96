"""Job `offer_pdf`: the PDF of each offer version recorded as sent, rendered from its recorded HTML.

The version's HTML was written in the transaction that sent it (`workflow/offer_documents.record_sent`); rendering
takes 0.3–3 s, so it happens here (and in the outbox delivery of the offer mail, and a download, whichever comes
first) with no transaction open, row by row (`jobs/pdf_renders.py`), kept by `UPDATE … WHERE content IS NULL`.
"""

from __future__ import annotations

from venuedesk.clock import Clock
from venuedesk.jobs import pdf_renders
from venuedesk.jobs.base import Job, JobDeps, JobReport, register
from venuedesk.store.repositories.offer_documents import OfferDocumentRepository

NAME = "offer_pdf"


def count_due(deps: JobDeps, clock: Clock) -> int:
    """Sent versions whose PDF render is due; 0 while PDFs cannot be rendered here."""
    return pdf_renders.count_due(deps, clock, OfferDocumentRepository)


def render_due(deps: JobDeps, clock: Clock) -> JobReport:
    """Render one page of waiting versions, each kept once; a failed one is retried after its backoff."""
    return pdf_renders.render_due(deps, clock, NAME, OfferDocumentRepository)


OFFER_PDF = register(Job(NAME, due=count_due, run=render_due,
                         description="render the PDF of each sent offer version"))
