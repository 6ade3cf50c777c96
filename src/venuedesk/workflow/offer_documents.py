"""Offer PDFs per offer version (docs/documents.md): rendered and stored once when the version is sent, served
unchanged ever after, whatever the catalogue or the templates become.

`store_sent` runs in the unit of work that sends the version (the manager's approval, an auto-sent offer, a
granted counter), after the hold clock is set, so the PDF prints the option's expiry the client was told. A
version sent before PDFs existed is rendered and stored on its first request (`document_for`). A draft is never
stored: the manager may preview it, the client gets 404 until it is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from venuedesk.documents.offer_pdf import OfferLineView, OfferView, offer_filename, offer_pdf
from venuedesk.documents.pdf_render import PdfRenderError
from venuedesk.domain.catalogue import Venue
from venuedesk.domain.event import EventState, Offer
from venuedesk.store.repositories.offer_documents import StoredOfferDocument
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import DeskError
from venuedesk.workflow.reply import Reply
from venuedesk.workflow.tables import layout_name

SENT_STATUSES = frozenset({"Sent", "Accepted", "Declined"})
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


def _render(state: EventState, offer: Offer, venue: Venue, now: datetime) -> bytes:
    live = state.offer is not None and state.offer.offer_id == offer.offer_id
    try:
        return offer_pdf(offer_view(state, offer, venue, now, state.hold_expires_at if live else None))
    except PdfRenderError as error:
        raise DocumentsUnavailable(str(error)) from error


def _store(uow: UnitOfWork, state: EventState, offer: Offer, content: bytes, now: datetime) -> StoredOfferDocument:
    return uow.offer_documents.put_once(thread_id=state.thread_id, event_id=state.event_id, offer_id=offer.offer_id,
                                        version=offer.version, language=state.language, content=content,
                                        created_at=now)


def store_sent(uow: UnitOfWork, venue: Venue, state: EventState, offer: Offer, now: datetime) -> None:
    """Render and store the PDF of `offer` as it is sent now, once: a version already stored (a repeated approval,
    a retried job) keeps its bytes. A machine that cannot render PDFs sends the offer without one (logged); the
    PDF is then made on its first request."""
    if uow.offer_documents.get(state.thread_id, offer.version) is not None:
        return
    try:
        content = _render(state, offer, venue, now)
    except DocumentsUnavailable as error:
        log.warning("offer %s v%s sent without its PDF: %s", offer.offer_id, offer.version, error)
        return
    _store(uow, state, offer, content, now)


def document_for(uow: UnitOfWork, venue: Venue, state: EventState, version: int | None, now: datetime, *,
                 preview: bool) -> OfferDocument:
    """The PDF of offer `version` (None: the live one): the stored bytes when it was sent; a sent version without
    them is rendered and stored now; a draft only as a `preview` (the manager's), never stored."""
    offer = _offer(state, version)
    stored = uow.offer_documents.get(state.thread_id, offer.version)
    if stored is None and offer.status in SENT_STATUSES:
        stored = _store(uow, state, offer, _render(state, offer, venue, now), now)
    filename = offer_filename(offer.offer_id, offer.version)
    if stored is not None:
        return OfferDocument(stored.content, filename, offer.version, stored=True)
    if not preview:
        raise NoOfferDocument.said("document.offer.error.not_sent", version=offer.version)
    return OfferDocument(_render(state, offer, venue, now), filename, offer.version, stored=False)


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
