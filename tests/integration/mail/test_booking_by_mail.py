"""A whole booking by email only (issue 10): the client writes to the SMTP listener and answers by mail or by the
signed links in the desk's mails, the manager decides by the links in the task mails; every mail travels through a
real SMTP server (a local aiosmtpd sink) and every link through the app's own /l/ pages."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mail_helpers import SENDER, SETTINGS
from venuedesk.clock import FrozenClock
from venuedesk.jobs import manager_notify, outbox_delivery
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.sink import Sink, smtp_sink
from venuedesk.transports.mail.smtp_listener import MailListener, start_listener
from venuedesk.transports.mail.wiring import manager_mail, outbox_transport
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

MANAGER = "chef@venue.example"
PUBLIC = "http://testserver"


@dataclass(frozen=True)
class Words:
    """What the client writes and reads in one language."""

    inquiry: str
    room: str
    no_extras: str
    waiting: str
    accept: str
    billing: str


ENGLISH = Words("Hello, we'd like a workshop for 30 people on 10 March 2026, 9 to 5. Regards, Anna",
                "Room B", "No catering", "Waiting for the venue", "Agreed, we'll take it.",
                "Billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern")
GERMAN = Words("Guten Tag, wir planen einen Workshop für 30 Personen am 10. März 2026 von 9 bis 17 Uhr. Gruss, Anna",
               "Raum B", "Keine Verpflegung", "Wir warten auf das Haus", "Einverstanden, so machen wir es.",
               "Rechnungsadresse: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern")


@dataclass
class Mailroom:
    """The desk's mail world: the listener clients write to, the sink the desk writes to, the app serving links."""

    desk: Desk
    listener: MailListener
    sink: Sink
    client: TestClient
    jobs: JobDeps
    clock: FrozenClock
    seen: dict[str, int] = field(default_factory=dict)

    def write(self, text: str, *, message_id: str, subject: str, in_reply_to: str | None = None) -> None:
        """The client sends a mail to the desk over SMTP."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = f"Anna Meier <{SENDER}>", "desk@venue.example", subject
        message["Message-ID"] = message_id
        if in_reply_to:
            message["In-Reply-To"], message["References"] = in_reply_to, in_reply_to
        message.set_content(text)
        with smtplib.SMTP("127.0.0.1", self.listener.port, timeout=30) as smtp:
            smtp.send_message(message)

    def mails(self, to: str) -> list[EmailMessage]:
        """Run the mail jobs, then the new mails the sink received for `to` since the last look."""
        outbox_delivery.deliver_due(self.jobs, self.clock)
        manager_notify.notify_due(self.jobs, self.clock)
        mine = [mail for mail in self.sink.handler.messages() if to in str(mail["To"] or "")]
        new, self.seen[to] = mine[self.seen.get(to, 0):], len(mine)
        return new

    def follow(self, path: str) -> str:
        """Open a link from a mail (GET, the confirm page), then confirm it (POST); the result page's text."""
        assert self.client.get(path).status_code == 200
        done = self.client.post(path)
        assert done.status_code == 200, done.text
        return done.text


def _links(mail: EmailMessage) -> list[tuple[str, str]]:
    """(path, label) of every signed link in the mail's HTML part."""
    part = mail.get_body(preferencelist=("html",))
    assert part is not None
    html = str(part.get_content())
    return [(href.removeprefix(PUBLIC).replace("&amp;", "&"), re.sub(r"<[^>]+>", "", label).strip())
            for href, label in re.findall(rf'<a[^>]*href="({re.escape(PUBLIC)}/l/[^"]+)"[^>]*>(.*?)</a>', html, re.S)]


def _link(mail: EmailMessage, words: str) -> str:
    found = [path for path, label in _links(mail) if words in label]
    assert found, f"no link labelled {words!r} in {[label for _, label in _links(mail)]}"
    return found[0]


@pytest.fixture
def mailroom(desk: Desk, home: Path) -> Iterator[Mailroom]:
    with smtp_sink() as sink:
        settings = SETTINGS.model_copy(update={"smtp_url": sink.url, "manager_email": MANAGER, "public_url": PUBLIC})
        clock = desk.clock
        assert isinstance(clock, FrozenClock)
        jobs = deps_for_engine(desk.engine, outbox_transport(settings, home, clock, desk.venue),
                               manager_mail(settings, home, clock, desk.venue))
        app = create_app(desk, manager_token="m" * 32, settings=ServerSettings(home=home), mail_settings=settings)
        listener = start_listener(desk, settings, home, "127.0.0.1", 0)
        try:
            with TestClient(app) as client:
                yield Mailroom(desk, listener, sink, client, jobs, clock)
        finally:
            listener.stop()


def _thread(desk: Desk, message_id: str) -> str:
    with desk.uow() as uow:
        row = uow.mail.get(message_id)
    assert row is not None and row.thread_id is not None
    return row.thread_id


@pytest.mark.parametrize("words", [ENGLISH, GERMAN], ids=["en", "de"])
def test_a_booking_runs_from_inquiry_to_confirmed_by_mail_alone(mailroom: Mailroom, words: Words) -> None:
    desk = mailroom.desk
    mailroom.write(words.inquiry, message_id="<inquiry@example.com>", subject="Workshop in March")
    thread_id = _thread(desk, "<inquiry@example.com>")
    [rooms] = mailroom.mails(SENDER)
    assert rooms["Subject"] == "Re: Workshop in March" and rooms["In-Reply-To"] == "<inquiry@example.com>"

    mailroom.follow(_link(rooms, words.room))
    [products] = mailroom.mails(SENDER)
    mailroom.follow(_link(products, words.no_extras))
    [holding] = mailroom.mails(SENDER)
    assert words.waiting in str(holding.get_body(preferencelist=("plain",)).get_content())

    [task] = mailroom.mails(MANAGER)
    mailroom.follow(_link(task, "Approve"))
    [offer] = mailroom.mails(SENDER)
    view = desk.event_view(thread_id) or {}
    total = Decimal(str(view["offer"]["total"]))
    offer_text = str(offer.get_body(preferencelist=("plain",)).get_content())
    assert f"{total:,.2f}".replace(",", "’") in offer_text or f"{total:.2f}" in offer_text

    mailroom.write(words.accept, message_id="<accept@example.com>", subject="Re: Workshop in March",
                   in_reply_to=str(offer["Message-ID"]))
    assert _thread(desk, "<accept@example.com>") == thread_id
    assert (desk.event_view(thread_id) or {})["offer"]["status"] == "Accepted"
    mailroom.mails(SENDER)
    mailroom.write(words.billing, message_id="<billing@example.com>", subject="Re: Workshop in March",
                   in_reply_to=str(offer["Message-ID"]))
    mailroom.mails(SENDER)
    deposit = (desk.event_view(thread_id) or {})["deposit"]
    if deposit["required"]:
        desk.mark_deposit_paid(thread_id, Decimal(str(deposit["amount"])))
    for _ in range(3):
        for task in mailroom.mails(MANAGER):
            mailroom.follow(_link(task, "Approve"))
        if (desk.event_view(thread_id) or {})["status"] == "Confirmed":
            break
    assert (desk.event_view(thread_id) or {})["status"] == "Confirmed"
    [confirmed] = mailroom.mails(SENDER)[-1:]
    invite = [path for path, _ in _links(confirmed) if path.startswith("/l/i.")]
    assert invite, "the confirmation mail links the calendar invite"
    ics = mailroom.client.get(invite[0])
    assert ics.headers["content-type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
