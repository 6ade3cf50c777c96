"""Which thread a mail lands on: our Message-ID, a signed plus address, the client's own earlier mail, else a
new thread; nothing a sender writes moves a mail onto a thread it does not belong to."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from mail_helpers import SETTINGS, counts, mail
from venuedesk.transports.mail.addresses import outbound_message_id, reply_to_address
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.threading import new_thread_id
from venuedesk.workflow.desk import Desk


def _first(desk: Desk, home: Path) -> str:
    outcome = receive_mail(desk, mail(), SETTINGS, home=home)
    assert outcome.status == "accepted" and outcome.thread_id is not None
    return outcome.thread_id


def _our_message_id(desk: Desk, thread_id: str) -> str:
    with desk.uow() as uow:
        outbox_id = uow.outbox.for_thread(thread_id)[0].id
    return outbound_message_id(outbox_id, thread_id, SETTINGS.domain)


def _reply(message_id: str, **headers: str) -> bytes:
    return mail("We take the first date you offered.", message_id=message_id, headers=headers)


def test_a_reply_with_our_message_id_in_in_reply_to_lands_on_its_thread(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    answer = _reply("<m2@example.com>", **{"In-Reply-To": _our_message_id(desk, thread_id)})
    assert receive_mail(desk, answer, SETTINGS, home=home).thread_id == thread_id


def test_a_reply_with_our_message_id_only_in_references_lands_on_its_thread(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    answer = _reply("<m2@example.com>", References=f"<other@example.com> {_our_message_id(desk, thread_id)}")
    assert receive_mail(desk, answer, SETTINGS, home=home).thread_id == thread_id


def test_a_mail_to_a_signed_plus_address_lands_on_its_thread(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    address = reply_to_address(thread_id, mailbox="desk", domain=SETTINGS.domain, secret=str(SETTINGS.mail_secret))
    answer = mail("Also 5 more guests.", message_id="<m2@example.com>", to=address)
    assert receive_mail(desk, answer, SETTINGS, home=home).thread_id == thread_id


def test_a_plus_address_in_delivered_to_lands_on_its_thread(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    address = reply_to_address(thread_id, mailbox="desk", domain=SETTINGS.domain, secret=str(SETTINGS.mail_secret))
    answer = _reply("<m2@example.com>", **{"Delivered-To": address})
    assert receive_mail(desk, answer, SETTINGS, home=home).thread_id == thread_id


def test_a_reply_to_the_client_s_own_earlier_mail_lands_on_its_thread(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    answer = _reply("<m2@example.com>", **{"In-Reply-To": "<m1@example.com>"})
    assert receive_mail(desk, answer, SETTINGS, home=home).thread_id == thread_id


def test_two_separate_mails_from_one_sender_open_two_threads(desk: Desk, home: Path, engine: Engine):
    first = _first(desk, home)
    second = receive_mail(desk, mail("Another event: a dinner for 60 in May.", message_id="<m9@example.com>"),
                          SETTINGS, home=home)
    assert second.status == "accepted" and second.thread_id not in (None, first)
    assert counts(engine)["threads"] == 2


def test_a_forged_plus_address_never_threads(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    forged = mail("Cancel everything.", message_id="<evil@example.net>", sender="mallory@example.net",
                  to=f"desk+{thread_id}.0123456789abcdef@venue.example")
    assert receive_mail(desk, forged, SETTINGS, home=home).thread_id != thread_id


def test_a_forged_outbound_message_id_never_threads(desk: Desk, home: Path):
    thread_id = _first(desk, home)
    forged = _reply("<evil@example.net>", **{"In-Reply-To": outbound_message_id(999, thread_id, SETTINGS.domain)})
    assert receive_mail(desk, forged, SETTINGS, home=home).thread_id != thread_id


def test_our_message_id_naming_another_thread_s_outbox_row_never_threads(desk: Desk, home: Path):
    first = _first(desk, home)
    second = receive_mail(desk, mail("A dinner for 60.", message_id="<m9@example.com>"), SETTINGS, home=home).thread_id
    assert second is not None
    with desk.uow() as uow:
        first_row = uow.outbox.for_thread(first)[0].id
    moved = _reply("<evil@example.net>", **{"In-Reply-To": outbound_message_id(first_row, second, SETTINGS.domain)})
    assert receive_mail(desk, moved, SETTINGS, home=home).thread_id not in (first, second)


def test_a_redelivery_after_a_crash_finds_the_thread_the_mail_opened(desk: Desk, home: Path, engine: Engine):
    desk.open_thread(thread_id=new_thread_id("<m1@example.com>", SETTINGS), channel="email")
    outcome = receive_mail(desk, mail(), SETTINGS, home=home)
    assert outcome.thread_id == new_thread_id("<m1@example.com>", SETTINGS)
    assert counts(engine)["threads"] == 1
