"""Outbound mail (docs/design.md §4.10): the `outbox_delivery` job mails a reply on an email thread through a
real SMTP server (an aiosmtpd sink on loopback) once, as multipart text + HTML in the client's language, threaded
by its headers; a temporary refusal is retried after the backoff, a permanent one ends the row as failed."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from email.utils import format_datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jobs_helpers import NOW, outbox
from mail_sink import html_part, text_part
from venuedesk.clock import FrozenClock
from venuedesk.jobs import outbox_delivery
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import Delivery
from venuedesk.store.uow import UnitOfWork
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.sink import Sink, SinkHandler, smtp_sink
from venuedesk.transports.mail.addresses import thread_of_address
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.smtp_delivery import SmtpDelivery, channel_delivery, smtp_delivery_from_settings
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Action

DOMAIN = "seehof.example"
SECRET = "test-mail-secret"
CLIENT = "anna@example.com"
ANFRAGE = "Guten Tag, wir möchten einen Workshop für 30 Personen am 10. März 2026, 9 bis 17 Uhr."
INQUIRY = "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5."


def _settings(sink: Sink) -> MailSettings:
    return MailSettings(smtp_url=sink.url, mail_from=f"desk@{DOMAIN}", mail_secret=SECRET)


def _links(delivery: Delivery) -> Callable[[Action], str | None]:
    """The injected signer: a fake link per action name (none for the .ics download)."""

    def link_for(action: Action) -> str | None:
        return None if action.name == "download_ics" else f"https://desk.example/l/{action.name}"

    return link_for


def _mailing(deps: JobDeps, clock: FrozenClock, sink: Sink) -> JobDeps:
    """The job deps with the mail-aware transport of `serve`, pointed at the sink."""
    return dataclasses.replace(deps, delivery=channel_delivery(clock, deps.venue.name, _settings(sink), _links))


def _email_thread(desk: Desk, text: str = ANFRAGE) -> str:
    thread_id = desk.open_thread(channel="email").thread_id
    desk.handle_message(thread_id, text, sender=CLIENT)
    return thread_id




def test_a_reply_on_an_email_thread_is_queued_on_the_email_channel(desk: Desk, engine: Engine) -> None:
    thread_id = _email_thread(desk)
    chat = desk.open_thread().thread_id
    desk.handle_message(chat, INQUIRY, sender=CLIENT)
    assert {(row.thread_id, row.channel) for row in outbox(engine)} == {(thread_id, "email"), (chat, "chat")}


def test_a_german_reply_with_a_table_is_mailed_as_text_and_html_with_links_and_the_german_footer(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    _email_thread(desk)
    assert outbox_delivery.deliver_due(_mailing(deps, clock, sink), clock).done == 1
    [mail] = sink.handler.messages()
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    html, text = html_part(mail), text_part(mail)
    assert "<table" in html and "<caption" in html and ">Raum F</td>" in html
    assert '<a href="https://desk.example/l/select_room"' in html and "Raum F wählen" in html
    assert "Raum F wählen [1]" in text and "[1] https://desk.example/l/select_room" in text
    footer = "Schritt 3 von 7 · Raum · Als Nächstes: Raum wählen · Wir warten auf Sie"
    assert footer in html and footer in text
    assert "Step: 3" not in text and "State:" not in html
    assert sink.handler.recipients == [CLIENT]


def test_the_mail_names_the_venue_and_the_thread_and_tells_robots_not_to_answer(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    thread_id = _email_thread(desk)
    outbox_delivery.deliver_due(_mailing(deps, clock, sink), clock)
    [mail] = sink.handler.messages()
    [row] = outbox(desk.engine)
    assert mail["Message-ID"] == f"<vd.{row.id}.{thread_id}@{DOMAIN}>"
    assert thread_of_address(mail["Reply-To"].addresses[0].addr_spec, domain=DOMAIN, secret=SECRET) == thread_id
    assert mail["From"].addresses[0].display_name == deps.venue.name
    assert mail["From"].addresses[0].addr_spec == f"desk@{DOMAIN}"
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["Date"] == format_datetime(NOW)
    assert mail["Subject"] == f"Ihre Anfrage bei {deps.venue.name}: Raum"
    assert mail["In-Reply-To"] is None and mail["References"] is None


def test_the_next_mail_answers_the_previous_one_under_the_same_subject(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    thread_id = _email_thread(desk)
    mailing = _mailing(deps, clock, sink)
    outbox_delivery.deliver_due(mailing, clock)
    desk.handle_message(thread_id, "Wir nehmen Raum F.", sender=CLIENT)
    outbox_delivery.deliver_due(mailing, clock)
    first, second = sink.handler.messages()
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["References"] == first["Message-ID"]
    assert second["Subject"] == f"Re: {first['Subject']}"
    assert second["Message-ID"] != first["Message-ID"]


def test_each_row_is_mailed_once_across_two_runs(desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink) -> None:
    _email_thread(desk)
    mailing = _mailing(deps, clock, sink)
    first, second = outbox_delivery.deliver_due(mailing, clock), outbox_delivery.deliver_due(mailing, clock)
    assert (first.done, second.done, len(sink.handler.received)) == (1, 0, 1)
    assert [(row.status, row.attempts) for row in outbox(desk.engine)] == [("sent", 1)]


def test_a_repeated_attempt_of_a_row_sends_the_same_message_id(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    thread_id = _email_thread(desk)
    delivery = smtp_delivery_from_settings(_settings(sink), clock=clock, venue_name=deps.venue.name)
    assert isinstance(delivery, SmtpDelivery)
    [row] = outbox(desk.engine)
    for attempt in (1, 2):  # the server took attempt 1 but the row's commit was lost: attempt 2 is the same mail
        with UnitOfWork(deps.sessions, clock) as uow:
            delivery.deliver(Delivery(outbox_id=row.id, thread_id=thread_id, channel="email", reply=row.reply,
                                      attempt=attempt, uow=uow))
        clock.advance(timedelta(minutes=1))
    first, second = sink.handler.messages()
    assert first["Message-ID"] == second["Message-ID"] == f"<vd.{row.id}.{thread_id}@{DOMAIN}>"


def test_a_temporary_refusal_is_retried_after_the_backoff_and_then_delivered(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    _email_thread(desk)
    sink.handler.refusals = 1
    mailing = _mailing(deps, clock, sink)
    assert outbox_delivery.deliver_due(mailing, clock).failed == 1
    [row] = outbox(desk.engine)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(seconds=30))
    assert "451" in row.last_error and sink.handler.received == []
    clock.advance(timedelta(seconds=30))
    assert outbox_delivery.deliver_due(mailing, clock).done == 1
    [row] = outbox(desk.engine)
    assert (row.status, row.attempts, len(sink.handler.received)) == ("sent", 2, 1)


def test_a_permanent_refusal_of_the_recipient_ends_the_row_failed_at_once_with_the_answer_kept(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    _email_thread(desk)
    sink.handler.refusal, sink.handler.refusals = "550 5.1.1 mailbox unavailable", 1
    assert outbox_delivery.deliver_due(_mailing(deps, clock, sink), clock).failed == 1
    [row] = outbox(desk.engine)
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    assert row.last_error == "DeliveryRefused: mail server refused the recipient: 550 5.1.1 mailbox unavailable"


def test_an_unreachable_mail_server_is_a_temporary_failure(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    _email_thread(desk)
    mailing = _mailing(deps, clock, sink)
    settings = _settings(sink).model_copy(update={"smtp_url": "smtp://127.0.0.1:9?timeout=2"})
    closed = dataclasses.replace(deps, delivery=channel_delivery(clock, deps.venue.name, settings))
    assert outbox_delivery.deliver_due(closed, clock).failed == 1
    [row] = outbox(desk.engine)
    assert (row.status, row.attempts) == ("pending", 1) and "unreachable" in row.last_error
    clock.advance(timedelta(seconds=30))
    assert outbox_delivery.deliver_due(mailing, clock).done == 1


def test_without_an_smtp_url_an_email_row_fails_with_the_reason_and_is_never_marked_sent(
    desk: Desk, clock: FrozenClock, deps: JobDeps
) -> None:
    _email_thread(desk)
    report = outbox_delivery.deliver_due(deps, clock)
    [row] = outbox(desk.engine)
    assert (report.done, report.failed, row.status, row.sent_at) == (0, 1, "failed", None)
    assert "set VENUEDESK_SMTP_URL" in row.last_error


def test_a_thread_without_a_client_address_fails_with_the_reason(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    thread_id = desk.open_thread(channel="email").thread_id
    desk.handle_message(thread_id, ANFRAGE)
    outbox_delivery.deliver_due(_mailing(deps, clock, sink), clock)
    [row] = outbox(desk.engine)
    assert row.status == "failed" and "has no client mail address" in row.last_error
    assert sink.handler.received == []


def test_a_held_draft_is_mailed_only_once_the_manager_approves_it(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    desk.set_autonomy({"general": "review"})
    thread_id = _email_thread(desk)
    mailing = _mailing(deps, clock, sink)
    assert len(outbox(desk.engine)) == 1  # the holding reply only: the draft waits in its task, not in the outbox
    outbox_delivery.deliver_due(mailing, clock)
    [holding] = sink.handler.messages()
    assert "<table" not in html_part(holding) and "Wir warten auf das Haus" in text_part(holding)
    [task] = [task for task in desk.open_tasks(thread_id) if task["type"] == "reply_approval"]
    desk.decide(task["task_id"], "approve")
    outbox_delivery.deliver_due(mailing, clock)
    outbox_delivery.deliver_due(mailing, clock)
    holding, draft = sink.handler.messages()
    assert "<table" in html_part(draft) and draft["In-Reply-To"] == holding["Message-ID"]


def test_markup_in_a_managers_edited_text_is_mailed_astext_part(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    desk.set_autonomy({"general": "review"})
    thread_id = _email_thread(desk)
    [task] = [task for task in desk.open_tasks(thread_id) if task["type"] == "reply_approval"]
    desk.decide(task["task_id"], "edit", text='Gern! <script>alert(1)</script> <img src=x onerror="alert(1)">')
    outbox_delivery.deliver_due(_mailing(deps, clock, sink), clock)
    html = html_part(sink.handler.messages()[-1])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=" in html


def test_serve_mails_the_replies_of_email_threads_when_an_smtp_url_is_set(
    desk: Desk, sink: Sink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if desk.engine.dialect.name != "sqlite":
        pytest.skip("`serve` runs the jobs in process on SQLite only (`venuedesk worker` on PostgreSQL)")
    for name, value in {"SMTP_URL": sink.url, "MAIL_SECRET": SECRET, "MAIL_FROM": f"desk@{DOMAIN}"}.items():
        monkeypatch.setenv(f"VENUEDESK_{name}", value)
    settings = ServerSettings(home=tmp_path, jobs_interval_seconds=0.05)
    app = create_app(desk, manager_token="m" * 32, settings=settings, run_jobs=True)
    with TestClient(app):
        thread_id = _email_thread(desk)
        deadline = time.monotonic() + 20
        while not sink.handler.received and time.monotonic() < deadline:
            time.sleep(0.02)
    [mail] = sink.handler.messages()
    assert thread_of_address(mail["Reply-To"].addresses[0].addr_spec, domain=DOMAIN, secret=SECRET) == thread_id


@dataclasses.dataclass
class _HeldServer(SinkHandler):
    """A mail server that keeps the DATA answer back until the test releases it."""

    answering: threading.Event = dataclasses.field(default_factory=threading.Event)
    release: threading.Event = dataclasses.field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.answering.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return await super().handle_DATA(server, session, envelope)


def test_no_database_lock_is_held_while_the_mail_server_answers(desk: Desk, clock: FrozenClock, deps: JobDeps) -> None:
    held = _HeldServer()
    with smtp_sink(handler=held) as sink:
        thread_id = _email_thread(desk)
        sending = threading.Thread(target=outbox_delivery.deliver_due, args=(_mailing(deps, clock, sink), clock))
        sending.start()
        try:
            assert held.answering.wait(30), "the job never reached the mail server"
            other = desk.open_thread().thread_id
            assert desk.handle_message(other, INQUIRY, sender=CLIENT).footer.step >= 2
        finally:
            held.release.set()
            sending.join(30)
    [row] = [row for row in outbox(desk.engine) if row.thread_id == thread_id]
    assert row.status == "sent" and len(held.received) == 1


def test_a_claimed_mail_is_not_sent_again_before_its_lease_runs_out(
    desk: Desk, clock: FrozenClock, deps: JobDeps, sink: Sink
) -> None:
    thread_id = _email_thread(desk)
    with desk.uow() as uow:
        [row] = uow.outbox.for_thread(thread_id)
        assert uow.outbox.claim(row.id, NOW + outbox_delivery.SEND_LEASE)
        uow.commit()
    mailing = _mailing(deps, clock, sink)
    assert outbox_delivery.deliver_due(mailing, clock).done == 0 and sink.handler.received == []
    clock.advance(outbox_delivery.SEND_LEASE)
    assert outbox_delivery.deliver_due(mailing, clock).done == 1 and len(sink.handler.received) == 1
