"""The `option_expiry` job (docs/design.md §4.13 Holds): at placed_at + 7 × 24 h, to the minute, the hold is
released, the event is a Lead at step 3 again, the pending offer is superseded, and the client is told with the
rooms free then; exactly once on SQLite and PostgreSQL, also with two workers at the same time."""

from __future__ import annotations

from sqlalchemy import Engine

from holds_helpers import EXPIRED_EN, EXPIRY, MINUTE, PROMOTED_EN, bookings, count, event_id, options, queued_behind
from jobs_helpers import at_once, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs import option_expiry
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk


def test_at_expiry_the_hold_is_released_and_the_event_is_a_lead_at_the_room_step(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(EXPIRY)
    option_expiry.expire_due(deps, clock)
    event = desk.event_view(waiting_thread)
    assert (event["status"], event["current_step"], event["locked_room_id"]) == ("Lead", 3, None)
    assert bookings(engine, event_id(waiting_thread)) == []


def test_the_client_is_told_with_the_rooms_free_then_and_nothing_is_held_again(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(EXPIRY)
    [sent] = option_expiry.expire_due(deps, clock).sent
    assert EXPIRED_EN in sent["body_markdown"] and "Room B" in sent["body_markdown"]
    [table] = sent["table_blocks"]
    assert {"select_room"} <= {action["name"] for action in table["row_actions"]}
    assert sent["footer_text"] == "Step: 3 Room · Next: choose a room · State: Awaiting Client"
    assert desk.event_view(waiting_thread)["requirements"]["preferred_room"] is None


def test_nothing_lapses_a_minute_before_the_expiry(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(EXPIRY - MINUTE)
    assert option_expiry.count_due(deps, clock) == 0
    assert option_expiry.expire_due(deps, clock).done == 0
    assert desk.event_view(waiting_thread)["locked_room_id"] == "room-b"


def test_the_offer_waiting_for_approval_is_superseded_and_its_task_closed(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    [task] = desk.open_tasks(waiting_thread)
    clock.set(EXPIRY)
    option_expiry.expire_due(deps, clock)
    assert desk.open_tasks(waiting_thread) == []
    event = desk.event_view(waiting_thread)
    assert event["thread_state"] == "Awaiting Client" and event["offer"] is None
    later = desk.decide(task["task_id"], "approve")
    assert "already" in later.body_markdown.lower()
    assert count(engine, waiting_thread, "Here is your offer") == 0


def test_running_the_job_again_releases_and_tells_nothing_more(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(EXPIRY)
    option_expiry.expire_due(deps, clock)
    clock.set(EXPIRY + 60 * MINUTE)
    again = option_expiry.expire_due(deps, clock)
    assert (again.done, again.sent) == (0, [])
    assert count(engine, waiting_thread, EXPIRED_EN) == 1


def test_two_workers_at_once_expire_each_hold_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    threads = [waiting_on_manager(desk, day) for day in (10, 11, 12)]
    clock.set(EXPIRY)
    reports = at_once(lambda: option_expiry.expire_due(deps, clock))
    assert sum(report.done for report in reports) == 3
    assert [count(engine, thread_id, EXPIRED_EN) for thread_id in threads] == [1, 1, 1]


def test_an_accepted_offers_hold_does_not_lapse(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    with UnitOfWork(deps.sessions, clock) as uow:
        state = uow.events.for_thread(waiting_thread)
        assert state is not None
        state.offers[-1].status = "Accepted"
        uow.events.save(state, clock.now())
        uow.commit()
    clock.set(EXPIRY + 60 * MINUTE)
    assert option_expiry.expire_due(deps, clock).done == 0
    assert desk.event_view(waiting_thread)["locked_room_id"] == "room-b"
    assert bookings(engine, event_id(waiting_thread)) == [("room-b", "Option", None)]


def test_the_expiry_promotes_the_2nd_option_waiting_behind_the_hold_exactly_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    first = waiting_on_manager(desk)
    second = queued_behind(desk)
    clock.set(EXPIRY)
    at_once(lambda: run_due(deps, clock))
    assert count(engine, second, PROMOTED_EN) == 1
    event = desk.event_view(second)
    assert (event["status"], event["locked_room_id"]) == ("Option", "room-b")
    assert event["hold_expires_at"] == (EXPIRY + 7 * 24 * 60 * MINUTE).isoformat()
    assert options(engine) == [(event_id(second), "promoted")]
    assert desk.event_view(first)["locked_room_id"] is None
