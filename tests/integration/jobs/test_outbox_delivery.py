"""The `outbox_delivery` job: every due pending reply reaches the delivery port exactly once, a failing one is
retried after a bounded exponential backoff on the injected clock and finally marked `failed`."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import Engine

from jobs_helpers import NOW, FailingPort, RecordingPort, at_once, outbox, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs import outbox_delivery
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import Backoff, InAppDelivery
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk


def _queue(deps: JobDeps, clock: FrozenClock, count: int, thread_id: str = "thr_x") -> list[int]:
    """`count` pending replies (copies of a real reply) for a thread; their ids."""
    with UnitOfWork(deps.sessions, clock) as uow:
        [row] = uow.outbox.for_thread(thread_id)[:1] or [None]
        reply = row.reply if row is not None else {"thread_id": thread_id}
        ids = [uow.outbox.add(thread_id, reply, "chat", clock.now()).id for _ in range(count)]
        uow.commit()
    return ids


def test_every_pending_reply_is_delivered_once_and_marked_sent(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    waiting_on_manager(desk)
    port = RecordingPort()
    report = outbox_delivery.deliver_due(dataclasses.replace(deps, delivery=port), clock)
    rows = outbox(engine)
    assert report.done == len(rows) >= 1
    assert port.delivered == {f"outbox-{row.id}": 1 for row in rows}
    assert {(row.status, row.attempts, row.sent_at) for row in rows} == {("sent", 1, NOW)}
    assert outbox_delivery.deliver_due(dataclasses.replace(deps, delivery=port), clock).done == 0


def test_a_reply_held_for_the_manager_is_not_delivered(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    with UnitOfWork(deps.sessions, clock) as uow:
        held = uow.outbox.add("thr_x", {"body_markdown": "draft"}, "chat", NOW, status="held").id
        uow.commit()
    port = RecordingPort()
    outbox_delivery.deliver_due(dataclasses.replace(deps, delivery=port), clock)
    assert f"outbox-{held}" not in port.delivered
    assert [row.status for row in outbox(engine) if row.id == held] == ["held"]


def test_a_failed_delivery_is_retried_after_its_backoff_on_the_injected_clock(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    with UnitOfWork(deps.sessions, clock) as uow:  # one row: mark the turn's own rows delivered first
        for row in uow.outbox.for_thread(waiting_thread)[1:]:
            uow.outbox.mark_sent(row.id, NOW)
        uow.commit()
    port = FailingPort(failures=2)
    flaky = dataclasses.replace(deps, delivery=port)
    assert outbox_delivery.deliver_due(flaky, clock).failed == 1
    [row] = [r for r in outbox(engine) if r.status == "pending"]
    assert (row.attempts, row.next_attempt_at) == (1, NOW + timedelta(seconds=30))
    assert "refused attempt 1" in row.last_error
    clock.advance(timedelta(seconds=29))
    assert outbox_delivery.count_due(flaky, clock) == 0
    assert outbox_delivery.deliver_due(flaky, clock).failed == 0 and port.attempts == [1]
    clock.advance(timedelta(seconds=1))
    outbox_delivery.deliver_due(flaky, clock)
    [row] = [r for r in outbox(engine) if r.id == row.id]
    assert (row.attempts, row.next_attempt_at) == (2, NOW + timedelta(seconds=30 + 60))
    clock.set(NOW + timedelta(seconds=90))
    assert outbox_delivery.deliver_due(flaky, clock).done == 1
    [row] = [r for r in outbox(engine) if r.id == row.id]
    assert (row.status, row.attempts, row.sent_at, port.attempts) == ("sent", 3, clock.now(), [1, 2, 3])


def test_a_delivery_that_keeps_failing_ends_failed_with_its_last_error(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    [outbox_id] = _queue(deps, clock, 1)
    port = FailingPort(failures=100)
    broken = dataclasses.replace(deps, delivery=port, backoff=Backoff(max_attempts=3))
    for _ in range(5):
        outbox_delivery.deliver_due(broken, clock)
        clock.advance(timedelta(hours=2))
    [row] = [r for r in outbox(engine) if r.id == outbox_id]
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)
    assert row.last_error == "ConnectionError: the mail relay refused attempt 3"
    assert port.attempts == [1, 2, 3]


def test_the_in_app_transport_fails_a_row_that_holds_no_valid_reply(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    [outbox_id] = _queue(deps, clock, 1)
    report = outbox_delivery.deliver_due(dataclasses.replace(deps, delivery=InAppDelivery()), clock)
    [row] = [r for r in outbox(engine) if r.id == outbox_id]
    assert report.failed == 1 and row.status == "pending"
    assert "does not hold a valid Reply" in row.last_error


def test_two_workers_delivering_at_once_deliver_each_reply_once(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    ids = _queue(deps, clock, 40, waiting_thread)
    port = RecordingPort(delay=0.002)
    reports = at_once(lambda: outbox_delivery.deliver_due(dataclasses.replace(deps, delivery=port), clock))
    rows = outbox(engine)
    assert sum(report.done for report in reports) == len(rows) >= 40
    assert set(port.delivered) == {f"outbox-{row.id}" for row in rows} >= {f"outbox-{i}" for i in ids}
    assert set(port.delivered.values()) == {1}
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}
