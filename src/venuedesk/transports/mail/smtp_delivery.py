"""The outbox's email transport: a DeliveryPort that mails an outbox row of channel `email` over SMTP.

The `outbox_delivery` job hands it each due row inside the row's unit of work; it reads who gets the mail and how
it threads (`RecipientLookup`, in that same unit of work), writes the mail (`compose.compose_reply`) and hands it
to the SMTP server of `VENUEDESK_SMTP_URL`, from the venue's own identity (transports/mail/identity.py, read in
that unit of work too). Failures map onto the job's retries:

- a temporary failure (4xx, a refused connection, a timeout, a failed login) raises DeliveryFailed: the job
  tries again after its backoff and ends the row as `failed` after the last attempt;
- a permanent refusal of the recipient or the message (5xx to RCPT TO or DATA), a row with no client address, or
  a mail that cannot be written raises DeliveryRefused: retrying cannot help, so the row ends as `failed` at once
  with the server's answer kept in `last_error` (a manager reads it there; nothing is lost).

Every attempt of a row sends the same Message-ID (`vd.<outbox id>.<thread>@domain`): should the server accept a
mail and the row's commit then fail, the next attempt is the same mail again, which receiving systems and the
desk's own inbound threading recognise by that id.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from pydantic import ValidationError

from venuedesk.clock import Clock
from venuedesk.documents.offer_pdf import offer_filename
from venuedesk.jobs.delivery import (
    EMAIL_CHANNEL,
    ChannelDelivery,
    Delivery,
    DeliveryFailed,
    DeliveryRefused,
    Send,
)
from venuedesk.observability.redaction import redact
from venuedesk.store.uow import UnitOfWork
from venuedesk.transports.mail.addresses import outbound_message_id
from venuedesk.transports.mail.compose import ComposeError, MailAttachment, compose_reply, new_thread_subject
from venuedesk.transports.mail.identity import MailIdentity, venue_identity
from venuedesk.transports.mail.rendering import LinkFor
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.smtp_url import SmtpEndpoint, parse_smtp_url
from venuedesk.workflow.offer_documents import offered_version
from venuedesk.workflow.reply import Action, Reply

LinksFor = Callable[[Delivery], LinkFor]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailRecipient:
    """Who a thread's mail goes to and how it threads: the client's address and language, the thread's subject,
    the Message-ID of the mail being answered and the References chain before it."""

    address: str
    language: str
    subject: str | None = None
    last_message_id: str | None = None
    references: tuple[str, ...] = ()


class RecipientLookup(Protocol):
    """The recipient of a thread's next mail, read in the delivering unit of work; None when it has no address."""

    def __call__(self, uow: UnitOfWork, thread_id: str) -> MailRecipient | None: ...


IdentityLookup = Callable[[UnitOfWork], MailIdentity]
"""The identity a venue's mail goes out from, read in the delivering unit of work."""


class SmtpSender(Protocol):
    """Hands one finished mail to a mail server; raises smtplib / OSError errors as they come."""

    def send(self, message: EmailMessage) -> None: ...


def no_links(delivery: Delivery) -> LinkFor:
    """Until signed deep links are configured every action is shown as its label (the client answers by mail)."""

    def link_for(action: Action) -> str | None:
        return None

    return link_for


@dataclass(frozen=True)
class StoreRecipients:
    """The recipient and threading from the store: the address the client last wrote from (else the event's
    `client_email`), the event's language, and the References chain of the client's mails and the desk's mails,
    so each mail answers the latest message on the thread under the client's subject (or the first mail's)."""

    venue_name: str
    domain: str

    def __call__(self, uow: UnitOfWork, thread_id: str) -> MailRecipient | None:
        """The thread's client address, language, subject and the ids to answer; None without an address."""
        state = uow.events.for_thread(thread_id)
        address = uow.mail.client_address(thread_id)
        if state is None or not address:
            return None
        inbound = uow.mail.last_inbound(thread_id)
        sent = [row for row in uow.outbox.for_thread(thread_id, "sent") if row.channel == EMAIL_CHANNEL]
        if inbound is not None and inbound.received_at is not None:
            sent = [row for row in sent if row.created_at > inbound.received_at]
        chain = (*inbound.references, inbound.message_id) if inbound is not None else ()
        ids = _unique(*chain, *(outbound_message_id(row.id, thread_id, self.domain) for row in sent))
        subject = inbound.subject if inbound is not None and inbound.subject.strip() else None
        if subject is None and sent:
            subject = new_thread_subject(self.venue_name, int(sent[0].reply.get("footer", {}).get("step", 1)),
                                         state.language)
        return MailRecipient(address=address, language=state.language, subject=subject,
                             last_message_id=ids[-1] if ids else None, references=ids[:-1])


