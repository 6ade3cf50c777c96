"""Offer PDFs per offer version (docs/documents.md): recorded when the version is sent, rendered once afterwards,
served unchanged ever after, whatever the catalogue or the templates become.

`record_sent` runs in the unit of work that sends the version (the manager's approval, an auto-sent offer, a
granted counter), after the hold clock is set: it writes the version's HTML (pure, milliseconds) as a pending row,
so the PDF prints what the client was told (the option's expiry, the send day as "Issued on"). Rendering (0.3–3 s
of WeasyPrint) never runs inside a transaction, which on SQLite would hold every writer back: the `offer_pdf` job,
the outbox delivery of the offer mail (which waits for it) and a download render it with no transaction open and
keep it by a conditional UPDATE, the first bytes winning. A version sent before PDFs were recorded is rendered from
the stored offer on its first request and kept. A draft is never kept: the manager may preview it, the client
gets 404 until it is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from venuedesk.documents.offer_pdf import OfferLineView, OfferView, offer_filename, offer_html
from venuedesk.documents.pdf_render import PdfRenderError, html_to_pdf
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState, Offer
from venuedesk.store.document_models import PendingRender
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.tables import layout_name

SENT_STATUSES = frozenset({"Sent", "Accepted", "Declined", "Superseded"})
"""Statuses of a version the client may have been sent; a Superseded one only when a reply offered it (a draft can
be superseded before it was ever approved)."""
log = logging.getLogger(__name__)


class NoOfferDocument(DeskError, LookupError):
    """The thread has no such offer version, or not one the asker may read yet (HTTP 404)."""

    code = "no_offer_document"


class DocumentsUnavailable(DeskError):
    """PDFs cannot be rendered on this machine (WeasyPrint or Pango missing; HTTP 503 naming what to install)."""

    code = "documents_unavailable"


@dataclass(frozen=True)
class OfferDocument:
    """An offer version's PDF as served: its bytes, file name, version and whether it is the stored one."""

    content: bytes
    filename: str
    version: int
    stored: bool


def offer_view(state: EventState, offer: Offer, venue: Venue, issued_at: datetime,
               valid_until: datetime | None) -> OfferView:
    """What the version's PDF prints, in the client's language: venue, client and billing, the event, the lines,
    total, VAT, deposit, cancellation terms and the option's expiry."""
    language = state.language
    billing = state.billing
    town = " ".join(part for part in (billing.postal_code, billing.city) if part)
    billing_lines = tuple(part for part in (billing.company, billing.name, billing.street, town, billing.country)
                          if part)
    layout = state.requirements.layout
    return OfferView(
        language=language, venue_name=venue.name, venue_address=venue.address or (venue.city,),
        offer_id=offer.offer_id, version=offer.version, issued_on=issued_at.date(), valid_until=valid_until,
        client_name=state.client_name, client_email=state.client_email, billing=billing_lines,
        event_date=offer.chosen_date, start_time=offer.start_time, end_time=offer.end_time,
        room=venue.room(offer.room_id).label(language) if venue.has_room(offer.room_id) else offer.room_id,
        layout=layout_name(layout, language) if layout else None, participants=state.requirements.participants,
        lines=tuple(OfferLineView(label=line.label, quantity=line.quantity, unit_price=line.unit_price,
                                  total=line.total) for line in offer.lines),
        total=offer.total, vat=offer.vat, vat_percent=venue.policies.vat_percent,
        deposit_amount=offer.deposit.amount or None, deposit_due=offer.deposit.due,
        cancellation_terms=venue.policies.cancellation_terms_in(language),
    )


def _html(state: EventState, offer: Offer, venue: Venue, issued_at: datetime) -> str:
    live = state.offer is not None and state.offer.offer_id == offer.offer_id
    return offer_html(offer_view(state, offer, venue, issued_at, state.hold_expires_at if live else None))


def record_sent(uow: UnitOfWork, venue: Venue, state: EventState, offer: Offer, now: datetime) -> None:
    """Record `offer` as sent now, once, with the HTML its PDF is rendered from later outside any transaction: a
    version already recorded (a repeated approval, a retried job) keeps its row."""
    uow.offer_documents.record_pending(thread_id=state.thread_id, event_id=state.event_id, offer_id=offer.offer_id,
                                       version=offer.version, language=state.language,
                                       html=_html(state, offer, venue, now), created_at=now)


