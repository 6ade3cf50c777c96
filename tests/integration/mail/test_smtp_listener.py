"""The SMTP listener, played against a real aiosmtpd server on a free loopback port with smtplib: mail for the
desk's domain is answered once, machine mail never, other domains are refused (no open relay)."""

from __future__ import annotations

import smtplib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mail_helpers import SENDER, SETTINGS, counts, mail, out_of_office
from venuedesk.transports.mail.smtp_listener import MailListener, parse_listen, start_listener
from venuedesk.workflow.desk import Desk


@pytest.fixture
def listener(desk: Desk, home: Path) -> Iterator[MailListener]:
    """A listener on 127.0.0.1 and a port the system chose; stopped (its thread joined) after the test."""
    threads_before = set(threading.enumerate())
    started = start_listener(desk, SETTINGS, home, "127.0.0.1", 0)
    try:
        yield started
    finally:
        started.stop()
        deadline = time.monotonic() + 5
        while set(threading.enumerate()) - threads_before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not set(threading.enumerate()) - threads_before, "the listener left a thread behind"


def _send(listener: MailListener, raw: bytes, *, to: str = "desk@venue.example", sender: str = SENDER) -> None:
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=30) as client:
        client.sendmail(sender, [to], raw)


def _thread_of(desk: Desk, message_id: str) -> str:
    with desk.uow() as uow:
        row = uow.mail.get(message_id)
    assert row is not None and row.thread_id is not None
    return row.thread_id


def test_a_new_inquiry_by_smtp_opens_a_thread_with_a_stored_answer(listener: MailListener, desk: Desk):
    _send(listener, mail())
    with desk.uow() as uow:
        history = uow.messages.history(_thread_of(desk, "<m1@example.com>"))
    assert [message.role for message in history] == ["client", "desk"]


def test_a_reply_with_in_reply_to_lands_on_the_same_thread(listener: MailListener, desk: Desk):
    _send(listener, mail())
    _send(listener, mail("Make it 35 people.", message_id="<m2@example.com>",
                         headers={"In-Reply-To": "<m1@example.com>"}))
    thread_id = _thread_of(desk, "<m1@example.com>")
    assert _thread_of(desk, "<m2@example.com>") == thread_id
    with desk.uow() as uow:
        assert uow.messages.count(thread_id) == 4


def test_an_out_of_office_mail_is_never_answered(listener: MailListener, desk: Desk, engine: Engine):
    _send(listener, mail())
    before = counts(engine)
    _send(listener, out_of_office(**{"In-Reply-To": "<m1@example.com>"}))
    after = counts(engine)
    assert (after["messages"], after["outbox"]) == (before["messages"], before["outbox"])
    assert after["mail_messages"] == before["mail_messages"] + 1


def test_a_bounce_with_an_empty_envelope_sender_is_never_answered(listener: MailListener, engine: Engine):
    _send(listener, mail(message_id="<bounce@mx.example.com>"), sender="")
    assert (counts(engine)["messages"], counts(engine)["outbox"]) == (0, 0)


def test_the_same_message_id_twice_changes_nothing(listener: MailListener, engine: Engine):
    _send(listener, mail())
    before = counts(engine)
    _send(listener, mail())
    assert counts(engine) == before


def test_a_relay_attempt_is_refused(listener: MailListener, engine: Engine):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(listener, mail(), to="someone@elsewhere.example")
    assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    assert counts(engine)["mail_messages"] == 0


def test_an_unreadable_mail_is_refused_with_554_and_the_reason(listener: MailListener):
    with pytest.raises(smtplib.SMTPDataError) as refused:
        _send(listener, b"this is not a mail at all")
    assert refused.value.smtp_code == 554 and b"no sender" in refused.value.smtp_error


def test_a_failure_of_ours_answers_451_so_the_sender_retries(desk: Desk, tmp_path: Path):
    home = tmp_path / "a-file"
    home.write_text("VENUEDESK_HOME is a file, so no attachment can be written")
    message = mail().replace(b"Content-Type: text/plain; charset=utf-8",
                             b'Content-Type: application/pdf; name="plan.pdf"\r\nContent-Disposition: attachment')
    started = start_listener(desk, SETTINGS, home, "127.0.0.1", 0)
    try:
        with pytest.raises(smtplib.SMTPDataError) as failed:
            _send(started, message)
    finally:
        started.stop()
    assert failed.value.smtp_code == 451


@pytest.mark.parametrize("value, expected", [("127.0.0.1:2525", ("127.0.0.1", 2525)),
                                             ("[::1]:25", ("::1", 25)), ("0.0.0.0:0", ("0.0.0.0", 0))])
def test_a_listen_address_is_host_and_port(value: str, expected: tuple[str, int]):
    assert parse_listen(value) == expected


@pytest.mark.parametrize("value", ["2525", "host:", ":25", "host:99999", "host:port"])
def test_a_malformed_listen_address_is_refused(value: str):
    with pytest.raises(ValueError, match="HOST:PORT"):
        parse_listen(value)


def test_a_german_inquiry_by_smtp_is_read_in_german(listener: MailListener, desk: Desk):
    raw = (b"From: =?utf-8?q?J=C3=BCrg_M=C3=BCller?= <juerg@example.ch>\r\nTo: desk@venue.example\r\n"
           b"Subject: =?utf-8?q?Anfrage_f=C3=BCr_M=C3=A4rz?=\r\nMessage-ID: <de1@example.ch>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
           b"Gr=C3=BCezi, wir m=C3=B6chten einen Workshop f=C3=BCr 30 Personen im M=C3=A4rz, am liebsten an einem "
           b"Dienstag, 9 bis 17 Uhr.\r\n")
    _send(listener, raw, sender="juerg@example.ch")
    view = desk.event_view(_thread_of(desk, "<de1@example.ch>"))
    assert view is not None
    assert (view["language"], view["client_email"], view["requirements"]["participants"]) == ("de",
                                                                                              "juerg@example.ch", 30)
