"""A change asked of a Confirmed booking never moves or re-holds it: the team gets one `manual_review` task and the
client hears the booking stands (docs/design.md §4.4: Confirmed stays at step 7). A cancelled booking's paid
deposit leaves the venue a refund task, and no reminder goes to the closed thread."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps
from venuedesk.jobs.delivery import InAppDelivery
from venuedesk.jobs.scheduler import run_job
from venuedesk.store.models import BookingRow
from venuedesk.workflow.desk import Desk
from step_seven import confirmed, enter_step_seven, offer_sent
from workflow_helpers import tasks_of


def _bookings(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(BookingRow.room_id, BookingRow.date, BookingRow.status))
        return [(row.room_id, row.date.isoformat(), row.status) for row in rows]


def test_a_date_change_of_a_confirmed_booking_goes_to_the_team_and_changes_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    before = _bookings(engine)
    reply = desk.handle_message(thread_id, "Could we move it to 17 March 2026 instead?")
    event = desk.event_view(thread_id)
    assert (event["status"], event["chosen_date"], event["current_step"]) == ("Confirmed", "2026-03-10", 7)
    assert _bookings(engine) == before == [("room-b", "2026-03-10", "Confirmed")]
    assert "confirmed as it stands" in reply.body_markdown
    assert reply.hil is not None and reply.hil.type == "manual_review"


def test_a_second_change_request_opens_no_second_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "Could we move it to 17 March 2026 instead?")
    desk.handle_message(thread_id, "Also we will be 40 people.")
    event = desk.event_view(thread_id)
    assert event["requirements"]["participants"] == 30
    assert [task[1] for task in tasks_of(engine, thread_id) if task[2] == "open"] == ["manual_review"]


def test_restating_the_confirmed_date_is_not_a_change(desk: Desk, engine: Engine, thread_id: str) -> None:
    confirmed(desk, thread_id)
    reply = desk.handle_message(thread_id, "Looking forward to 10 March 2026!")
    assert "confirmed as it stands" not in reply.body_markdown
    assert desk.event_view(thread_id)["status"] == "Confirmed"


def test_a_paid_deposit_of_a_booking_cancelled_before_confirmation_leaves_a_refund_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    desk.handle_message(thread_id, "Unfortunately we have to cancel.")
    open_tasks = desk.open_tasks(thread_id)
    assert [task["type"] for task in open_tasks] == ["manual_review"]
    assert "Refund the deposit of CHF 477.00" in open_tasks[0]["summary"]
    assert desk.event_view(thread_id)["thread_state"] == "Closed"


def test_the_refund_task_reminds_the_closed_thread_once_and_leaves_it_closed(
    desk: Desk, engine: Engine, thread_id: str, clock: FrozenClock
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    desk.handle_message(thread_id, "Unfortunately we have to cancel.")
    clock.set(clock.now() + timedelta(hours=25))
    jobs = JobDeps(sessions=desk._sessions, venue=desk.venue, delivery=InAppDelivery())
    report = run_job(jobs, clock, "hil_reminder")
    assert len(report.sent) == 1 and "refund" in report.sent[0]["body_markdown"]
    assert desk.event_view(thread_id)["thread_state"] == "Closed"
    assert run_job(jobs, clock, "hil_reminder").sent == []  # once
