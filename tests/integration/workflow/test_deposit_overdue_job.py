"""Job `deposit_overdue` (docs/design.md §4.13): a deposit unpaid after its due date opens one `manual_review`
task, exactly once however often or concurrently the job runs; the hold stays."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine

from billing_helpers import awaiting_deposit
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs import deposit_overdue
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.scheduler import run_due
from venuedesk.workflow.desk import Desk
from workflow_helpers import bookings_of, tasks_of

DUE_DAY_EVENING = datetime(2026, 2, 28, 23, 59, tzinfo=VENUE_TZ)  # the deposit is due on 28 February
DAY_AFTER = datetime(2026, 3, 1, 0, 0, tzinfo=VENUE_TZ)


def overdue_reviews(engine: Engine, thread_id: str) -> list[tuple[str, str, str]]:
    return [task for task in tasks_of(engine, thread_id) if task[1] == "manual_review"]


def test_nothing_is_due_on_the_due_date_itself(desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock) -> None:
    awaiting_deposit(desk, thread_id)
    clock.set(DUE_DAY_EVENING)
    assert deposit_overdue.count_due(deps_for_engine(engine), clock) == 0


def test_an_unpaid_deposit_after_its_due_date_opens_one_manual_review_and_the_hold_stays(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    awaiting_deposit(desk, thread_id)
    clock.set(DAY_AFTER)
    deps = deps_for_engine(engine)
    assert deposit_overdue.review_due(deps, clock).done == 1
    assert [task[2] for task in overdue_reviews(engine, thread_id)] == ["open"]
    assert [b[0] for b in bookings_of(engine, "room-b")] == ["evt_thr-1"]
    event = desk.event_view(thread_id)
    assert event is not None and event["locked_room_id"] == "room-b" and event["status"] == "Option"


def test_running_the_job_again_opens_no_second_task(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    awaiting_deposit(desk, thread_id)
    clock.set(DAY_AFTER)
    deps = deps_for_engine(engine)
    run_due(deps, clock)
    assert deposit_overdue.review_due(deps, clock).done == 0
    assert len(overdue_reviews(engine, thread_id)) == 1


def test_two_workers_at_once_open_one_task(desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock) -> None:
    awaiting_deposit(desk, thread_id)
    clock.set(DAY_AFTER)
    deps = deps_for_engine(engine)
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: deposit_overdue.review_due(deps, clock), range(2)))
    assert sum(report.done for report in reports) == 1
    assert len(overdue_reviews(engine, thread_id)) == 1


def test_a_paid_deposit_is_never_overdue(desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock) -> None:
    awaiting_deposit(desk, thread_id)
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    clock.set(DAY_AFTER)
    assert deposit_overdue.count_due(deps_for_engine(engine), clock) == 0
