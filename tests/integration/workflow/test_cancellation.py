"""Cancellation (docs/design.md §4.13): before confirmation at once (Lost, hold released, no charge, a paid deposit
refunded in full, thread Closed); after confirmation through a `cancellation` task that shows the refund by the
policy for the day the client asked, and on approval Cancelled, room released, refund stated, thread Closed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from venuedesk.clock import VENUE_TZ
from venuedesk.store.models import BookingRow
from venuedesk.workflow.desk import Desk
from step_seven import confirmed, enter_step_seven, offer_sent
from workflow_helpers import outbox_replies, tasks_of


def _booking_statuses(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row.status for row in connection.execute(select(BookingRow.status))]


def _cancellation_task(desk: Desk, thread_id: str) -> dict:
    return next(task for task in desk.open_tasks(thread_id) if task["type"] == "cancellation")


def test_cancelling_before_confirmation_loses_the_event_releases_the_room_and_closes_the_thread(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    reply = desk.handle_message(thread_id, "Unfortunately we have to cancel.")
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"], event["locked_room_id"]) == ("Lost", "Closed", None)
    assert _booking_statuses(engine) == []
    assert "the room is released and there is no charge" in reply.body_markdown
    assert reply.footer_text.endswith("Next: nothing – this booking is closed · State: Closed")


def test_cancelling_before_confirmation_refunds_a_paid_deposit_in_full(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    reply = desk.handle_message(thread_id, "Wir müssen leider absagen.")
    assert "Die bezahlte Anzahlung von CHF 477.00 erstatten wir Ihnen vollständig zurück." in reply.body_markdown
    assert desk.event_view(thread_id)["cancellation"] == {
        "requested_on": "2026-02-02", "status": "done", "reason": "Wir müssen leider absagen.", "paid": 477.0,
        "refund": 477.0, "band": "before_confirmation", "days_before": 36}


def test_cancelling_before_confirmation_closes_the_pending_confirmation_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    offer_sent(desk, thread_id)
    task_id = enter_step_seven(desk, thread_id).hil.task_id
    desk.handle_action(thread_id, "cancel_booking")
    assert (task_id, "confirmation_approval", "superseded") in tasks_of(engine, thread_id)
    assert [task["type"] for task in desk.open_tasks(thread_id)] == ["manual_review"]  # the refund to pay back


def test_a_cancellation_after_confirmation_opens_one_task_showing_the_refund_by_the_policy(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    reply = desk.handle_message(thread_id, "We have to cancel the booking, our CEO is ill.")
    assert reply.hil is not None and reply.hil.type == "cancellation"
    assert "The venue's team confirms the cancellation and the refund" in reply.body_markdown
    task = _cancellation_task(desk, thread_id)
    assert "asked 36 days before the event; paid CHF 477.00; refund by the policy CHF 277.00" in task["summary"]
    assert "we refund CHF 277.00 (the CHF 477.00 paid minus the cancellation fee of CHF 200.00)" in (
        task["draft"]["body_markdown"])
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"]) == ("Confirmed", "Waiting on HIL")
    assert _booking_statuses(engine) == ["Confirmed"]


def test_a_repeated_cancellation_while_the_task_waits_opens_no_second_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    again = desk.handle_action(thread_id, "cancel_booking")
    assert "already with the venue's team" in again.body_markdown
    assert again.footer.next == "the venue reviews your cancellation"
    assert desk.handle_message(thread_id, "Any news?").footer.next == "the venue reviews your cancellation"
    assert [t[1] for t in tasks_of(engine, thread_id)].count("cancellation") == 1


def test_approving_the_cancellation_cancels_releases_the_room_and_states_the_refund(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    reply = desk.decide(_cancellation_task(desk, thread_id)["task_id"], "approve")
    assert "Your booking of Room B on Tuesday, 10 March 2026 is cancelled" in reply.body_markdown
    assert "we refund CHF 277.00" in reply.body_markdown
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"], event["locked_room_id"]) == ("Cancelled", "Closed", None)
    assert event["cancellation"]["status"] == "done"
    assert _booking_statuses(engine) == []
    assert reply.footer.state == "Closed"


def test_a_repeated_approval_of_the_cancellation_sends_nothing_more(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    task_id = _cancellation_task(desk, thread_id)["task_id"]
    first = desk.decide(task_id, "approve")
    sent = len(outbox_replies(engine, thread_id))
    assert desk.decide(task_id, "approve") == first
    desk.decide(task_id, "reject", note="changed my mind")
    assert len(outbox_replies(engine, thread_id)) == sent
    assert desk.event_view(thread_id)["status"] == "Cancelled"


def test_rejecting_the_cancellation_keeps_the_booking_and_tells_the_client(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    reply = desk.decide(_cancellation_task(desk, thread_id)["task_id"], "reject", note="call the client first")
    assert "your booking of Room B on Tuesday, 10 March 2026 stands as confirmed" in reply.body_markdown
    assert "call the client first" not in reply.body_markdown
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"], event["cancellation"]["status"]) == (
        "Confirmed", "Awaiting Client", "refused")
    assert _booking_statuses(engine) == ["Confirmed"]


@pytest.mark.parametrize(
    ("asked", "refund", "words"),
    [
        (datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ), Decimal("277.00"), "more than 30 days"),
        (datetime(2026, 2, 20, 9, 0, tzinfo=VENUE_TZ), Decimal("238.50"), "14 to 30 days"),  # 18 days
        (datetime(2026, 3, 1, 9, 0, tzinfo=VENUE_TZ), Decimal("0.00"), "fewer than 14 days"),  # 9 days
    ],
)
def test_the_refund_follows_the_days_before_the_event_on_the_day_the_client_asks(
    desk: Desk, thread_id: str, asked: datetime, refund: Decimal, words: str
) -> None:
    confirmed(desk, thread_id)
    desk.clock.set(asked)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    desk.clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=VENUE_TZ))  # approved days later: the asking day counts
    reply = desk.decide(_cancellation_task(desk, thread_id)["task_id"], "approve")
    assert words in reply.body_markdown
    assert Decimal(str(desk.event_view(thread_id)["cancellation"]["refund"])) == refund


def test_the_cancellation_is_in_german_for_a_german_client(desk: Desk, thread_id: str) -> None:
    inquiry = "Guten Tag, wir planen einen Workshop für 30 Personen am 10. März 2026 von 9 bis 17 Uhr."
    confirmed(desk, thread_id, products="Mittagessen für alle, bitte.", inquiry=inquiry)
    asked = desk.handle_message(thread_id, "Wir müssen die Buchung leider stornieren.")
    assert "Wir haben Ihre Stornierung der Buchung vom Dienstag, 10. März 2026" in asked.body_markdown
    reply = desk.decide(_cancellation_task(desk, thread_id)["task_id"], "approve")
    assert "Wir erstatten Ihnen CHF 277.00 zurück" in reply.body_markdown
    assert reply.footer.next == "nichts – diese Buchung ist abgeschlossen"


def test_cancelling_again_after_the_cancellation_changes_nothing(desk: Desk, engine: Engine, thread_id: str) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "We have to cancel the booking.")
    desk.decide(_cancellation_task(desk, thread_id)["task_id"], "approve")
    sent = len(outbox_replies(engine, thread_id))
    reply = desk.handle_message(thread_id, "Please cancel our booking.")
    assert reply.footer.state == "Closed" and desk.hil_open(thread_id) == 0
    event = desk.event_view(thread_id)
    assert (event["status"], event["cancellation"]["refund"]) == ("Cancelled", 277.0)
    assert len(outbox_replies(engine, thread_id)) == sent + 1  # the reply to this message, nothing else


def test_asking_about_the_cancellation_terms_cancels_nothing(desk: Desk, thread_id: str) -> None:
    confirmed(desk, thread_id)
    desk.handle_message(thread_id, "What happens if we have to cancel?")
    assert desk.event_view(thread_id)["status"] == "Confirmed"
    assert all(task["type"] != "cancellation" for task in desk.open_tasks(thread_id))


def test_a_double_clicked_cancel_button_cancels_once(desk: Desk, engine: Engine, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    enter_step_seven(desk, thread_id)
    first = desk.handle_action(thread_id, "cancel_booking", idempotency_key="click-1")
    sent = len(outbox_replies(engine, thread_id))
    again = desk.handle_action(thread_id, "cancel_booking", idempotency_key="click-1")
    assert again == first and len(outbox_replies(engine, thread_id)) == sent
    assert desk.event_view(thread_id)["status"] == "Lost"