def _unique(*ids: str) -> tuple[str, ...]:
    """The ids in order, each once (a redelivered chain never repeats an id)."""
    return tuple(dict.fromkeys(i for i in ids if i))


class SmtplibSender:
    """smtplib over one endpoint: a connection per mail (plain, STARTTLS or TLS), login when a user is given."""

    def __init__(self, endpoint: SmtpEndpoint, tls_context: ssl.SSLContext | None = None) -> None:
        self.endpoint = endpoint
        self.tls_context = tls_context or ssl.create_default_context()

    def send(self, message: EmailMessage) -> None:
        """Connect, greet, upgrade and log in as configured, send `message`, quit."""
        endpoint = self.endpoint
        smtp: smtplib.SMTP
        if endpoint.security == "tls":
            smtp = smtplib.SMTP_SSL(endpoint.host, endpoint.port, timeout=endpoint.timeout, context=self.tls_context)
        else:
            smtp = smtplib.SMTP(endpoint.host, endpoint.port, timeout=endpoint.timeout)
        try:
            if endpoint.security == "starttls":
                smtp.starttls(context=self.tls_context)
            if endpoint.username:
                smtp.login(endpoint.username, endpoint.password or "")
            smtp.send_message(message)
        except BaseException:
            smtp.close()
            raise
        _quit(smtp)


def _quit(smtp: smtplib.SMTP) -> None:
    """Say goodbye once the server accepted the mail; a refused or broken QUIT is not a failed send (calling it one
    would have the caller send the accepted mail again)."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


class SmtpDelivery:
    """The DeliveryPort of email rows: one mail per row, composed from the stored Reply, sent over SMTP."""

    def __init__(
        self,
        *,
        settings: MailSettings,
        sender: SmtpSender,
        clock: Clock,
        venue_name: str,
        recipient_for: RecipientLookup | None = None,
        links_for: LinksFor = no_links,
        identity_for: IdentityLookup | None = None,
    ) -> None:
        self.settings = settings
        self.sender = sender
        self.clock = clock
        self.venue_name = venue_name
        self.recipient_for = recipient_for or StoreRecipients(venue_name, settings.domain)
        self.links_for = links_for
        self.identity_for = identity_for or self._stored_identity

    def _stored_identity(self, uow: UnitOfWork) -> MailIdentity:
        """The venue's From as stored now, read in the delivering unit of work (a change is followed at once)."""
        return venue_identity(uow.session, uow.venue_id, venue_name=self.venue_name, settings=self.settings)

    def deliver(self, delivery: Delivery) -> None:
        """Mail the row's reply; DeliveryFailed to try again later, DeliveryRefused when retrying cannot help."""
        self.prepare(delivery)()

    def prepare(self, delivery: Delivery) -> Send:
        """Compose the mail in the row's unit of work; the returned step hands it to the SMTP server, and is run by
        the outbox job after that transaction, so no database lock is held while the server answers."""
        message = self.compose(delivery)
        return lambda: self.send(message)

    def send(self, message: EmailMessage) -> None:
        """Hand one composed mail to the server, mapping its answer onto a retry (DeliveryFailed) or not."""
        try:
            self.sender.send(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refused_recipients(exc) from None
        except smtplib.SMTPResponseException as exc:  # 5xx to DATA refuses this message; others are the link's
            raise _answer(exc.smtp_code, exc.smtp_error, permanent=isinstance(exc, smtplib.SMTPDataError)) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"mail server unreachable or failed: {type(exc).__name__}: {redact(str(exc))}") \
                from None

    def compose(self, delivery: Delivery) -> EmailMessage:
        """The mail of one row (the same Message-ID on every attempt); DeliveryRefused when it cannot be written."""
        if delivery.uow is None:
            raise DeliveryFailed(f"outbox row {delivery.outbox_id}: the mail transport reads the thread in the "
                                 "delivering unit of work, and none was given")
        try:
            reply = Reply.model_validate(delivery.reply)
        except ValidationError as exc:
            raise DeliveryRefused(f"outbox row {delivery.outbox_id} does not hold a valid Reply: {exc}") from None
        recipient = self.recipient_for(delivery.uow, delivery.thread_id)
        if recipient is None:
            raise DeliveryRefused(f"outbox row {delivery.outbox_id}: thread {delivery.thread_id} has no client "
                                  "mail address")
        try:
            return compose_reply(
                reply, to=recipient.address, language=recipient.language, thread_subject=recipient.subject,
                in_reply_to=recipient.last_message_id, references=recipient.references,
                outbox_id=delivery.outbox_id, settings=self.settings, link_for=self.links_for(delivery),
                venue_name=self.venue_name, now=self.clock.now(),
                attachments=offer_attachment(delivery.uow, delivery.thread_id, reply),
                sender=self.identity_for(delivery.uow),
            )
        except (ComposeError, ValueError) as exc:
            raise DeliveryRefused(f"outbox row {delivery.outbox_id}: {redact(str(exc))}") from None


