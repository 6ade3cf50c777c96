"""Step 5, the client's side (docs/design.md §4.13, §4.4): acceptance opens no task and moves to step 6, a decline
frees the room at once and closes the thread, a counter opens one manager task, and negotiation words never change
booking facts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from venuedesk.clock import FrozenClock
from venuedesk.store.models import BookingRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.reply import Reply
from workflow_helpers import SENDER, at_offer_review, row_counts, tasks_of

WORKED_EXAMPLE = ("Hi, we'd like Room B for a workshop with 30 people on 10 March 2026, 9 to 5, coffee break and "
                  "lunch for everyone and 2 wireless microphones.")


def _sent_offer(desk: Desk, thread_id: str) -> Reply:
    """Offer v1 (Room B, CHF 750.00, no deposit) approved and sent; returns the sent reply."""
    return desk.decide(at_offer_review(desk, thread_id), "approve")


def _sent_worked_example(desk: Desk, thread_id: str) -> Reply:
    """The venue's worked example (CHF 2,090.00, deposit 627.00) approved and sent."""
    held = desk.handle_message(thread_id, WORKED_EXAMPLE, sender=SENDER)
    assert held.hil is not None, held.body_markdown
    return desk.decide(held.hil.task_id, "approve")


def _hold_expiry(engine: Engine, thread_id: str) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(select(BookingRow.expires_at).where(
            BookingRow.event_id == f"evt_{thread_id.removeprefix('thr_')}")).scalars())


def test_agreeing_in_words_accepts_the_sent_offer_without_a_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    reply = desk.handle_message(thread_id, "Agreed, we'll take it.")
    event = desk.event_view(thread_id)
    assert event["offer"]["status"] == "Accepted" and event["offer"]["accepted_at"].startswith("2026-02-02T09:00")
    assert event["current_step"] == 6 and reply.hil is None and desk.hil_open(thread_id) == 0
    assert "accepted offer version 1" in reply.body_markdown


def test_the_accept_button_accepts_the_offer_it_belongs_to(desk: Desk, thread_id: str) -> None:
    sent = _sent_offer(desk, thread_id)
    button = next(action for action in sent.actions if action.name == "accept_offer")
    desk.handle_action(thread_id, "accept_offer", button.args)
    event = desk.event_view(thread_id)
    assert event["offer"]["offer_id"] == button.args["offer_id"] and event["offer"]["status"] == "Accepted"
    assert desk.hil_open(thread_id) == 0


