"""The `manager_notify` job (docs/design.md §4.8): each new open task is mailed to the venue's manager exactly once,
over real SMTP (a local aiosmtpd server); a failed send leaves the task for the next run; no address, no mail."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from jobs_helpers import at_once, waiting_on_manager
from mail_sink import MANAGER, FakeLinks, Sink, text_part
from venuedesk.clock import FrozenClock
from venuedesk.jobs import manager_notify
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.models import HilTaskRow
from venuedesk.transports.mail.manager_notifier import manager_notifier
from venuedesk.transports.mail.smtp_delivery import SmtplibSender
from venuedesk.transports.mail.smtp_url import SmtpEndpoint
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.desk import Desk


def _notified(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(select(HilTaskRow.notified_at).order_by(HilTaskRow.created_at)).scalars())


def test_a_new_task_is_mailed_to_the_manager_with_its_links(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    engine: Engine,
) -> None:
    report = manager_notify.notify_due(manager_deps, clock)
    [message] = smtp_sink[1].messages
    text = text_part(message)
    task_id = f"{waiting_thread}-hil-1"
    assert (report.done, report.failed) == (1, 0)
    assert smtp_sink[1].recipients == [[MANAGER]]
    assert message["Subject"].startswith("New task: Offer approval")
    assert f"https://desk.example/l/{task_id}/approve" in text
    assert f"https://desk.example/l/{task_id}/reject" in text
    assert f"https://desk.example/manager#task={task_id}" in text
    assert "Room B" in text and "CHF" in text
    assert _notified(engine) == [clock.now()]


def test_running_the_job_twice_mails_each_task_once(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    manager_notify.notify_due(manager_deps, clock)
    again = manager_notify.notify_due(manager_deps, clock)
    assert (again.done, again.failed) == (0, 0)
    assert manager_notify.count_due(manager_deps, clock) == 0
    assert len(smtp_sink[1].messages) == 1


def test_run_due_mails_the_task_once_and_the_days_digest_once_over_two_passes(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    run_due(manager_deps, clock)
    run_due(manager_deps, clock)
    tasks = [m["X-Venuedesk-Task"] for m in smtp_sink[1].messages if m["X-Venuedesk-Task"]]
    digests = [m["Message-ID"] for m in smtp_sink[1].messages if m["Message-ID"].startswith("<vd.digest.")]
    assert (tasks, digests) == ([f"{waiting_thread}-hil-1"], ["<vd.digest.2026-02-02@venue.example>"])


def test_two_workers_at_once_mail_each_task_once(
    desk: Desk, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    for day in (10, 11, 12):
        waiting_on_manager(desk, day)
    reports = at_once(lambda: manager_notify.notify_due(manager_deps, clock))
    assert sum(report.done for report in reports) == 3
    assert len(smtp_sink[1].messages) == 3
    assert len({message["Message-ID"] for message in smtp_sink[1].messages}) == 3


def test_a_failed_send_leaves_the_task_unmailed_and_the_next_run_mails_it(
    waiting_thread: str, manager_deps: JobDeps, manager_mail_down: JobDeps, smtp_sink: tuple[Controller, Sink],
    clock: FrozenClock, engine: Engine,
) -> None:
    failed = manager_notify.notify_due(manager_mail_down, clock)
    assert (failed.done, failed.failed) == (0, 1)
    assert _notified(engine) == [None]
    assert manager_notify.count_due(manager_deps, clock) == 1
    retried = manager_notify.notify_due(manager_deps, clock)
    assert (retried.done, retried.failed) == (1, 0)
    assert len(smtp_sink[1].messages) == 1


def test_a_task_decided_before_the_job_runs_is_not_mailed(
    waiting_thread: str, desk: Desk, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    desk.decide(f"{waiting_thread}-hil-1", "approve", manager_id="manager")
    assert manager_notify.count_due(manager_deps, clock) == 0
    manager_notify.notify_due(manager_deps, clock)
    assert smtp_sink[1].messages == []


def test_without_a_manager_address_nothing_is_sent_and_the_log_says_why_once(
    waiting_thread: str, deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("venuedesk.jobs.manager_port._said", set())
    controller, sink = smtp_sink
    settings = MailSettings(manager_email=None, manager_language=None, manager_digest_hour=7)
    off = replace(deps, manager_mail=manager_notifier(settings, deps.venue,
                                                      SmtplibSender(SmtpEndpoint(controller.hostname, controller.port)),
                                                      FakeLinks(), clock))
    with caplog.at_level(logging.INFO, logger="venuedesk.jobs.manager_port"):
        assert manager_notify.count_due(off, clock) == 0
        assert manager_notify.notify_due(off, clock).done == 0
        run_due(off, clock)
    assert sink.messages == []
    said = [r.getMessage() for r in caplog.records if r.name == "venuedesk.jobs.manager_port"]
    assert said == [
        "job manager_notify does nothing: VENUEDESK_MANAGER_EMAIL is not set",
        "job manager_digest does nothing: VENUEDESK_MANAGER_EMAIL is not set"]


def test_without_a_mail_transport_the_job_has_nothing_due(waiting_thread: str, deps: JobDeps,
                                                          clock: FrozenClock) -> None:
    assert deps.manager_mail is None
    assert manager_notify.count_due(deps, clock) == 0
    assert "manager_notify" not in [report.name for report in run_due(deps, clock)]


def test_a_task_being_mailed_is_not_mailed_again_before_its_claim_runs_out(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    desk: Desk,
) -> None:
    with desk.uow() as uow:
        assert uow.hil.claim_notice(f"{waiting_thread}-hil-1", clock.now() + manager_notify.SEND_LEASE)
        uow.commit()
    assert manager_notify.notify_due(manager_deps, clock).done == 0 and smtp_sink[1].messages == []
    clock.advance(manager_notify.SEND_LEASE)
    assert manager_notify.notify_due(manager_deps, clock).done == 1 and len(smtp_sink[1].messages) == 1


def test_a_failed_send_gives_the_claim_back_for_the_next_run(
    waiting_thread: str, manager_deps: JobDeps, manager_mail_down: JobDeps, smtp_sink: tuple[Controller, Sink],
    clock: FrozenClock,
) -> None:
    assert manager_notify.notify_due(manager_mail_down, clock).failed == 1
    assert manager_notify.notify_due(manager_deps, clock).done == 1
