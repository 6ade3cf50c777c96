"""Reply → EmailMessage (pure): the multipart/alternative mail that delivers one outbox row to a client.

Its headers thread the conversation (docs/design.md §4.10): the Message-ID names the outbox row and the thread
(stable across retries, so a retried delivery is the same mail), In-Reply-To / References follow RFC 5322 §3.6.4,
the Subject is the client's with one "Re: ", the From is the venue's own identity (transports/mail/identity.py), the
Reply-To is the thread's signed plus address in that identity's form and domain, and
`Auto-Submitted: auto-replied` (RFC 3834) tells other robots not to answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr

from venuedesk.i18n import CATALOGUE
from venuedesk.transports.mail.addresses import outbound_message_id
from venuedesk.transports.mail.identity import MailIdentity
from venuedesk.transports.mail.rendering import LinkFor, render_bodies, step_name
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.reply import Reply

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|antw|sv)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"^<[^<>\s@]+@[^<>\s@]+>$")
MAX_REFERENCES = 20  # the first id (the thread's root) and the newest ones: enough to thread, never a huge header


@dataclass(frozen=True)
class MailAttachment:
    """A file the mail carries (the offer's PDF): its name, MIME type and bytes."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "pdf"


class ComposeError(ValueError):
    """The mail cannot be written (no valid recipient address, no secret to sign the Reply-To)."""


def new_thread_subject(venue_name: str, step: int, language: str) -> str:
    """The subject of a conversation the client has not named: "Ihre Anfrage bei Seehof: Datum"."""
    return CATALOGUE.say("mail.subject.new", language, venue=venue_name, step=step_name(step, language))


def reply_subject(thread_subject: str | None, *, venue_name: str, step: int, language: str) -> str:
    """"Re: " and the thread's subject without its own reply prefixes ("Re: Re:", "AW: RE:" → one "Re: ")."""
    base = _REPLY_PREFIX.sub("", " ".join((thread_subject or "").split()))
    if not base:
        return new_thread_subject(venue_name, step, language)
    return f"Re: {base}"


def references_for(in_reply_to: str | None, references: Sequence[str]) -> tuple[str, ...]:
    """The References of a reply to `in_reply_to` (RFC 5322 §3.6.4): its references, then its own id; malformed
    and repeated ids dropped; at most MAX_REFERENCES (the first one and the newest)."""
    chain: list[str] = []
    for message_id in (*references, *([in_reply_to] if in_reply_to else [])):
        cleaned = message_id.strip()
        if _MESSAGE_ID.match(cleaned) and cleaned not in chain:
            chain.append(cleaned)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1):]]
    return tuple(chain)


def desk_address(settings: MailSettings, venue_name: str) -> Address:
    """The desk's From address with the venue's name as display name."""
    _, addr_spec = parseaddr(settings.mail_from)
    return Address(display_name=venue_name, addr_spec=addr_spec or settings.mail_from)


def client_address(to: str) -> Address:
    """The client's address; ComposeError for anything that is not one plain address."""
    found = getaddresses([to])
    if len(found) != 1 or any(ord(char) < 32 for char in to):
        raise ComposeError("not one mail address")
    addr_spec = found[0][1]
    try:
        address = Address(addr_spec=addr_spec)
    except (ValueError, IndexError) as exc:
        raise ComposeError(f"not a mail address: {exc}") from None
    if not address.username or "." not in address.domain:
        raise ComposeError("not a mail address (user@domain)")
    return address


def compose_reply(
    reply: Reply,
    *,
    to: str,
    language: str,
    thread_subject: str | None,
    in_reply_to: str | None,
    references: tuple[str, ...],
    outbox_id: int,
    settings: MailSettings,
    link_for: LinkFor,
    venue_name: str,
    now: datetime,
    attachments: Sequence[MailAttachment] = (),
    sender: MailIdentity | None = None,
) -> EmailMessage:
    """The mail that delivers `reply` (outbox row `outbox_id`) to `to` in `language`: from `sender` (the venue's
    identity; the install's address under `venue_name` when None), text and HTML bodies, the footer in both,
    threading headers, the signed Reply-To in the sender's plus form, then `attachments` (multipart/mixed);
    ComposeError when it cannot be written."""
    if not settings.mail_secret:
        raise ComposeError("VENUEDESK_MAIL_SECRET is not set: the Reply-To address of a thread cannot be signed")
    sender = sender or MailIdentity(venue_name, desk_address(settings, venue_name).addr_spec)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender.header
    message["To"] = client_address(to)
    message["Reply-To"] = sender.reply_to(reply.thread_id, settings.mail_secret)
    message["Subject"] = reply_subject(thread_subject, venue_name=venue_name, step=reply.footer.step,
                                       language=language)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = outbound_message_id(outbox_id, reply.thread_id, settings.domain)
    chain = references_for(in_reply_to, references)
    if in_reply_to and chain and chain[-1] == in_reply_to.strip():
        message["In-Reply-To"] = chain[-1]
    if chain:
        message["References"] = " ".join(chain)
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office or read receipts back to the desk
    bodies = render_bodies(reply, language=language, venue_name=venue_name, link_for=link_for)
    message.set_content(bodies.text)
    message.add_alternative(bodies.html, subtype="html")
    for attachment in attachments:
        message.add_attachment(attachment.content, maintype=attachment.maintype, subtype=attachment.subtype,
                               filename=attachment.filename)
    message["Content-Language"] = language  # after the bodies: set_content replaces every Content-* header
    return message