def offer_attachment(uow: UnitOfWork, thread_id: str, reply: Reply) -> tuple[MailAttachment, ...]:
    """The PDF of the offer version `reply` puts to the client, as kept when it was rendered (the outbox delivery
    renders a pending one before composing); none for other replies, or when no PDF could be rendered (the mail
    still goes: its text carries the whole offer)."""
    version = offered_version(reply)
    if version is None:
        return ()
    stored = uow.offer_documents.get(thread_id, version)
    if stored is None or stored.content is None:
        log.warning("outbox mail of thread %s offers version %s without its PDF: none is stored", thread_id, version)
        return ()
    return (MailAttachment(offer_filename(stored.offer_id, stored.version), stored.content),)


def _text(error: bytes | str) -> str:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return redact(" ".join(text.split()))


def _answer(code: int, error: bytes | str, *, permanent: bool) -> DeliveryFailed:
    """The failure for an SMTP answer: refused for good on a 5xx about the message or its recipient."""
    reason = f"mail server answered {code} {_text(error)}"
    return DeliveryRefused(reason) if permanent and 500 <= code < 600 else DeliveryFailed(reason)


def _refused_recipients(exc: smtplib.SMTPRecipientsRefused) -> DeliveryFailed:
    """The recipient refused: permanently when every refusal is a 5xx, else temporarily (a 4xx greylisting)."""
    answers = list(exc.recipients.values())
    permanent = bool(answers) and all(500 <= code < 600 for code, _ in answers)
    reason = "; ".join(f"{code} {_text(error)}" for code, error in answers) or "no answer"
    failure = DeliveryRefused if permanent else DeliveryFailed
    return failure(f"mail server refused the recipient: {reason}")


def check_mail_settings(settings: MailSettings) -> SmtpEndpoint | None:
    """The SMTP endpoint outbound mail uses, None when `VENUEDESK_SMTP_URL` is unset; a ValueError naming the setting
    when the URL is malformed or `VENUEDESK_MAIL_SECRET` (which signs each thread's Reply-To) is missing."""
    if not settings.smtp_url:
        return None
    endpoint = parse_smtp_url(settings.smtp_url)
    if not settings.mail_secret:
        raise ValueError("VENUEDESK_SMTP_URL is set but VENUEDESK_MAIL_SECRET is not: outbound mail needs it to sign "
                         "each thread's Reply-To address")
    return endpoint


def smtp_delivery_from_settings(
    settings: MailSettings, *, clock: Clock, venue_name: str, links_for: LinksFor = no_links,
    recipient_for: RecipientLookup | None = None,
) -> SmtpDelivery | None:
    """The email transport `settings` configure, or None without `VENUEDESK_SMTP_URL`; a ValueError naming the
    setting when the URL is malformed or `VENUEDESK_MAIL_SECRET` (which signs the Reply-To) is missing."""
    endpoint = check_mail_settings(settings)
    if endpoint is None:
        return None
    return SmtpDelivery(settings=settings, sender=SmtplibSender(endpoint), clock=clock, venue_name=venue_name,
                        recipient_for=recipient_for, links_for=links_for)


def channel_delivery(clock: Clock, venue_name: str, settings: MailSettings | None = None,
                     links_for: LinksFor = no_links) -> ChannelDelivery:
    """The outbox transport of `serve` and `worker`: in-app for chat rows, SMTP for email rows when
    `VENUEDESK_SMTP_URL` is set (else email rows are refused with that reason)."""
    settings = settings or MailSettings()
    email = smtp_delivery_from_settings(settings, clock=clock, venue_name=venue_name, links_for=links_for)
    return ChannelDelivery(email=email)
