"""receive_mail: one mail in, answered once through the Desk; machine mail kept and never answered; unreadable
mail rejected with the reason and kept; files kept with the thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import Engine, select

from mail_helpers import NOW, SENDER, SETTINGS, counts, mail, out_of_office
from venuedesk.clock import FrozenClock
from venuedesk.store.db import ensure_ready
from venuedesk.store.models import ThreadRow
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.workflow.desk import MAX_MESSAGE_CHARS, Desk
from venuedesk.workflow.privacy import erase_by_email


def test_a_new_inquiry_opens_an_email_thread_and_gets_an_answer(desk: Desk, home: Path, engine: Engine):
    outcome = receive_mail(desk, mail(), SETTINGS, home=home)
    assert outcome.status == "accepted"
    with desk.uow() as uow:
        thread = uow.threads.get(str(outcome.thread_id))
        history = uow.messages.history(str(outcome.thread_id))
    assert thread is not None and thread.channel == "email"
    assert [message.role for message in history] == ["client", "desk"]
    assert counts(engine)["outbox"] == 1


def test_the_sender_s_address_becomes_the_event_s_client_email(desk: Desk, home: Path):
    outcome = receive_mail(desk, mail(sender="Anna@Example.com"), SETTINGS, home=home)
    view = desk.event_view(str(outcome.thread_id))
    assert view is not None and view["client_email"] == SENDER


def test_the_same_message_id_delivered_twice_changes_nothing(desk: Desk, home: Path, engine: Engine):
    first = receive_mail(desk, mail(), SETTINGS, home=home)
    before = counts(engine)
    again = receive_mail(desk, mail(), SETTINGS, home=home)
    assert (again.status, again.thread_id) == ("duplicate", first.thread_id)
    assert counts(engine) == before
    with desk.uow() as uow:
        row = uow.mail.get("<m1@example.com>")
    assert row is not None and row.deliveries == 2


def test_a_mail_delivered_again_after_its_client_was_erased_changes_nothing(desk: Desk, home: Path, engine: Engine):
    first = receive_mail(desk, mail(), SETTINGS, home=home)
    assert erase_by_email(engine, desk.clock, SENDER, actor="cli") == [first.thread_id]
    before = counts(engine)
    again = receive_mail(desk, mail(), SETTINGS, home=home)
    assert (again.status, again.thread_id) == ("duplicate", first.thread_id)
    assert counts(engine) == before


def test_a_redelivered_mail_without_a_message_id_changes_nothing(desk: Desk, home: Path, engine: Engine):
    receive_mail(desk, mail(message_id=None), SETTINGS, home=home)
    before = counts(engine)
    assert receive_mail(desk, mail(message_id=None), SETTINGS, home=home).status == "duplicate"
    assert counts(engine) == before


def test_an_out_of_office_answer_is_kept_and_never_answered(desk: Desk, home: Path, engine: Engine):
    thread_id = receive_mail(desk, mail(), SETTINGS, home=home).thread_id
    before = counts(engine)
    outcome = receive_mail(desk, out_of_office(**{"In-Reply-To": "<m1@example.com>"}), SETTINGS, home=home)
    assert (outcome.status, outcome.thread_id) == ("ignored", thread_id)
    after = counts(engine)
    assert (after["messages"], after["outbox"], after["threads"]) == \
        (before["messages"], before["outbox"], before["threads"])
    with desk.uow() as uow:
        row = uow.mail.get("<ooo1@example.com>")
    assert row is not None and (row.outcome, row.thread_id) == ("auto_reply", thread_id)


def test_an_auto_reply_to_nothing_we_know_opens_no_thread(desk: Desk, home: Path, engine: Engine):
    outcome = receive_mail(desk, out_of_office(), SETTINGS, home=home)
    assert (outcome.status, outcome.thread_id) == ("ignored", None)
    assert counts(engine)["threads"] == 0


def test_garbage_is_rejected_with_the_reason_and_its_bytes_kept(desk: Desk, home: Path, engine: Engine):
    outcome = receive_mail(desk, b"\x00\x01 this is not a mail", SETTINGS, home=home)
    assert outcome.status == "rejected" and outcome.reason
    assert len(list((home / "mail" / "rejected").glob("*.eml"))) == 1
    assert counts(engine)["threads"] == 0


def test_a_redelivered_rejected_mail_is_rejected_again_with_its_reason(desk: Desk, home: Path):
    empty = mail("", subject="", message_id="<empty@example.com>")
    first = receive_mail(desk, empty, SETTINGS, home=home)
    again = receive_mail(desk, empty, SETTINGS, home=home)
    assert (first.status, again.status) == ("rejected", "rejected")
    assert again.reason == first.reason and "no text" in str(first.reason)


def test_an_empty_mail_opens_no_thread(desk: Desk, home: Path, engine: Engine):
    receive_mail(desk, mail("", subject=""), SETTINGS, home=home)
    assert counts(engine)["threads"] == 0


def test_mail_from_the_desk_s_own_address_is_never_answered(desk: Desk, home: Path, engine: Engine):
    outcome = receive_mail(desk, mail(sender="desk+thr_x.0123456789abcdef@venue.example"), SETTINGS, home=home)
    assert outcome.status == "ignored" and "loop" in str(outcome.reason)
    assert (counts(engine)["threads"], counts(engine)["outbox"]) == (0, 0)


def test_a_colleague_at_the_venue_s_domain_is_answered(desk: Desk, home: Path):
    assert receive_mail(desk, mail(sender="events@venue.example"), SETTINGS, home=home).status == "accepted"


def test_a_mail_over_the_size_limit_is_rejected(desk: Desk, home: Path):
    small = SETTINGS.model_copy(update={"max_inbound_bytes": 16 * 1024})
    outcome = receive_mail(desk, mail("x" * 20_000), small, home=home)
    assert outcome.status == "rejected" and "limit" in str(outcome.reason)


def test_an_oversized_body_is_cut_with_a_note_and_kept_whole(desk: Desk, home: Path):
    text = "We need a room for 30 people. " + "More details follow. " * 600
    outcome = receive_mail(desk, mail(text), SETTINGS, home=home)
    assert outcome.status == "accepted"
    with desk.uow() as uow:
        stored = uow.messages.history(str(outcome.thread_id))[0].text
        row = uow.mail.get("<m1@example.com>")
    assert len(stored) <= MAX_MESSAGE_CHARS and stored.endswith("kept as a file of this thread for the team]")
    assert row is not None
    kept = [item for item in row.attachments if item["filename"] == "mail.txt"]
    assert (home / kept[0]["path"]).read_text(encoding="utf-8") == text.strip()


def test_attachments_are_kept_with_the_thread_and_refused_ones_named(desk: Desk, home: Path):
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = "desk@venue.example"
    message["Message-ID"] = "<files@example.com>"
    message.set_content("Our floor plan is attached; 30 people in March.")
    message.add_attachment(b"%PDF-1.4 plan", maintype="application", subtype="pdf", filename="plan.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="x-msdownload", filename="setup.exe")
    outcome = receive_mail(desk, message.as_bytes(), SETTINGS, home=home)
    assert outcome.status == "accepted" and outcome.refused and "setup.exe" in outcome.refused[0]
    with desk.uow() as uow:
        row = uow.mail.get("<files@example.com>")
    assert row is not None
    kept = {item["filename"]: item for item in row.attachments}
    assert (home / kept["plan.pdf"]["path"]).read_bytes() == b"%PDF-1.4 plan"
    assert kept["setup.exe"]["path"] is None and kept["setup.exe"]["refused"]
    assert kept["plan.pdf"]["path"].startswith(f"attachments/{outcome.thread_id}/")


def test_the_thread_s_client_address_and_last_mail_thread_an_answer(desk: Desk, home: Path):
    thread_id = str(receive_mail(desk, mail(), SETTINGS, home=home).thread_id)
    receive_mail(desk, mail("Make it 35.", message_id="<m2@example.com>", subject="Re: Workshop",
                            headers={"In-Reply-To": "<m1@example.com>", "References": "<m1@example.com>"}),
                 SETTINGS, home=home)
    with desk.uow() as uow:
        address, last = uow.mail.client_address(thread_id), uow.mail.last_inbound(thread_id)
    assert address == SENDER
    assert last is not None
    assert (last.message_id, last.references, last.subject) == ("<m2@example.com>", ("<m1@example.com>",),
                                                                 "Re: Workshop")


def test_a_second_inquiry_in_a_mail_gets_a_thread_answered_at_the_sender_s_address(desk: Desk, home: Path):
    first = str(receive_mail(desk, mail("Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5, in Room "
                                        "B, no catering."), SETTINGS, home=home).thread_id)
    [task] = desk.open_tasks(first)
    desk.decide(task["task_id"], "approve")
    second = ("Thanks, the offer looks fine so far.\r\n\r\nBy the way, we're also planning a Christmas dinner for "
              "40 people in December - could you send something for that too?\r\n\r\nBest regards\r\nAnna")
    receive_mail(desk, mail(second, message_id="<m2@example.com>", headers={"In-Reply-To": "<m1@example.com>"}),
                 SETTINGS, home=home)
    with desk.uow() as uow:
        spawned = list(uow.session.scalars(select(ThreadRow.id).where(ThreadRow.id != first)))
        assert len(spawned) == 1
        assert uow.mail.client_address(spawned[0]) == SENDER and uow.mail.last_inbound(spawned[0]) is None


def test_a_thread_without_mail_has_no_client_address(desk: Desk):
    thread_id = desk.open_thread().thread_id
    with desk.uow() as uow:
        assert uow.mail.client_address(thread_id) is None and uow.mail.last_inbound(thread_id) is None


def test_a_redelivery_changes_nothing_on_every_database(database_url: str, tmp_path: Path):
    engine = ensure_ready(database_url)
    try:
        desk = Desk(engine, FrozenClock(NOW))
        first = receive_mail(desk, mail(), SETTINGS, home=tmp_path)
        before = counts(engine)
        again = receive_mail(desk, mail(), SETTINGS, home=tmp_path)
        assert (first.status, again.status) == ("accepted", "duplicate")
        assert counts(engine) == before
    finally:
        engine.dispose()


def test_quoted_history_of_a_reply_is_kept_for_the_manager_not_read(desk: Desk, home: Path):
    thread_id = str(receive_mail(desk, mail(), SETTINGS, home=home).thread_id)
    quoted = ("Make it 35 people please.\r\n\r\nOn Mon, 2 Feb 2026 at 09:01, The Atelier <desk@venue.example> wrote:\r\n"
              "> Thank you for your inquiry for 30 people.\r\n> Which date would you like?\r\n")
    receive_mail(desk, mail(quoted, message_id="<m2@example.com>", headers={"In-Reply-To": "<m1@example.com>"}),
                 SETTINGS, home=home)
    with desk.uow() as uow:
        client = [message for message in uow.messages.history(thread_id) if message.role == "client"][-1]
    assert client.stripped and "Which date would you like?" in client.stripped
    view = desk.event_view(thread_id)
    assert view is not None and view["requirements"]["participants"] == 35


def test_two_simultaneous_deliveries_of_one_mail_run_it_once(database_url: str, tmp_path: Path):
    engine = ensure_ready(database_url)
    try:
        desk = Desk(engine, FrozenClock(NOW))
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda _: receive_mail(desk, mail(), SETTINGS, home=tmp_path), range(2)))
        assert sorted(outcome.status for outcome in outcomes) == ["accepted", "duplicate"]
        assert len({outcome.thread_id for outcome in outcomes}) == 1
        after = counts(engine)
        assert (after["threads"], after["messages"], after["outbox"], after["mail_messages"]) == (1, 2, 1, 1)
    finally:
        engine.dispose()
