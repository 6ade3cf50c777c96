"""The `manager_digest` job (docs/design.md §4.13): once a day from the manager's digest hour (venue time), one mail
over real SMTP listing the open tasks oldest first with their age and the options lapsing within 48 h."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from jobs_helpers import BUCHUNG, at_once, waiting_on_manager
from mail_sink import HOST, FakeLinks, Sink, free_port, html_part, text_part
from venuedesk import faults
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs import manager_digest
from venuedesk.jobs.base import JobDeps
from venuedesk.transports.mail.manager_notifier import manager_notifier
from venuedesk.transports.mail.smtp_delivery import SmtplibSender
from venuedesk.transports.mail.smtp_url import SmtpEndpoint
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.manager_notices import Digest


def _at(clock: FrozenClock, day: int, hour: int, minute: int = 0) -> None:
    clock.current = datetime(2026, 2, day, hour, minute, tzinfo=VENUE_TZ)


def _with(deps: JobDeps, settings: MailSettings, clock: FrozenClock, controller: Controller) -> JobDeps:
    sender = SmtplibSender(SmtpEndpoint(controller.hostname, controller.port))
    return replace(deps, manager_mail=manager_notifier(settings, deps.venue, sender, FakeLinks(), clock))


def test_before_the_digest_hour_nothing_is_due_or_sent(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 6, 59)
    assert manager_digest.count_due(manager_deps, clock) == 0
    assert manager_digest.send_digest(manager_deps, clock).done == 0
    assert smtp_sink[1].messages == []


def test_at_the_digest_hour_one_digest_goes_out_and_a_later_run_that_day_sends_none(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    assert manager_digest.count_due(manager_deps, clock) == 1
    assert manager_digest.send_digest(manager_deps, clock).done == 1
    _at(clock, 3, 23, 59)
    assert manager_digest.count_due(manager_deps, clock) == 0
    assert manager_digest.send_digest(manager_deps, clock).done == 0
    [message] = smtp_sink[1].messages
    assert message["Message-ID"] == "<vd.digest.2026-02-03@venue.example>"


def test_the_next_day_gets_its_own_digest(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    manager_digest.send_digest(manager_deps, clock)
    _at(clock, 4, 7)
    manager_digest.send_digest(manager_deps, clock)
    assert [m["Message-ID"] for m in smtp_sink[1].messages] == [
        "<vd.digest.2026-02-03@venue.example>", "<vd.digest.2026-02-04@venue.example>"]


def test_the_configured_hour_moves_the_digest(
    waiting_thread: str, deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    mail_settings: MailSettings,
) -> None:
    evening = _with(deps, mail_settings.model_copy(update={"manager_digest_hour": 18}), clock, smtp_sink[0])
    _at(clock, 3, 17, 59)
    assert manager_digest.send_digest(evening, clock).done == 0
    _at(clock, 3, 18)
    assert manager_digest.send_digest(evening, clock).done == 1
    assert len(smtp_sink[1].messages) == 1


def test_the_digest_lists_open_tasks_oldest_first_with_their_age(
    desk: Desk, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    first = waiting_on_manager(desk, 10)
    clock.advance(timedelta(hours=3))
    second = waiting_on_manager(desk, 11)
    _at(clock, 3, 7)
    manager_digest.send_digest(manager_deps, clock)
    text = text_part(smtp_sink[1].messages[0])
    assert text.index(f"https://desk.example/manager#task={first}-hil-1") < \
        text.index(f"https://desk.example/manager#task={second}-hil-1")
    assert "Offer approval" in text and "waiting 22 hours" in text and "waiting 19 hours" in text


def test_the_digest_lists_an_option_lapsing_within_48_hours(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 8, 7)  # the hold placed on 2 February at 09:00 lapses on 9 February at 09:00
    manager_digest.send_digest(manager_deps, clock)
    text = text_part(smtp_sink[1].messages[0])
    assert "Options lapsing within 48 hours" in text
    assert "Room B, Tuesday, 10 March 2026 09:00–17:00" in text and "lapses 9 Feb 2026 09:00" in text


def test_an_option_lapsing_later_than_48_hours_is_not_listed(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    manager_digest.send_digest(manager_deps, clock)
    assert "No option lapses within 48 hours." in text_part(smtp_sink[1].messages[0])


def test_a_day_with_nothing_open_and_nothing_lapsing_sends_no_digest_and_is_done(
    manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    assert manager_digest.send_digest(manager_deps, clock).done == 1
    assert manager_digest.count_due(manager_deps, clock) == 0
    assert smtp_sink[1].messages == []


def test_a_failed_digest_send_leaves_the_day_for_the_next_run(
    waiting_thread: str, manager_mail_down: JobDeps, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink],
    clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    failed = manager_digest.send_digest(manager_mail_down, clock)
    assert (failed.done, failed.failed) == (0, 1)
    assert manager_digest.count_due(manager_deps, clock) == 1
    assert manager_digest.send_digest(manager_deps, clock).done == 1
    assert len(smtp_sink[1].messages) == 1


def test_a_german_manager_reads_the_digest_in_german(
    desk: Desk, deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock, mail_settings: MailSettings,
) -> None:
    waiting_on_manager(desk, 10, BUCHUNG)
    german = _with(deps, mail_settings.model_copy(update={"manager_language": "de"}), clock, smtp_sink[0])
    _at(clock, 3, 7)
    manager_digest.send_digest(german, clock)
    [message] = smtp_sink[1].messages
    assert message["Subject"].startswith("Tagesübersicht für Dienstag, 3. Februar 2026")
    assert "Offene Aufgaben, älteste zuerst" in html_part(message)
    assert "Angebotsfreigabe" in text_part(message)


def test_two_workers_at_once_send_the_days_digest_once(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    reports = at_once(lambda: manager_digest.send_digest(manager_deps, clock))
    assert sum(report.done for report in reports) == 1
    assert len(smtp_sink[1].messages) == 1


class Died(BaseException):
    """The worker dies: not an Exception, so the job's failure handling never runs (like `kill -9`)."""


