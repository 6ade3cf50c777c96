"""The `option_warning` job (docs/design.md §4.13 Holds): 48 h before an option lapses its client is warned once,
never earlier, naming the room, date and window and the expiry's date and time, in the client's language; on
SQLite and PostgreSQL, however often and however concurrently the job runs."""

from __future__ import annotations

from sqlalchemy import Engine

from holds_helpers import MINUTE, WARNING, WARNING_EN, bookings, count, event_id, notices
from jobs_helpers import BUCHUNG, at_once, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs import option_warning
from venuedesk.jobs.base import JobDeps
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.desk import Desk


def test_the_warning_is_sent_at_expiry_minus_48_hours_naming_room_date_and_expiry(
    waiting_thread: str, desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(WARNING)
    report = option_warning.warn_due(deps, clock)
    [sent] = report.sent
    assert sent["thread_id"] == waiting_thread
    assert "Room B for Tuesday, 10 March 2026, 09:00–17:00" in sent["body_markdown"]
    assert WARNING_EN in sent["body_markdown"]
    assert sent["footer_text"].startswith("Step: 4 Offer")
    assert desk.event_view(waiting_thread)["status"] == "Option"


def test_nothing_is_sent_a_minute_before_the_warning_time(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(WARNING - MINUTE)
    assert option_warning.count_due(deps, clock) == 0
    assert option_warning.warn_due(deps, clock).sent == []
    assert count(engine, waiting_thread, WARNING_EN) == 0


def test_running_the_job_again_sends_no_second_warning(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    clock.set(WARNING)
    option_warning.warn_due(deps, clock)
    clock.set(WARNING + 24 * 60 * MINUTE)
    again = option_warning.warn_due(deps, clock)
    assert (again.done, again.sent) == (0, [])
    assert option_warning.count_due(deps, clock) == 0
    assert count(engine, waiting_thread, WARNING_EN) == 1


def test_two_workers_at_once_warn_each_hold_once(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    threads = [waiting_on_manager(desk, day) for day in (10, 11, 12)]
    clock.set(WARNING)
    reports = at_once(lambda: option_warning.warn_due(deps, clock))
    assert sum(report.done for report in reports) == 3
    assert [count(engine, thread_id, WARNING_EN) for thread_id in threads] == [1, 1, 1]
    assert notices(engine) == 3


def test_the_warning_speaks_the_clients_language(
    desk: Desk, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    thread_id = waiting_on_manager(desk, text=BUCHUNG)
    clock.set(WARNING)
    option_warning.warn_due(deps, clock)
    assert count(engine, thread_id, "läuft am Montag, 9. Februar 2026 um 09:00 Uhr ab") == 1
    assert count(engine, thread_id, WARNING_EN) == 0


def test_an_accepted_offer_stops_the_clock_and_gets_no_warning(
    waiting_thread: str, engine: Engine, clock: FrozenClock, deps: JobDeps
) -> None:
    with UnitOfWork(deps.sessions, clock) as uow:
        state = uow.events.for_thread(waiting_thread)
        assert state is not None and state.offers
        state.offers[-1].status = "Accepted"
        uow.events.save(state, clock.now())
        uow.commit()
    assert bookings(engine, event_id(waiting_thread)) == [("room-b", "Option", None)]
    clock.set(WARNING)
    assert option_warning.warn_due(deps, clock).sent == []
    assert count(engine, waiting_thread, WARNING_EN) == 0
