"""The inbound mail webhook (docs/design.md §4.10): a mail provider posts a raw RFC 5322 mail, signed with the
shared secret, and it goes through the same `receive_mail` as the SMTP listener. Posted under `/v/{venue}` it is that
venue's; posted to the install-wide path it goes to the venue it names, as over SMTP (docs/tenancy.md)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from venuedesk.transports.api.deps import get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.mail.inbound import InboundMail, MailRejected, parse_mail
from venuedesk.transports.mail.mail_venue import venue_of_mail
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.venues import SCOPE_KEY, VenueDesks
from venuedesk.workflow.desk import Desk

INBOUND_PATH = "/api/email/inbound"
SIGNATURE_HEADER = "X-Venuedesk-Signature"
MAIL_TYPES = ("message/rfc822", "application/octet-stream")
router = APIRouter(tags=["email"])
DeskDep = Annotated[Desk, Depends(get_desk)]


class InboundMailOut(BaseModel):
    """What became of the mail: `accepted` (answered through the desk), `duplicate` (this Message-ID came
    before: nothing ran again) or `ignored` (an auto-reply, bounce or list mail: kept, never answered)."""

    status: Literal["accepted", "duplicate", "ignored", "rejected"]
    message_id: str | None
    thread_id: str | None
    reason: str | None
    refused: list[str]


def signature_of(body: bytes, secret: str) -> str:
    """The header value a sender puts in X-Venuedesk-Signature: `sha256=<hex HMAC-SHA256 of the raw body>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@router.post(INBOUND_PATH, status_code=202, response_model=InboundMailOut,
             responses=error_responses(401, 413, 415, 422, 500, 503))
async def email_inbound(request: Request, desk: DeskDep, signature: Annotated[str | None, Header(
        alias=SIGNATURE_HEADER,
        description="sha256=<hex HMAC-SHA256 of the raw body with VENUEDESK_INBOUND_SECRET>")] = None,
        ) -> InboundMailOut:
    """One raw mail (`message/rfc822` or `application/octet-stream`), answered once per Message-ID: 202 with
    the outcome. No VENUEDESK_INBOUND_SECRET is 503, a missing or wrong signature 401, a body over
    VENUEDESK_MAX_INBOUND_BYTES 413, another content type 415, a mail that cannot be read 422 with the reason.
    """
    settings: MailSettings = request.app.state.mail_settings
    if not settings.inbound_secret:
        raise ApiError(503, "inbound_mail_not_configured", "inbound mail is off: set "
                       f"VENUEDESK_INBOUND_SECRET and sign each mail with it in {SIGNATURE_HEADER}")
    body = await request.body()
    if signature is None:
        raise ApiError(401, "missing_signature", f"{SIGNATURE_HEADER} is missing: send sha256=<hex "
                       "HMAC-SHA256 of the raw body>", SIGNATURE_HEADER)
    expected = signature_of(body, settings.inbound_secret).encode()
    if not hmac.compare_digest(signature.strip().encode(), expected):
        raise ApiError(401, "bad_signature", f"{SIGNATURE_HEADER} does not match the body", SIGNATURE_HEADER)
    if len(body) > settings.max_inbound_bytes:
        raise ApiError(413, "payload_too_large", f"the mail has {len(body)} bytes; the limit is "
                       f"{settings.max_inbound_bytes}")
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type not in MAIL_TYPES:
        raise ApiError(415, "unsupported_media_type", f"send the raw mail as {' or '.join(MAIL_TYPES)}; got "
                       f"{content_type or 'no content type'}", "Content-Type")
    parsed = None
    if SCOPE_KEY not in request.scope:  # the install-wide path: the mail itself names its venue, as over SMTP
        desk, parsed = await run_in_threadpool(_desk_of_mail, request.app.state.venues, desk, body, settings)
    outcome = await run_in_threadpool(receive_mail, desk, body, settings, home=request.app.state.home,
                                      parsed=parsed)
    if outcome.status == "rejected":
        raise ApiError(422, "mail_rejected", f"the mail was not taken: {outcome.reason}", "body")
    return InboundMailOut(status=outcome.status, message_id=outcome.message_id, thread_id=outcome.thread_id,
                          reason=outcome.reason, refused=list(outcome.refused))


def _desk_of_mail(venues: VenueDesks, desk: Desk, body: bytes,
                  settings: MailSettings) -> tuple[Desk, InboundMail | None]:
    """The mail read once and the desk of the venue it belongs to (the thread it answers, else a venue address it
    was sent to; transports/mail/mail_venue.py), else `desk` (the default venue's): a provider may post mail for any
    address. An unreadable mail stays with `desk`, where `receive_mail` records why."""
    try:
        mail = parse_mail(body)
    except MailRejected:
        return desk, None
    venue = venue_of_mail(mail, (), settings, desk.engine)
    return (venues.get(venue) if venue else None) or desk, mail