def test_acceptance_stops_the_option_from_expiring(desk: Desk, engine: Engine, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    assert all(expiry is not None for expiry in _hold_expiry(engine, thread_id))
    desk.handle_message(thread_id, "Agreed, we'll take it.")
    assert _hold_expiry(engine, thread_id) == [None]
    assert desk.event_view(thread_id)["hold_expires_at"] is None


def test_the_deposit_is_computed_on_the_accepted_total_from_the_acceptance_day(
    desk: Desk, clock: FrozenClock, thread_id: str
) -> None:
    _sent_worked_example(desk, thread_id)
    clock.set(clock.now() + timedelta(days=3))
    desk.handle_message(thread_id, "Agreed, we'll take it.")
    deposit = desk.event_view(thread_id)["deposit"]
    assert deposit == {"required": True, "amount": 627.0, "due": "2026-02-28", "paid_at": None, "topups": [],
                       "excess": None}


def test_a_question_about_the_price_is_not_an_acceptance(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Is this the final price?")
    assert desk.event_view(thread_id)["offer"]["status"] == "Sent"
    assert desk.event_view(thread_id)["current_step"] == 5


def test_a_bare_ok_in_direct_reply_to_the_offer_accepts_it(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "ok")
    assert desk.event_view(thread_id)["offer"]["status"] == "Accepted"


def test_a_bare_ok_after_another_answer_is_asked_back_with_the_accept_button(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Is there parking nearby?")
    reply = desk.handle_message(thread_id, "ok")
    assert desk.event_view(thread_id)["offer"]["status"] == "Sent" and desk.hil_open(thread_id) == 0
    assert [action.name for action in reply.actions] == ["accept_offer", "decline_offer"]


def test_a_double_clicked_accept_without_a_key_accepts_once_and_opens_no_task(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    sent = _sent_offer(desk, thread_id)
    button = next(action for action in sent.actions if action.name == "accept_offer")
    desk.handle_action(thread_id, "accept_offer", button.args)
    second = desk.handle_action(thread_id, "accept_offer", button.args)
    event = desk.event_view(thread_id)
    assert "already accepted" in second.body_markdown and desk.hil_open(thread_id) == 0
    assert [o["status"] for o in event["offers"]] == ["Accepted"]
    assert len([e for e in event["audit"] if e["kind"] == "tool" and e["reason"].startswith("offer_accept")]) == 1


def test_a_double_clicked_accept_with_its_key_returns_the_stored_reply_and_changes_nothing(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    sent = _sent_offer(desk, thread_id)
    button = next(action for action in sent.actions if action.name == "accept_offer")
    first = desk.handle_action(thread_id, "accept_offer", button.args, idempotency_key="click-1")
    counts = row_counts(engine)
    again = desk.handle_action(thread_id, "accept_offer", button.args, idempotency_key="click-1")
    assert again == first and row_counts(engine) == counts


def test_acceptance_while_a_new_version_waits_for_the_manager_accepts_nothing(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Actually we will be 25 people.")
    reply = desk.handle_message(thread_id, "Agreed, we'll take it.")
    event = desk.event_view(thread_id)
    assert [o["status"] for o in event["offers"]] == ["Superseded", "Draft"]
    assert "cannot be accepted yet" in reply.body_markdown and desk.hil_open(thread_id) == 1


def test_acceptance_after_the_option_lapsed_is_refused_and_returns_to_the_room_step(
    desk: Desk, clock: FrozenClock, thread_id: str
) -> None:
    _sent_offer(desk, thread_id)
    clock.set(clock.now() + timedelta(days=8))
    reply = desk.handle_message(thread_id, "Agreed, we'll take it.")
    event = desk.event_view(thread_id)
    assert event["current_step"] == 3 and event["locked_room_id"] is None and event["offer"] is None
    assert "has expired" in reply.body_markdown


def test_a_decline_loses_the_event_closes_the_thread_and_audits_the_reason(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "We decline the offer, we found another venue.")
    event = desk.event_view(thread_id)
    assert (event["status"], event["thread_state"], event["offer"]["status"]) == ("Lost", "Closed", "Declined")
    assert event["locked_room_id"] is None
    assert any("found another venue" in entry["reason"] and "Lost" in entry["reason"] for entry in event["audit"])


def test_a_declined_room_can_be_held_by_another_thread_at_once(desk: Desk, engine: Engine, thread_id: str) -> None:
    sent = _sent_offer(desk, thread_id)
    button = next(action for action in sent.actions if action.name == "decline_offer")
    desk.handle_action(thread_id, "decline_offer", button.args)
    other = desk.open_thread(thread_id="thr-2").thread_id
    reply = desk.handle_message(other, "Room B for a workshop with 30 people on 10 March 2026, 9 to 5, no catering.",
                                sender="ben@example.com")
    assert desk.event_view(other)["locked_room_id"] == "room-b", reply.body_markdown


def test_a_message_on_a_closed_thread_changes_nothing(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "We'll pass, thanks.")
    before = desk.event_view(thread_id)
    reply = desk.handle_message(thread_id, "Could we come on 17 March with 40 people instead?")
    after = desk.event_view(thread_id)
    assert "new inquiry" in reply.body_markdown and reply.footer.state == "Closed"
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
    assert desk.hil_open(thread_id) == 0


def test_a_counter_opens_one_counter_offer_task_and_counts_it(desk: Desk, engine: Engine, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    reply = desk.handle_message(thread_id, "Can you do 10 % off?")
    assert reply.hil is not None and reply.hil.type == "counter_offer"
    assert desk.event_view(thread_id)["counter_count"] == 1
    summary = desk.open_tasks(thread_id)[0]["summary"]
    assert "asks 10 % off" in summary and "Counter 1 of 3" in summary


def test_a_second_counter_while_the_first_waits_opens_no_second_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Can you do 10 % off?")
    desk.handle_message(thread_id, "Or maybe CHF 100 off?")
    assert [t[1] for t in tasks_of(engine, thread_id) if t[2] == "open"] == ["counter_offer"]
    assert desk.event_view(thread_id)["counter_count"] == 1


def test_the_fourth_counter_opens_a_counter_limit_task(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    for ask in ("Can you do 10 % off?", "Could you do CHF 600 flat?", "Is there any flexibility on the price?"):
        desk.handle_message(thread_id, ask)
        desk.decide(desk.open_tasks(thread_id)[0]["task_id"], "reject", note="No.")
    reply = desk.handle_message(thread_id, "Geht es nicht doch günstiger?")
    assert reply.hil is not None and reply.hil.type == "counter_limit"
    assert desk.event_view(thread_id)["counter_count"] == 4


def test_discount_words_never_change_the_booking_facts(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    before = desk.event_view(thread_id)
    desk.handle_message(thread_id, "Could you do 10 % off, or CHF 200 off, or 650 in total?")
    after = desk.event_view(thread_id)
    assert after["requirements"] == before["requirements"] and after["chosen_date"] == before["chosen_date"]
    assert after["offer"]["version"] == 1 and after["counter_count"] == 1


def test_acceptance_while_a_counter_waits_accepts_and_supersedes_the_counter(
    desk: Desk, engine: Engine, thread_id: str
) -> None:
    _sent_offer(desk, thread_id)
    counter = desk.handle_message(thread_id, "Is there any flexibility on the price?")
    desk.handle_message(thread_id, "Never mind, agreed, we'll take it as it is.")
    assert desk.event_view(thread_id)["offer"]["status"] == "Accepted"
    assert counter.hil is not None and (counter.hil.task_id, "counter_offer", "superseded") in tasks_of(engine, thread_id)
    assert desk.event_view(thread_id)["thread_state"] == "Awaiting Client"



def test_an_acceptance_that_also_changes_the_contact_email_still_accepts(desk: Desk, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Agreed, we'll take it. Please write to sara@alpen.ch from now on.")
    event = desk.event_view(thread_id)
    assert (event["client_email"], event["offer"]["status"], event["current_step"]) == ("sara@alpen.ch", "Accepted", 6)


def test_a_re_acceptance_while_a_task_waits_opens_no_second_task(desk: Desk, engine: Engine, thread_id: str) -> None:
    _sent_offer(desk, thread_id)
    desk.handle_message(thread_id, "Agreed, we'll take it.")
    desk.handle_message(thread_id, "Thanks, we need to discuss the seating internally and will come back.")
    waiting = tasks_of(engine, thread_id)
    assert desk.hil_open(thread_id) == 1
    reply = desk.handle_message(thread_id, "Agreed, we'll take it.")
    assert tasks_of(engine, thread_id) == waiting and reply.hil is None
    assert [o["status"] for o in desk.event_view(thread_id)["offers"]] == ["Accepted"]
