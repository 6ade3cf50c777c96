"""The SMTP listener (aiosmtpd) for mail forwarded to the desk: only addresses of the install's venues are accepted
(no open relay; transports/mail/recipient_venue.py), and each mail goes through `receive_mail` in a worker thread, on
the desk of the venue it belongs to: the thread it answers, else the venue address it was sent to
(transports/mail/mail_venue.py).

Replies: 250 when the mail was taken (accepted, a duplicate, or an auto-reply kept unanswered), 554 with the
reason when it cannot be read (the sender's server bounces it to the sender), 451 on an internal error so the
sending server retries later and nothing is lost."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from venuedesk.transports.listen import ListenError, host_port
from venuedesk.calendars.ports import CalendarReader
from venuedesk.domain.catalogue import Venue
from venuedesk.transports.mail.inbound import InboundMail, MailRejected, parse_mail
from venuedesk.transports.mail.mail_venue import venue_of_mail
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.recipient_venue import VenueDirectory
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.venues import VenueDesks
from venuedesk.workflow.desk import Desk

log = logging.getLogger("venuedesk.mail")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")
_LINE_BREAKS = re.compile(r"[\r\n]+")


class DeskMailHandler:
    """aiosmtpd handler: RCPT only for an address of a venue the install has, DATA through `receive_mail` on the
    desk of the mail's venue."""

    def __init__(self, venues: VenueDesks, settings: MailSettings, home: Path) -> None:
        self.venues = venues
        self.settings = settings
        self.home = home

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str],
    ) -> str:
        """Accept the addresses of the install's venues; refuse any other (this is not a relay), nothing stored."""
        directory = await asyncio.to_thread(VenueDirectory.load, self.venues.default.engine, self.settings)
        domain = address.rpartition("@")[2].strip(" <>").lower()
        if not directory.takes(address):
            log.warning("SMTP relay attempt refused", extra={"domain": domain})
            return f"550 5.7.1 Relaying denied: this server takes mail for @{self.settings.domain} and the " \
                   "venues' own addresses only"
        venue = await asyncio.to_thread(directory.venue_of, address, self.venues.default.engine,
                                        self.settings.mail_secret)
        if venue is None:
            log.info("mail for an address of no venue refused", extra={"domain": domain})
            return f"550 5.1.1 No venue desk has this address at @{domain}: write to a venue's own address"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        """Hand the mail, with its envelope as Return-Path and Delivered-To headers, to the desk."""
        raw = _with_envelope(envelope)
        try:
            desk, parsed = await asyncio.to_thread(self._route, raw, envelope.rcpt_tos)
            outcome = await asyncio.to_thread(receive_mail, desk, raw, self.settings, home=self.home, parsed=parsed)
        except Exception:  # any failure of ours: the sending server keeps the mail and retries
            log.exception("inbound mail failed; answered 451 so the sender retries")
            return "451 4.3.0 Temporary failure at the booking desk; please retry later"
        if outcome.status == "rejected":
            return f"554 5.6.0 Mail not accepted: {_one_line(outcome.reason or 'unreadable')}"
        return f"250 2.0.0 {outcome.status}"

    def _route(self, raw: bytes, recipients: list[str]) -> tuple[Desk, InboundMail | None]:
        """The mail read once (None when unreadable: `receive_mail` records why) and the desk of its venue (the
        default venue's when nothing names one)."""
        mail = _parsed(raw)
        venue = venue_of_mail(mail, recipients, self.settings, self.venues.default.engine)
        return (self.venues.get(venue) if venue else None) or self.venues.default, mail


class MailListener(Controller):
    """An aiosmtpd Controller that also serves on port 0 (the port the system chose is `port` once started).
    """

    def _trigger_server(self) -> None:
        sockets = getattr(self.server, "sockets", None)
        if sockets:
            self.port = sockets[0].getsockname()[1]
        super()._trigger_server()


def start_listener(desk: Desk, settings: MailSettings, home: Path, host: str, port: int, *,
                   calendars_for: Callable[[Venue], CalendarReader] | None = None) -> MailListener:
    """Start the SMTP listener on host:port in its own thread and event loop, filing mail for `desk`'s venue and
    every other venue of the install (their desks read their calendars through `calendars_for`); stop it with
    `.stop()`. ListenError when the address cannot be bound (the command ends with that one line)."""
    handler = DeskMailHandler(VenueDesks(desk, calendars_for=calendars_for), settings, home)
    options: dict[str, Any] = {"data_size_limit": settings.max_inbound_bytes, "enable_SMTPUTF8": True,
                               "ident": "venuedesk ESMTP"}
    listener = MailListener(handler, hostname=host, port=port, server_hostname=settings.domain, **options)
    try:
        listener.start()
    except OSError as exc:
        raise ListenError(f"cannot receive mail on {host_port(host, port)}: {exc.strerror or exc}; choose "
                          "another HOST:PORT (venuedesk smtp --listen, venuedesk serve --smtp)") from exc
    return listener


def parse_listen(value: str) -> tuple[str, int]:
    """`HOST:PORT` (IPv6 in brackets) → (host, port); ValueError with the expected form otherwise."""
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT such as 127.0.0.1:2525, got {value!r}")
    return host, int(port)


def _with_envelope(envelope: Envelope) -> bytes:
    """The mail as delivered: Return-Path from MAIL FROM (empty for a bounce) and one Delivered-To per
    recipient."""
    content = envelope.original_content or envelope.content or b""
    data = content if isinstance(content, bytes) else content.encode("utf-8", errors="replace")
    lines = [f"Return-Path: <{_header(envelope.mail_from or '')}>"]
    lines += [f"Delivered-To: {_header(rcpt)}" for rcpt in envelope.rcpt_tos]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8") + data


def _parsed(raw: bytes) -> InboundMail | None:
    """The mail read once (None when unreadable: `receive_mail` records why, at the venue its envelope names)."""
    try:
        return parse_mail(raw)
    except MailRejected:
        return None


def _header(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip(" <>")


def _one_line(text: str) -> str:
    return _UNPRINTABLE.sub(" ", text).strip()[:400]


def run_listener(desk: Desk, settings: MailSettings, home: Path, host: str, port: int, *,
                 calendars_for: Callable[[Venue], CalendarReader] | None = None) -> None:
    """`venuedesk smtp`: listen until Ctrl+C or SIGTERM, then stop the listener and its event loop."""
    import signal
    import sys
    import threading

    stopped = threading.Event()
    listener = start_listener(desk, settings, home, host, port, calendars_for=calendars_for)
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(f"venuedesk: receiving mail for @{settings.domain} on smtp://{host_port(host, listener.port)}",
          file=sys.stderr, flush=True)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        listener.stop()
