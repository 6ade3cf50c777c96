"""Inbound mail per venue over a real aiosmtpd listener (docs/tenancy.md): `desk+{venue}@domain` files a mail under
that venue, a thread's Reply-To under the thread's venue, an answer that names a venue's mail only by In-Reply-To /
References under that mail's venue, the plain desk address under the default venue, and a venue the install does not
have (or an address of none) is refused at RCPT."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from mail_helpers import NOW, SENDER, SETTINGS, counts, mail
from venuedesk.domain.anonymise import erased_message_id
from venuedesk.store.catalogue import seed
from venuedesk.store.models import MailMessageRow, ThreadRow
from venuedesk.store.venues import add_venue
from venuedesk.transports.mail.addresses import reply_to_address
from venuedesk.transports.mail.smtp_listener import MailListener, start_listener
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

BETA = "beta"


@pytest.fixture
def listener(engine: Engine, desk: Desk, home: Path) -> Iterator[MailListener]:
    add_venue(engine, BETA, "Beta Hall", NOW)
    seed(engine, load_catalogue_documents(None), venue_id=BETA)
    started = start_listener(desk, SETTINGS, home, "127.0.0.1", 0)
    try:
        yield started
    finally:
        started.stop()


def _send(listener: MailListener, raw: bytes, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=30) as client:
        client.sendmail(SENDER, [to], raw)


def _filed(engine: Engine, message_id: str) -> tuple[str, str]:
    """(venue of the stored mail, venue of its thread)."""
    with engine.connect() as connection:
        venue, thread_id = connection.execute(select(MailMessageRow.venue_id, MailMessageRow.thread_id)
                                              .where(MailMessageRow.message_id == message_id)).one()
        thread_venue = connection.scalar(select(ThreadRow.venue_id).where(ThreadRow.id == thread_id))
    return venue, str(thread_venue)


def _thread(engine: Engine, message_id: str) -> str:
    with engine.connect() as connection:
        return str(connection.scalar(select(MailMessageRow.thread_id).where(MailMessageRow.message_id == message_id)))


def test_mail_to_a_venues_plus_address_is_filed_under_that_venue(listener: MailListener, engine: Engine) -> None:
    _send(listener, mail(to="desk+beta@venue.example"), "desk+beta@venue.example")
    assert _filed(engine, "<m1@example.com>") == (BETA, BETA)


def test_mail_to_the_plain_desk_address_is_filed_under_the_default_venue(listener: MailListener,
                                                                        engine: Engine) -> None:
    _send(listener, mail(), "desk@venue.example")
    assert _filed(engine, "<m1@example.com>") == ("default", "default")


def test_an_answer_to_a_venues_reply_to_address_lands_on_its_thread(listener: MailListener, engine: Engine) -> None:
    _send(listener, mail(to="desk+beta@venue.example"), "desk+beta@venue.example")
    thread_id = _thread(engine, "<m1@example.com>")
    reply_to = reply_to_address(thread_id, mailbox=SETTINGS.mailbox, domain=SETTINGS.domain,
                                secret=str(SETTINGS.mail_secret))
    _send(listener, mail("Make it 35 people.", message_id="<m2@example.com>", to=reply_to), reply_to)
    assert _thread(engine, "<m2@example.com>") == thread_id
    assert _filed(engine, "<m2@example.com>") == (BETA, BETA)


def test_mail_for_a_venue_the_install_does_not_have_is_refused(listener: MailListener, engine: Engine) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(listener, mail(to="desk+nowhere@venue.example"), "desk+nowhere@venue.example")
    assert refused.value.recipients["desk+nowhere@venue.example"][0] == 550
    assert counts(engine)["mail_messages"] == 0


def test_mail_to_an_address_of_no_venue_is_refused(listener: MailListener, engine: Engine) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(listener, mail(to="bookings@venue.example"), "bookings@venue.example")
    code, reason = refused.value.recipients["bookings@venue.example"]
    assert (code, b"No venue desk has this address" in reason) == (550, True)
    assert counts(engine)["mail_messages"] == 0


def test_an_answer_with_only_in_reply_to_reaches_the_venue_of_the_mail_it_answers(listener: MailListener,
                                                                                  engine: Engine) -> None:
    _send(listener, mail(to="desk+beta@venue.example"), "desk+beta@venue.example")
    answer = mail("Make it 35 people.", message_id="<m2@example.com>", headers={"In-Reply-To": "<m1@example.com>"})
    _send(listener, answer, "desk@venue.example")
    assert _thread(engine, "<m2@example.com>") == _thread(engine, "<m1@example.com>")
    assert _filed(engine, "<m2@example.com>") == (BETA, BETA)


def test_an_answer_to_a_mail_kept_hashed_after_an_erasure_reaches_its_venue(listener: MailListener,
                                                                            engine: Engine) -> None:
    _send(listener, mail(to="desk+beta@venue.example"), "desk+beta@venue.example")
    with engine.begin() as connection:
        connection.execute(update(MailMessageRow).values(message_id=erased_message_id("<m1@example.com>")))
    answer = mail("Are you still there?", message_id="<m2@example.com>", headers={"References": "<m1@example.com>"})
    _send(listener, answer, "desk@venue.example")
    assert _filed(engine, "<m2@example.com>")[0] == BETA
