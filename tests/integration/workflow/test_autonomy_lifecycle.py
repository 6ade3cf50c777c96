"""Autonomy for counters, confirmations and cancellations (docs/design.md §4.13 Autonomy): under `auto` the desk
answers at once, opens no task and audits the message as auto-sent with its kind; under the default `review` the
manager decides (the other test files)."""

from __future__ import annotations

from sqlalchemy import Engine

from venuedesk.workflow.desk import Desk
from step_seven import confirmed, enter_step_seven, offer_sent
from workflow_helpers import tasks_of

COUNTER = "Is there any flexibility on the price?"


def _auto_sent_kinds(desk: Desk, thread_id: str) -> list[str]:
    event = desk.event_view(thread_id) or {}
    return [entry["detail"].get("kind") for entry in event["audit"]
            if entry["kind"] == "message" and entry["detail"].get("review") == "auto" and entry["detail"].get("kind")]


def test_under_counter_auto_the_price_stands_at_once_and_no_task_opens(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    desk.set_autonomy({"counter": "auto"})
    reply = desk.handle_message(thread_id, COUNTER)
    event = desk.event_view(thread_id)
    assert "is our best price and stands" in reply.body_markdown
    assert {action.name for action in reply.actions} >= {"accept_offer", "decline_offer"}
    assert (event["counter_count"], event["thread_state"], event["offer"]["version"]) == (1, "Awaiting Client", 1)
    assert [task for task in tasks_of(engine, thread_id) if task[1] in ("counter_offer", "counter_limit")] == []
    assert _auto_sent_kinds(desk, thread_id) == ["counter"]


def test_under_confirmation_auto_the_booking_is_confirmed_without_a_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    desk.set_autonomy({"confirmation": "auto"})
    reply = enter_step_seven(desk, thread_id)
    event = desk.event_view(thread_id)
    assert (event["status"], event["current_step"], event["thread_state"]) == ("Confirmed", 7, "Awaiting Client")
    assert "download_ics" in {action.name for action in reply.actions}
    assert desk.calendar_ics(thread_id).count(b"BEGIN:VEVENT") == 1
    assert [task for task in tasks_of(engine, thread_id) if task[1] == "confirmation_approval"] == []


def test_under_cancellation_auto_a_confirmed_booking_is_cancelled_at_once_with_the_refund(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.set_autonomy({"cancellation": "auto"})
    reply = desk.handle_message(thread_id, "Unfortunately we have to cancel the booking.")
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"], event["locked_room_id"]) == ("Cancelled", "Closed", None)
    assert event["cancellation"]["status"] == "done"
    assert "CHF" in reply.body_markdown
    assert [task for task in tasks_of(engine, thread_id) if task[1] == "cancellation"] == []
    assert _auto_sent_kinds(desk, thread_id)[-1] == "cancellation"