@dataclass(frozen=True)
class DocumentPlan:
    """What serving one version needs once its transaction is closed: the kept bytes (`content`), or the HTML to
    render and how to keep the result (`pending` row id, a first `insert` of a version sent before rows were
    recorded, or not at all for a draft's preview)."""

    thread_id: str
    event_id: str
    offer_id: str
    version: int
    language: str
    filename: str
    content: bytes | None = None
    html: str | None = None
    pending_row: int | None = None
    insert: bool = False


def plan_document(uow: UnitOfWork, venue: Venue, state: EventState, version: int | None, now: datetime, *,
                  preview: bool) -> DocumentPlan:
    """Read what the PDF of offer `version` (None: the live one) needs: the kept bytes of a sent version, its
    recorded HTML while pending, the stored offer's HTML for a version sent before rows were recorded (issued on the
    day the version was made), a draft's HTML only as a `preview` (the manager's); `NoOfferDocument` otherwise."""
    offer = _offer(state, version)
    base = DocumentPlan(thread_id=state.thread_id, event_id=state.event_id, offer_id=offer.offer_id,
                        version=offer.version, language=state.language,
                        filename=offer_filename(offer.offer_id, offer.version))
    stored = uow.offer_documents.get(state.thread_id, offer.version)
    if stored is not None and stored.content is not None:
        return replace(base, content=stored.content)
    if stored is not None and stored.html is not None:
        return replace(base, html=stored.html, pending_row=stored.row_id)
    if _was_sent(uow, state, offer):
        return replace(base, html=_html(state, offer, venue, offer.created_at or now), insert=True)
    if not preview:
        raise NoOfferDocument.said("document.offer.error.not_sent", version=offer.version)
    return replace(base, html=_html(state, offer, venue, now))


def render(html: str) -> bytes:
    """The PDF of a version's HTML; call it with no transaction open. `DocumentsUnavailable` when PDFs cannot be
    rendered on this machine."""
    try:
        return html_to_pdf(html)
    except PdfRenderError as error:
        raise DocumentsUnavailable(str(error)) from error


def keep(uow: UnitOfWork, plan: DocumentPlan, pdf: bytes, now: datetime) -> OfferDocument:
    """Keep a rendered PDF once (a pending row by a conditional UPDATE, else a first insert) and return the kept
    one: when another writer kept it first, theirs."""
    if plan.pending_row is None and not plan.insert:
        return OfferDocument(pdf, plan.filename, plan.version, stored=False)
    kept = uow.offer_documents.put_once(thread_id=plan.thread_id, event_id=plan.event_id, offer_id=plan.offer_id,
                                        version=plan.version, language=plan.language, content=pdf, created_at=now)
    assert kept.content is not None
    return OfferDocument(kept.content, plan.filename, plan.version, stored=True)


def owed_pdf(uow: UnitOfWork, thread_id: str, reply: dict[str, Any]) -> PendingRender | None:
    """The render a reply's mail waits for: the pending PDF of the version it offers, None when there is none."""
    try:
        version = offered_version(Reply.model_validate(reply))
    except ValidationError:
        return None
    stored = None if version is None else uow.offer_documents.get(thread_id, version)
    return None if stored is None else stored.pending


def _was_sent(uow: UnitOfWork, state: EventState, offer: Offer) -> bool:
    if offer.status not in SENT_STATUSES:
        return False
    if offer.status != "Superseded" or offer.accepted_at is not None:
        return True
    for row in uow.outbox.for_thread(state.thread_id):
        try:
            if offered_version(Reply.model_validate(row.reply)) == offer.version:
                return True
        except ValidationError:
            continue
    return False


def _offer(state: EventState, version: int | None) -> Offer:
    if not state.offers:
        raise NoOfferDocument.said("document.offer.error.no_offer")
    if version is None:
        live = state.offer
        if live is None:
            raise NoOfferDocument.said("document.offer.error.no_live_offer")
        return live
    for offer in state.offers:
        if offer.version == version:
            return offer
    raise NoOfferDocument.said("document.offer.error.unknown_version", version=version,
                               versions=", ".join(str(offer.version) for offer in state.offers))


def offered_version(reply: Reply) -> int | None:
    """The offer version a reply puts to the client (its `accept_offer` action names it), None for other replies:
    the offer mail carries that version's PDF."""
    for action in reply.actions:
        offer_id = action.args.get("offer_id") if action.name == "accept_offer" else None
        if isinstance(offer_id, str) and "-v" in offer_id:
            number = offer_id.rsplit("-v", 1)[1]
            if number.isdigit():
                return int(number)
    return None
