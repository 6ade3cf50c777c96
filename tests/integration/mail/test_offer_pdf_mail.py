"""The offer mail carries the offer version's PDF (docs/documents.md): the client writes over SMTP, the manager
approves, the outbox job mails the offer through a real local SMTP server (aiosmtpd) with the stored PDF attached;
a German client's mail carries the PDF in German."""

from __future__ import annotations

import io
import smtplib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader

from mail_helpers import SENDER, SETTINGS
from render_probe import probe_renders
from venuedesk.clock import FrozenClock
from venuedesk.jobs import outbox_delivery
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.transports.mail.sink import Sink, smtp_sink
from venuedesk.transports.mail.smtp_listener import start_listener
from venuedesk.transports.mail.wiring import outbox_transport
from venuedesk.workflow.desk import Desk

WORKED_EXAMPLE = ("Hello, please book Room B for a workshop with 30 people on 10 March 2026 from 09:00-17:00, with "
                  "coffee & snacks, lunch and two wireless microphones.")
WORKED_EXAMPLE_DE = ("Guten Tag, bitte buchen Sie Raum B für einen Workshop mit 30 Personen am 10. März 2026 von "
                     "09:00-17:00, mit Kaffee & Snacks, Mittagessen und zwei Funkmikrofonen.")


@pytest.fixture
def outbox(desk: Desk, home: Path) -> Iterator[tuple[Sink, JobDeps, int]]:
    """The SMTP sink the desk mails to, the jobs delivering to it, and the port of the desk's SMTP listener."""
    with smtp_sink() as sink:
        settings = SETTINGS.model_copy(update={"smtp_url": sink.url})
        clock = desk.clock
        assert isinstance(clock, FrozenClock)
        jobs = deps_for_engine(desk.engine, outbox_transport(settings, home, clock, desk.venue))
        listener = start_listener(desk, settings, home, "127.0.0.1", 0)
        try:
            yield sink, jobs, listener.port
        finally:
            listener.stop()


def _offer_mailed(desk: Desk, outbox: tuple[Sink, JobDeps, int], text: str = WORKED_EXAMPLE) -> EmailMessage:
    """The worked example by mail (`text`), the offer approved, the outbox delivered: the offer mail the client
    got."""
    sink, jobs, port = outbox
    inquiry = EmailMessage()
    inquiry["From"], inquiry["To"], inquiry["Subject"] = SENDER, "desk@venue.example", "Workshop"
    inquiry["Message-ID"] = "<inquiry@example.com>"
    inquiry.set_content(text)
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.send_message(inquiry)
    [task] = desk.open_tasks()
    desk.decide(task["task_id"], "approve")
    outbox_delivery.deliver_due(jobs, desk.clock)
    return sink.handler.messages()[-1]


def test_the_offer_mail_carries_the_offer_pdf(desk: Desk, outbox: tuple[Sink, JobDeps, int]) -> None:
    mail = _offer_mailed(desk, outbox)
    [pdf] = [part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() is not None and pdf.get_filename().endswith("-v1.pdf")
    text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    assert "CHF 2'090.00" in text and "CHF 156.60" in text and "CHF 627.00" in text


def test_a_german_clients_offer_mail_carries_the_pdf_in_german(desk: Desk,
                                                               outbox: tuple[Sink, JobDeps, int]) -> None:
    mail = _offer_mailed(desk, outbox, WORKED_EXAMPLE_DE)
    assert mail["Content-Language"] == "de"
    [pdf] = [part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_content() == desk.offer_pdf(_thread(desk)).content
    text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    for expected in ("Angebot, Version 1", "Dienstag, 10. März 2026", "Total (inkl. MWST) CHF 2'090.00",
                     "8.1 % MWST: CHF 156.60", "Anzahlung: CHF 627.00", "Stornierung: mehr als 30 Tage"):
        assert expected in text, expected


def test_the_attached_pdf_is_the_stored_one(desk: Desk, outbox: tuple[Sink, JobDeps, int]) -> None:
    mail = _offer_mailed(desk, outbox)
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_content() == desk.offer_pdf(_thread(desk)).content


def test_the_mail_keeps_its_text_and_html_bodies(desk: Desk, outbox: tuple[Sink, JobDeps, int]) -> None:
    mail = _offer_mailed(desk, outbox)
    assert mail.get_content_type() == "multipart/mixed" and mail["Content-Language"] == "en"
    assert "CHF 2'090.00" in str(mail.get_body(preferencelist=("plain",)).get_content())
    assert mail.get_body(preferencelist=("html",)) is not None


def test_a_reply_without_an_offer_has_no_attachment(desk: Desk, outbox: tuple[Sink, JobDeps, int]) -> None:
    _offer_mailed(desk, outbox)
    first = outbox[0].handler.messages()[0]  # the "held for the venue" reply to the inquiry
    assert list(first.iter_attachments()) == []


def _thread(desk: Desk) -> str:
    with desk.uow() as uow:
        row = uow.mail.get("<inquiry@example.com>")
    assert row is not None and row.thread_id is not None
    return row.thread_id


def test_the_offer_mails_pdf_is_rendered_with_no_write_transaction_open(
        desk: Desk, outbox: tuple[Sink, JobDeps, int], monkeypatch: pytest.MonkeyPatch) -> None:
    lock_free = probe_renders(Path(str(desk.engine.url.database)), monkeypatch)
    mail = _offer_mailed(desk, outbox)
    assert [part.get_content_type() for part in mail.iter_attachments()] == ["application/pdf"]
    assert lock_free == [True], "one render, while another connection could write"