class _QuitRefused(Sink):
    """A server that accepts every mail and then answers QUIT with 421: the mail was delivered all the same."""

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        return "421 closing the connection"


@pytest.fixture
def quit_refused() -> Iterator[tuple[Controller, Sink]]:
    sink = _QuitRefused()
    controller = Controller(sink, hostname=HOST, port=free_port())
    controller.start()
    try:
        yield controller, sink
    finally:
        controller.stop()


def test_a_run_failing_after_its_digest_left_is_retried_without_a_second_digest(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(faults, "_FAULTS", faults.parse("job.after_effect_before_finalise@manager_digest:raise*1"))
    monkeypatch.setattr(faults, "_fired", {})
    _at(clock, 3, 7)
    with pytest.raises(faults.InjectedFault):
        manager_digest.send_digest(manager_deps, clock)
    assert manager_digest.count_due(manager_deps, clock) == 0
    assert manager_digest.send_digest(manager_deps, clock).done == 0
    assert len(smtp_sink[1].messages) == 1


def test_a_worker_dying_after_the_claim_and_before_the_send_loses_the_day_rather_than_risking_two(
    waiting_thread: str, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink], clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def dies(self: Any, digest: Digest) -> None:
        raise Died

    _at(clock, 3, 7)
    with monkeypatch.context() as patch:
        patch.setattr(type(manager_deps.manager_mail), "send_digest", dies)
        with pytest.raises(Died):
            manager_digest.send_digest(manager_deps, clock)
    assert manager_digest.send_digest(manager_deps, clock).done == 0
    assert smtp_sink[1].messages == []


def test_a_refused_goodbye_after_the_server_took_the_digest_is_a_sent_digest(
    waiting_thread: str, deps: JobDeps, quit_refused: tuple[Controller, Sink], clock: FrozenClock,
    mail_settings: MailSettings,
) -> None:
    refusing = _with(deps, mail_settings, clock, quit_refused[0])
    _at(clock, 3, 7)
    assert manager_digest.send_digest(refusing, clock).done == 1
    assert manager_digest.count_due(refusing, clock) == 0
    assert manager_digest.send_digest(refusing, clock).done == 0
    assert len(quit_refused[1].messages) == 1


def test_a_digest_failed_twice_goes_out_once_on_the_third_run(
    waiting_thread: str, manager_mail_down: JobDeps, manager_deps: JobDeps, smtp_sink: tuple[Controller, Sink],
    clock: FrozenClock,
) -> None:
    _at(clock, 3, 7)
    assert [manager_digest.send_digest(manager_mail_down, clock).failed for _ in range(2)] == [1, 1]
    assert [manager_digest.send_digest(manager_deps, clock).done for _ in range(2)] == [1, 0]
    assert [m["Message-ID"] for m in smtp_sink[1].messages] == ["<vd.digest.2026-02-03@venue.example>"]
