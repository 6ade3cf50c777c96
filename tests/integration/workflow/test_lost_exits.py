"""Every stage exit leaves one `lost_reasons` row in the transaction of its state change (docs/pipeline.md): a
declined offer, a lapsed option, a cancellation before or after confirmation; an erasure blanks the manager's note."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from step_seven import confirmed, enter_step_seven, offer_sent
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import deps_for_engine
from venuedesk.jobs.scheduler import run_due
from venuedesk.store.anonymise import anonymise_thread
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.workflow.desk import Desk


def exits(engine: Engine, thread_id: str) -> list[tuple[str | None, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(LostReasonRow.kind, LostReasonRow.from_status, LostReasonRow.to_status, LostReasonRow.room_id,
                   LostReasonRow.actor).where(LostReasonRow.thread_id == thread_id).order_by(LostReasonRow.id))]


def test_a_declined_offer_records_a_decline_from_the_option(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    desk.handle_message(thread_id, "We decline the offer, thanks.")
    assert exits(engine, thread_id) == [("declined", "Option", "Lost", "room-b", "client")]


def test_a_cancellation_before_confirmation_records_the_option_cancelled(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    desk.handle_message(thread_id, "Unfortunately we have to cancel.")
    assert exits(engine, thread_id) == [("cancelled", "Option", "Lost", "room-b", "client")]


def test_an_approved_cancellation_after_confirmation_records_the_booking_cancelled_by_the_manager(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    task = next(task for task in desk.open_tasks(thread_id) if task["type"] == "cancellation")
    desk.decide(task["task_id"], "approve", manager_id="max@venue.example")
    assert exits(engine, thread_id) == [("cancelled", "Confirmed", "Cancelled", "room-b", "max@venue.example")]


def test_a_rejected_cancellation_records_nothing(desk: Desk, engine: Engine, thread_id: str) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    task = next(task for task in desk.open_tasks(thread_id) if task["type"] == "cancellation")
    desk.decide(task["task_id"], "reject", note="the booking stands")
    assert exits(engine, thread_id) == []


def test_a_lapsed_option_records_an_expiry_back_to_lead(
    desk: Desk, engine: Engine, clock: FrozenClock, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    clock.advance(timedelta(days=7, minutes=1))
    run_due(deps_for_engine(engine), clock)
    assert exits(engine, thread_id) == [("expired", "Option", "Lead", "room-b", "desk")]


def test_erasing_the_thread_blanks_the_managers_note_and_keeps_the_reason(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    desk.mark_lost(thread_id, "competitor", note="Sara Frei chose the hotel next door")
    with desk.uow() as uow:
        anonymise_thread(uow.session, thread_id, desk.clock.now())
        uow.commit()
    with engine.connect() as connection:
        row = connection.execute(select(LostReasonRow.reason, LostReasonRow.note)).one()
    assert tuple(row) == ("competitor", None)
