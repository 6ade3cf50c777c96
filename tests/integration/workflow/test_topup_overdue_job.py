"""Job `deposit_overdue` on an amended booking (docs/amendments.md "The deposit"): a top-up unpaid after its due
date opens one `manual_review` task, once however often the job runs; the booking stays confirmed; paying the
top-up closes the task. The booking: Room B with lunch (deposit 477 paid), amended to CHF 2,090: top-up CHF 150.00
due 28 February 2026."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine, select

from confirmed_booking import confirm_booking
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.amendment import AmendmentRequest, ProductChange
from venuedesk.jobs import deposit_overdue
from venuedesk.jobs.base import deps_for_engine
from venuedesk.store.models import HilTaskRow
from venuedesk.workflow.desk import Desk
from workflow_helpers import tasks_of

RAISED = AmendmentRequest(products=(ProductChange("coffee-snacks", 1), ProductChange("wireless-mic", 2)))
DUE_DAY_EVENING = datetime(2026, 2, 28, 23, 59, tzinfo=VENUE_TZ)
DAY_AFTER = datetime(2026, 3, 1, 0, 0, tzinfo=VENUE_TZ)


def amended(desk: Desk, thread_id: str) -> None:
    confirm_booking(desk, thread_id)
    desk.amend_booking("evt_" + thread_id.removeprefix("thr_"), RAISED, idempotency_key="k-1")


def reviews(engine: Engine, thread_id: str) -> list[tuple[str, str, str]]:
    return [task for task in tasks_of(engine, thread_id) if task[1] == "manual_review"]


def summary(engine: Engine, task_id: str) -> str:
    with engine.connect() as connection:
        return str(connection.execute(select(HilTaskRow.summary).where(HilTaskRow.id == task_id)).scalar_one())


def test_nothing_is_due_on_the_top_ups_due_date_itself(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    amended(desk, thread_id)
    clock.set(DUE_DAY_EVENING)
    assert deposit_overdue.count_due(deps_for_engine(engine), clock) == 0


def test_an_unpaid_top_up_after_its_due_date_opens_one_review_and_the_booking_stays_confirmed(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    amended(desk, thread_id)
    clock.set(DAY_AFTER)
    assert deposit_overdue.review_due(deps_for_engine(engine), clock).done == 1
    [(task_id, _, status)] = reviews(engine, thread_id)
    assert status == "open"
    assert summary(engine, task_id).startswith("Deposit top-up overdue: CHF 150.00 asked by the amendment")
    event = desk.event_view(thread_id) or {}
    assert event["status"] == "Confirmed" and event["deposit"]["topups"][0]["overdue_task"] == task_id


def test_running_the_job_again_opens_no_second_task(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    amended(desk, thread_id)
    clock.set(DAY_AFTER)
    deps = deps_for_engine(engine)
    deposit_overdue.review_due(deps, clock)
    assert deposit_overdue.review_due(deps, clock).done == 0
    assert len(reviews(engine, thread_id)) == 1


def test_a_paid_top_up_is_never_overdue(desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock) -> None:
    amended(desk, thread_id)
    desk.mark_deposit_paid(thread_id, Decimal("150.00"))
    clock.set(DAY_AFTER)
    assert deposit_overdue.count_due(deps_for_engine(engine), clock) == 0


def test_paying_the_top_up_late_closes_its_overdue_task(
    desk: Desk, thread_id: str, engine: Engine, clock: FrozenClock
) -> None:
    amended(desk, thread_id)
    clock.set(DAY_AFTER)
    deposit_overdue.review_due(deps_for_engine(engine), clock)
    desk.mark_deposit_paid(thread_id, Decimal("150.00"))
    assert [status for _, _, status in reviews(engine, thread_id)] == ["superseded"]
    assert (desk.event_view(thread_id) or {})["thread_state"] == "Awaiting Client"
