"""Which venue's desk an inbound mail goes to (docs/tenancy.md), in this order:

1. a thread's signed Reply-To among its recipients: the thread's venue;
2. a mail it answers (In-Reply-To, then References from the newest back): one of our mails (`vd.<outbox>.<thread>`,
   believed only when we sent that row on that thread) or a client's mail we received, found also in the hashed form
   an erasure keeps: the venue of that thread;
3. the first recipient that names a venue (envelope RCPT TO first, then To, Cc, Delivered-To): a venue's own
   address or its `desk+{venue}` address.

So a client who answers a venue's mail reaches that venue whatever address the answer is sent to, and a new mail
reaches the venue whose address it was sent to. None when nothing names a venue (the listener has refused such
recipients at RCPT already)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from venuedesk.store.venue_mail import venue_of_outbox_row, venue_of_received
from venuedesk.store.venues import venue_of_thread
from venuedesk.transports.mail.addresses import outbound_parts
from venuedesk.transports.mail.inbound import InboundMail
from venuedesk.transports.mail.recipient_venue import VenueDirectory
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.threading import replied_ids


def venue_of_mail(mail: InboundMail | None, envelope: Sequence[str], settings: MailSettings,
                  engine: Engine) -> str | None:
    """The venue `mail` (None: unreadable, routed by its envelope only) sent to `envelope` belongs to."""
    directory = VenueDirectory.load(engine, settings)
    recipients = (*envelope, *(mail.to + mail.cc + mail.delivered_to if mail is not None else ()))
    for address in recipients:
        thread_id = directory.signed_thread(address, settings.mail_secret)
        venue = venue_of_thread(engine, thread_id) if thread_id is not None else None
        if venue is not None:
            return venue
    for message_id in replied_ids(mail) if mail is not None else ():
        venue = _venue_of_reference(message_id, settings, engine)
        if venue is not None:
            return venue
    for address in recipients:
        venue = directory.venue_of(address, engine, settings.mail_secret)
        if venue is not None:
            return venue
    return None


def _venue_of_reference(message_id: str, settings: MailSettings, engine: Engine) -> str | None:
    parts = outbound_parts(message_id, settings.domain)
    if parts is not None:
        return venue_of_outbox_row(engine, *parts)
    return venue_of_received(engine, message_id)
