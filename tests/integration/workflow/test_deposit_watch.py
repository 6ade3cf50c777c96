"""`events.deposit_due_on` (domain/deposit_watch.py): an event owing a deposit or a top-up without an overdue task is
watched from its due date, and the `deposit_overdue` job reads only those events, never every held and confirmed one;
migration 0027 fills the column for the events already stored."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from alembic import command
from sqlalchemy import Engine, select

from billing_helpers import awaiting_deposit
from confirmed_booking import confirm_booking
from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.domain.amendment import AmendmentRequest, ProductChange
from venuedesk.jobs import deposit_overdue
from venuedesk.jobs.base import deps_for_engine
from venuedesk.store.db import alembic_config, upgrade
from venuedesk.store.models import EventRow
from venuedesk.workflow.desk import Desk

DUE_DAY = date(2026, 2, 28)
DAY_AFTER = datetime(2026, 3, 1, 0, 0, tzinfo=VENUE_TZ)
WATCHED = deposit_overdue.WATCHED_STATUSES
RAISED = AmendmentRequest(products=(ProductChange("coffee-snacks", 1), ProductChange("wireless-mic", 2)))


def watched_from(engine: Engine, thread_id: str) -> date | None:
    with engine.connect() as connection:
        return connection.execute(select(EventRow.deposit_due_on).where(EventRow.thread_id == thread_id)).scalar_one()


def test_an_event_awaiting_its_deposit_is_watched_from_the_due_date(desk: Desk, thread_id: str,
                                                                      engine: Engine) -> None:
    awaiting_deposit(desk, thread_id)
    assert watched_from(engine, thread_id) == DUE_DAY


def test_a_paid_deposit_is_no_longer_watched(desk: Desk, thread_id: str, engine: Engine) -> None:
    awaiting_deposit(desk, thread_id)
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    assert watched_from(engine, thread_id) is None


def test_opening_the_overdue_task_ends_the_watch(desk: Desk, thread_id: str, engine: Engine,
                                                 clock: FrozenClock) -> None:
    awaiting_deposit(desk, thread_id)
    clock.set(DAY_AFTER)
    assert deposit_overdue.review_due(deps_for_engine(engine), clock).done == 1
    assert watched_from(engine, thread_id) is None


def test_the_open_top_up_of_a_confirmed_booking_is_watched_from_its_due_date(desk: Desk, thread_id: str,
                                                                              engine: Engine) -> None:
    confirm_booking(desk, thread_id)
    assert watched_from(engine, thread_id) is None  # the deposit is paid: nothing owed
    desk.amend_booking("evt_" + thread_id.removeprefix("thr_"), RAISED, idempotency_key="k-1")
    assert watched_from(engine, thread_id) == DUE_DAY


def test_the_job_reads_only_the_events_that_owe_a_deposit_by_that_day(desk: Desk, thread_id: str,
                                                                      engine: Engine, clock: FrozenClock) -> None:
    awaiting_deposit(desk, thread_id)
    deps = deps_for_engine(engine)
    with deps.read(clock) as uow:
        assert [state.thread_id for state in uow.events.deposits_due(DUE_DAY, WATCHED)] == [thread_id]
        assert uow.events.deposits_due(date(2026, 2, 27), WATCHED) == []
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    with deps.read(clock) as uow:
        assert sum(len(uow.events.list(status=status)) for status in WATCHED) == 1  # held or confirmed, owing nothing
        assert uow.events.deposits_due(DUE_DAY, WATCHED) == []


def test_migration_0027_fills_the_watch_of_the_events_already_stored(desk: Desk, thread_id: str,
                                                                     engine: Engine) -> None:
    awaiting_deposit(desk, thread_id)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0026")
    upgrade(engine, "head")
    assert watched_from(engine, thread_id) == DUE_DAY
