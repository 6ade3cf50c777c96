"""The `hil_reminder` job (docs/design.md §4.9): a task open for `hil_reminder_hours` gets exactly one reminder
to the client, on SQLite and PostgreSQL, however often and however concurrently the job runs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine

from jobs_helpers import (
    BUCHUNG,
    REMINDER_DE,
    REMINDER_EN,
    at_once,
    desk_messages,
    reminded_at,
    reminders,
    waiting_on_manager,
)
from limits_off import switch_limits_off
from venuedesk.clock import FrozenClock
from venuedesk.jobs import hil_reminder
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk

DAY = timedelta(hours=24)


def test_a_task_open_for_the_reminder_hours_gets_one_reminder_with_the_footer(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.advance(DAY)
    report = hil_reminder.remind_due(deps, clock)
    assert report.done == 1
    [sent] = report.sent
    assert sent["thread_id"] == waiting_thread and REMINDER_EN in sent["body_markdown"]
    assert sent["footer_text"] == "Step: 4 Offer · Next: the venue reviews your offer · State: Waiting on HIL"
    assert reminders(engine, waiting_thread) == 1
    assert reminded_at(engine, waiting_thread) == [clock.now()]
    assert desk.event_view(waiting_thread)["thread_state"] == "Waiting on HIL"


def test_the_reminder_is_logged_in_the_audit_as_sent_at_once(
    waiting_thread: str, desk: Desk, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.advance(DAY)
    [sent] = hil_reminder.remind_due(deps, clock).sent
    entry = desk.event_view(waiting_thread)["audit"][-1]
    assert (entry["kind"], entry["actor"], entry["at"]) == ("message", "desk", clock.now().isoformat())
    assert entry["detail"] == {"turn_id": sent["turn_id"], "agent": "desk", "review": "auto"}


def test_a_task_younger_than_the_reminder_hours_gets_no_reminder(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.advance(DAY - timedelta(minutes=1))
    assert hil_reminder.count_due(deps, clock) == 0
    assert "hil_reminder" not in [report.name for report in run_due(deps, clock)]
    assert reminders(engine, waiting_thread) == 0


def test_running_the_job_again_later_sends_no_second_reminder(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.advance(DAY)
    hil_reminder.remind_due(deps, clock)
    clock.advance(DAY * 3)
    again = hil_reminder.remind_due(deps, clock)
    assert (again.done, again.sent) == (0, [])
    assert hil_reminder.count_due(deps, clock) == 0
    assert reminders(engine, waiting_thread) == 1


def test_two_workers_running_the_job_at_once_send_each_reminder_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    switch_limits_off(desk)  # one client holds four rooms here, beyond the default hold cap
    threads = [waiting_on_manager(desk, day) for day in (10, 11, 12, 13)]
    clock.advance(DAY)
    reports = at_once(lambda: hil_reminder.remind_due(deps, clock))
    assert sum(report.done for report in reports) == 4
    assert [reminders(engine, thread_id) for thread_id in threads] == [1, 1, 1, 1]


def test_a_decided_task_gets_no_reminder(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    [task] = desk.open_tasks(waiting_thread)
    desk.decide(task["task_id"], "approve")
    clock.advance(DAY)
    assert hil_reminder.count_due(deps, clock) == 0
    assert hil_reminder.remind_due(deps, clock).done == 0
    assert reminders(engine, waiting_thread) == 0


def test_the_reminder_is_queued_for_delivery_and_delivered_in_the_same_pass(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.advance(DAY)
    names = [report.name for report in run_due(deps, clock)]
    assert names == ["hil_reminder", "outbox_delivery"]
    with UnitOfWork(deps.sessions, clock) as uow:
        rows = uow.outbox.for_thread(waiting_thread)
    assert REMINDER_EN in rows[-1].reply["body_markdown"]
    assert {row.status for row in rows} == {"sent"}


def test_the_reminder_speaks_the_clients_language(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    thread_id = waiting_on_manager(desk, text=BUCHUNG)
    clock.advance(DAY)
    hil_reminder.remind_due(deps, clock)
    assert reminders(engine, thread_id, REMINDER_DE) == 1
    assert REMINDER_EN not in "".join(desk_messages(engine, thread_id))


def _closed_with_a_refund_to_make(desk: Desk) -> str:
    """A booking cancelled before its confirmation after the deposit was paid: Lost, thread Closed, and the venue's
    `manual_review` task to refund the deposit still open."""
    thread_id = desk.open_thread().thread_id
    held = desk.handle_message(thread_id, "Please book Room B for a workshop with 30 people on 10 March 2026, "
                               "09:00-17:00, with lunch for everyone.", sender="anna@example.com")
    assert held.hil is not None, held.body_markdown
    desk.decide(held.hil.task_id, "approve")
    desk.handle_message(thread_id, "We accept the offer. Billing: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern")
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    desk.handle_message(thread_id, "Unfortunately we have to cancel.")
    assert desk.event_view(thread_id)["thread_state"] == "Closed"
    assert [task["type"] for task in desk.open_tasks(thread_id)] == ["manual_review"]
    return thread_id


def test_an_open_refund_task_on_a_closed_thread_is_still_reminded_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    thread_id = _closed_with_a_refund_to_make(desk)
    clock.advance(DAY)
    report = hil_reminder.remind_due(deps, clock)
    [sent] = report.sent
    assert "still handling the open point of your request (such as a refund)" in sent["body_markdown"]
    assert sent["footer_text"].endswith("· State: Closed")
    assert desk.event_view(thread_id)["thread_state"] == "Closed"
    clock.advance(DAY)
    assert hil_reminder.remind_due(deps, clock).sent == []
