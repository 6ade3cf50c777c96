"""Each venue's own sending identity over real SMTP (docs/tenancy.md): two venues' mail goes out from their own
addresses (one given, `Atelier Bookings <bookings@atelier.example>`, one by default, `desk+beta@venue.example`),
manager mail too; a new mail to a venue's own address opens a thread at that venue, and an answer that names a
venue's mail only by In-Reply-To lands on that venue's thread, whichever desk address it is sent to."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from mail_helpers import NOW, SETTINGS, counts, mail
from venuedesk.clock import FrozenClock
from venuedesk.jobs import outbox_delivery
from venuedesk.jobs.base import deps_for_engine
from venuedesk.store.catalogue import seed
from venuedesk.store.models import MailMessageRow, ThreadRow
from venuedesk.store.venue_mail import set_mail_from
from venuedesk.store.venues import add_venue
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.sink import Sink, smtp_sink
from venuedesk.transports.mail.smtp_listener import MailListener, start_listener
from venuedesk.transports.mail.wiring import manager_mail, outbox_transport
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.manager_notices import Digest

ATELIER, BETA = "atelier", "beta"
ATELIER_FROM = "bookings@atelier.example"
ANNA, BEN = "anna@example.com", "ben@example.com"


@dataclass
class Install:
    """Two venues besides `default`, the desk's SMTP listener and the outbound sink, both real aiosmtpd servers."""

    engine: Engine
    settings: MailSettings
    listener: MailListener
    sink: Sink
    home: Path

    def send(self, raw: bytes, to: str, sender: str = ANNA) -> None:
        with smtplib.SMTP("127.0.0.1", self.listener.port, timeout=30) as client:
            client.sendmail(sender, [to], raw)

    def deliver(self, venue_id: str) -> None:
        """Run venue `venue_id`'s outbox delivery once, as `serve` or the worker does."""
        desk = Desk(self.engine, FrozenClock(NOW), venue_id=venue_id)
        transport = outbox_transport(self.settings, self.home, desk.clock, desk.venue, venue_id)
        outbox_delivery.deliver_due(deps_for_engine(self.engine, transport, venue_id=venue_id), desk.clock)

    def sent_to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.sink.handler.messages() if str(message["To"]).endswith(address)]

    def filed(self, message_id: str) -> tuple[str, str]:
        """(the venue of the mail's thread, the thread)."""
        with self.engine.connect() as connection:
            thread_id = str(connection.scalar(select(MailMessageRow.thread_id)
                                              .where(MailMessageRow.message_id == message_id)))
            return str(connection.scalar(select(ThreadRow.venue_id).where(ThreadRow.id == thread_id))), thread_id


@pytest.fixture
def engine(seeded_engine: Engine) -> Engine:
    """This module runs on each backend: venue routing reads `venues.mail_from` and the Message-ID index there."""
    return seeded_engine


@pytest.fixture
def install(engine: Engine, desk: Desk, home: Path) -> Iterator[Install]:
    for venue_id, name in ((ATELIER, "Atelier"), (BETA, "Beta Hall")):
        add_venue(engine, venue_id, name, NOW)
        seed(engine, load_catalogue_documents(None), venue_id=venue_id)
    set_mail_from(engine, ATELIER, f"Atelier Bookings <{ATELIER_FROM}>")
    with smtp_sink() as sink:
        settings = SETTINGS.model_copy(update={"smtp_url": sink.url, "manager_email": "manager@venue.example"})
        listener = start_listener(desk, settings, home, "127.0.0.1", 0)
        try:
            yield Install(engine, settings, listener, sink, home)
        finally:
            listener.stop()


def test_a_new_mail_to_a_venues_own_address_opens_a_thread_at_that_venue(install: Install) -> None:
    install.send(mail(to=ATELIER_FROM), ATELIER_FROM)
    assert install.filed("<m1@example.com>")[0] == ATELIER


def test_each_venue_sends_from_its_own_address(install: Install) -> None:
    install.send(mail(to=ATELIER_FROM), ATELIER_FROM)
    install.send(mail(message_id="<b1@example.com>", sender=BEN, to="desk+beta@venue.example"),
                 "desk+beta@venue.example", sender=BEN)
    install.deliver(ATELIER)
    install.deliver(BETA)
    [to_anna], [to_ben] = install.sent_to(ANNA), install.sent_to(BEN)
    assert str(to_anna["From"]) == f"Atelier Bookings <{ATELIER_FROM}>"
    assert to_ben["From"].addresses[0].addr_spec == "desk+beta@venue.example"
    assert to_anna["Reply-To"].addresses[0].addr_spec.startswith("bookings+thr_")
    assert to_anna["Reply-To"].addresses[0].domain == "atelier.example"
    assert to_ben["Reply-To"].addresses[0].addr_spec.startswith("desk+thr_")


def test_an_answer_with_only_in_reply_to_lands_on_the_venues_thread(install: Install) -> None:
    install.send(mail(to=ATELIER_FROM), ATELIER_FROM)
    install.deliver(ATELIER)
    [reply] = install.sent_to(ANNA)
    answer = mail("Make it 35 people.", message_id="<m2@example.com>", headers={"In-Reply-To": reply["Message-ID"]})
    install.send(answer, "desk@venue.example")
    assert install.filed("<m2@example.com>") == install.filed("<m1@example.com>")
    assert install.filed("<m2@example.com>")[0] == ATELIER


def test_an_answer_to_the_reply_to_at_the_venues_own_domain_lands_on_its_thread(install: Install) -> None:
    install.send(mail(to=ATELIER_FROM), ATELIER_FROM)
    install.deliver(ATELIER)
    reply_to = install.sent_to(ANNA)[0]["Reply-To"].addresses[0].addr_spec
    install.send(mail("Make it 35 people.", message_id="<m2@example.com>", to=reply_to), reply_to)
    assert install.filed("<m2@example.com>") == install.filed("<m1@example.com>")


@pytest.mark.parametrize("address", ["someone@atelier.example", "desk+nowhere@venue.example", "x@elsewhere.example"])
def test_an_address_of_no_venue_is_refused_and_nothing_is_stored(install: Install, address: str) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        install.send(mail(to=address), address)
    assert refused.value.recipients[address][0] == 550
    assert counts(install.engine)["mail_messages"] == 0


def test_a_venues_manager_mail_goes_out_from_its_own_address(install: Install) -> None:
    desk = Desk(install.engine, FrozenClock(NOW), venue_id=ATELIER)
    notifier = manager_mail(install.settings, install.home, desk.clock, desk.venue, ATELIER, install.engine)
    assert notifier is not None
    notifier.send_digest(Digest(day=date(2026, 2, 2), now=NOW, tasks=(), open_total=0, options=()))
    [digest] = install.sent_to("manager@venue.example")
    assert str(digest["From"]) == f"Atelier Bookings <{ATELIER_FROM}>"
