"""Which venue an inbound mail is for, by its recipient (docs/tenancy.md): `desk+{venue}@domain` is that venue's
desk address, a thread's signed Reply-To `desk+<thread>.<mac>@domain` belongs to the thread's venue, and the plain
`desk@domain` (or any other plus tag) is the default venue's, as before tenancy."""

from __future__ import annotations

import re

from sqlalchemy import Engine

from venuedesk.store.tenancy import DEFAULT_VENUE, VENUE_SLUG_PATTERN
from venuedesk.store.venues import venue_exists, venue_of_thread
from venuedesk.transports.mail.addresses import thread_of_address
from venuedesk.transports.mail.settings import MailSettings

_SLUG = re.compile(VENUE_SLUG_PATTERN)


def venue_address(venue_id: str, settings: MailSettings) -> str:
    """The address clients write to for `venue_id`: the desk's own for the default venue, else its plus address."""
    if venue_id == DEFAULT_VENUE:
        return f"{settings.mailbox}@{settings.domain}"
    return f"{settings.mailbox}+{venue_id}@{settings.domain}"


def venue_of_recipient(address: str, settings: MailSettings, engine: Engine) -> str | None:
    """The venue a recipient at the desk's domain names; None for a venue tag the install does not have (the
    recipient is refused). A thread's Reply-To whose thread is gone, or forged, falls to the default venue, whose
    desk then treats the mail as a new one (as before tenancy)."""
    secret = settings.mail_secret or ""
    thread_id = thread_of_address(address, domain=settings.domain, secret=secret) if secret else None
    if thread_id is not None:
        return venue_of_thread(engine, thread_id) or DEFAULT_VENUE
    local = address.strip().strip("<>").rpartition("@")[0]
    mailbox, plus, tag = local.partition("+")
    tag = tag.lower()
    if not plus or mailbox.lower() != settings.mailbox.lower() or not _SLUG.fullmatch(tag):
        return DEFAULT_VENUE
    return tag if venue_exists(engine, tag) else None
