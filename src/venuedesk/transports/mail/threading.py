"""Which thread an inbound mail belongs to (docs/design.md §4.3, §4.10): our Message-ID in its reply headers,
a signed plus address it was sent to, or a client's earlier mail it answers; otherwise it opens a new thread.

Nothing a sender can write moves a mail onto another thread: our Message-ID counts only when we sent that
outbox row on that thread, a plus address only when its HMAC holds, and a client's id only when we received
it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from venuedesk.store.uow import UnitOfWork
from venuedesk.transports.mail.addresses import outbound_parts, thread_of_address
from venuedesk.transports.mail.inbound import InboundMail
from venuedesk.transports.mail.settings import MailSettings

ThreadRule = Literal["reply_header", "plus_address", "client_reference"]


@dataclass(frozen=True)
class ThreadMatch:
    """The thread a mail continues and the rule that found it."""

    thread_id: str
    rule: ThreadRule


def find_thread(uow: UnitOfWork, mail: InboundMail, settings: MailSettings,
                reply_domain: str | None = None) -> ThreadMatch | None:
    """The existing thread the mail continues, or None when it is a new conversation; a signed plus address counts
    at the install's domain and at `reply_domain` (the venue's own, where its Reply-To addresses are)."""
    replied = replied_ids(mail)
    for message_id in replied:
        parts = outbound_parts(message_id, settings.domain)
        if parts is not None and uow.threads.get(parts[1]) is not None and uow.mail.sent_on(*parts):
            return ThreadMatch(parts[1], "reply_header")
    if settings.mail_secret:
        domains = dict.fromkeys((settings.domain, reply_domain or settings.domain))
        for address in mail.recipients:
            for domain in domains:
                thread_id = thread_of_address(address, domain=domain, secret=settings.mail_secret)
                if thread_id is not None and uow.threads.get(thread_id) is not None:
                    return ThreadMatch(thread_id, "plus_address")
    known = uow.mail.thread_of(replied)
    if known is not None and uow.threads.get(known) is not None:
        return ThreadMatch(known, "client_reference")
    return None


def new_thread_id(message_id: str, settings: MailSettings) -> str:
    """The id of the thread a new mail opens, derived from its Message-ID (keyed by the mail secret), so a
    redelivery after a crash finds the thread it opened instead of opening a second one."""
    key = settings.mail_secret or settings.inbound_secret or ""
    digest = hashlib.sha256(f"mail-thread:{key}:{message_id}".encode()).hexdigest()
    return f"thr_{digest[:24]}"


def replied_ids(mail: InboundMail) -> tuple[str, ...]:
    """In-Reply-To first, then References from the newest back: the mails this one answers."""
    ids = ([mail.in_reply_to] if mail.in_reply_to else []) + list(reversed(mail.references))
    return tuple(dict.fromkeys(ids))
