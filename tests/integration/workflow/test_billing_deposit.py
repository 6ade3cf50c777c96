"""Step 6 (docs/design.md §4.13): billing captured at any step, missing parts asked for by name, the deposit
requested until paid, "we paid" checked by a person, and the deposit marked paid by a manager exactly once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from billing_helpers import (
    ADDRESS,
    INQUIRY,
    NO_CATERING,
    SENDER,
    accept,
    at_step_6,
    awaiting_deposit,
    offer_sent,
)
from venuedesk.store.models import ToolCallRow
from venuedesk.tools.booking_models import DepositMarkPaidArgs
from venuedesk.understanding.model import Understanding
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DecisionError, IdempotencyConflict, InputError
from venuedesk.workflow.turn import ToolFailed, Turn
from workflow_helpers import outbox_replies, tasks_of

DEPOSIT_REQUEST = "Please pay the deposit of CHF 477.00 by Saturday, 28 February 2026"
FULL_BILLING = {"company": "Alpenglühn GmbH", "name": "Sara Frei", "street": "Dorfstrasse 7",
                "postal_code": "3011", "city": "Bern", "country": "CH"}


def event(desk: Desk, thread_id: str) -> dict:
    view = desk.event_view(thread_id)
    assert view is not None
    return view


def test_billing_given_in_the_inquiry_is_stored_and_acknowledged(desk: Desk, thread_id: str) -> None:
    reply = desk.handle_message(thread_id, f"{INQUIRY} {ADDRESS}", sender=SENDER)
    assert event(desk, thread_id)["billing"] == FULL_BILLING
    assert "we have noted your billing address: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7, 3011 Bern" in \
        reply.body_markdown
    assert reply.footer.step == 3


def test_billing_and_a_date_change_in_one_message_are_both_handled(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id, room=NO_CATERING)
    reply = desk.handle_message(thread_id, "Our billing address is Alpenglühn GmbH, Dorfstrasse 7, 3011 Bern. "
                                "Also, could we move the event to 17 March instead?")
    state = event(desk, thread_id)
    assert state["billing"]["company"] == "Alpenglühn GmbH" and state["billing"]["city"] == "Bern"
    assert state["chosen_date"] == "2026-03-17"
    assert "we have noted your billing address" in reply.body_markdown
    assert "17 March 2026" in reply.body_markdown


def test_a_room_name_is_never_taken_for_an_address(desk: Desk, thread_id: str) -> None:
    desk.handle_message(thread_id, f"{INQUIRY} Sara Frei, Room B, 3011 Bern", sender=SENDER)
    assert event(desk, thread_id)["billing"]["street"] is None


def test_billing_alone_after_the_offer_is_acknowledged_without_a_task(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id, room=NO_CATERING)
    reply = desk.handle_message(thread_id, ADDRESS)
    assert "we have noted your billing address" in reply.body_markdown
    assert desk.hil_open(thread_id) == 0 and reply.footer.step == 5


def test_step_6_asks_for_the_missing_billing_parts_by_name(desk: Desk, thread_id: str) -> None:
    at_step_6(desk, thread_id, f"{INQUIRY} Rechnungsadresse: Alpenglühn GmbH, Sara Frei, Dorfstrasse 7")
    reply = desk.handle_message(thread_id, "Thanks!")
    assert "we still need your billing address: the postal code and the city." in reply.body_markdown
    assert reply.footer_text.startswith("Step: 6 Billing & deposit · Next: give your billing address")


def test_the_reply_that_completes_billing_requests_the_deposit(desk: Desk, thread_id: str) -> None:
    at_step_6(desk, thread_id)
    reply = desk.handle_message(thread_id, ADDRESS)
    assert "we have noted your billing address" in reply.body_markdown
    assert DEPOSIT_REQUEST in reply.body_markdown
    assert reply.footer_text == "Step: 6 Billing & deposit · Next: pay the deposit · State: Awaiting Client"


def test_every_step_6_reply_repeats_the_deposit_request_until_paid(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    reply = desk.handle_message(thread_id, "Is there parking?")
    assert "Parking" in reply.body_markdown and DEPOSIT_REQUEST in reply.body_markdown


def test_a_complete_billing_without_a_deposit_moves_on_to_step_7(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id, f"{INQUIRY} {ADDRESS}", NO_CATERING)
    accept(desk, thread_id)
    desk.handle_message(thread_id, "Thanks!")
    assert event(desk, thread_id)["current_step"] == 7


def test_we_paid_never_marks_paid_nor_moves_the_date_and_opens_a_manual_review(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    reply = desk.handle_message(thread_id, "we already transferred it on 15.1.")
    state = event(desk, thread_id)
    assert state["deposit"]["paid_at"] is None and state["chosen_date"] == "2026-03-10"
    assert state["current_step"] == 6
    assert [t[1:] for t in tasks_of(engine, thread_id) if t[1] == "manual_review"] == [("manual_review", "open")]
    assert "We will check our account" in reply.body_markdown and DEPOSIT_REQUEST in reply.body_markdown


def test_repeated_payment_claims_open_one_manual_review(desk: Desk, thread_id: str, engine: Engine) -> None:
    awaiting_deposit(desk, thread_id)
    desk.handle_message(thread_id, "we already transferred it on 15.1.")
    desk.handle_message(thread_id, "Wir haben die Anzahlung am 15.1. überwiesen.")
    assert [t for t in tasks_of(engine, thread_id) if t[1] == "manual_review"] == [
        (f"{thread_id}-hil-2", "manual_review", "open")]


def test_a_manager_marking_the_deposit_paid_closes_the_payment_check_and_moves_to_step_7(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    desk.handle_message(thread_id, "we already transferred it on 15.1.")
    reply = desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    state = event(desk, thread_id)
    assert state["deposit"]["paid_at"] is not None and state["current_step"] == 7
    assert "we have received your deposit of CHF 477.00" in reply.body_markdown
    assert [t[2] for t in tasks_of(engine, thread_id) if t[1] == "manual_review"] == ["superseded"]


def test_marking_the_deposit_paid_twice_is_one_payment_and_one_message(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    first = desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    sent = len(outbox_replies(engine, thread_id))
    second = desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    assert second == first and len(outbox_replies(engine, thread_id)) == sent
    with desk.uow() as uow:
        assert len(uow.payments.for_thread(thread_id)) == 1


def test_a_manager_key_marks_one_deposit_and_replays_it_for_the_same_thread(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    first = desk.mark_deposit_paid(thread_id, Decimal("477.00"), idempotency_key="paid-1")
    assert desk.mark_deposit_paid(thread_id, Decimal("477.00"), idempotency_key="paid-1") == first


def test_a_manager_key_reused_for_another_threads_deposit_is_refused_naming_it(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    other = desk.open_thread().thread_id
    at_step_6(desk, other, f"{INQUIRY.replace('10 March', '11 March')} {ADDRESS}")
    desk.mark_deposit_paid(thread_id, Decimal("477.00"), idempotency_key="paid-1")
    with pytest.raises(IdempotencyConflict, match="Idempotency-Key 'paid-1' was already used"):
        desk.mark_deposit_paid(other, Decimal("477.00"), idempotency_key="paid-1")
    assert event(desk, other)["deposit"]["paid_at"] is None


def test_a_manager_key_sent_again_with_another_amount_is_refused(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    desk.mark_deposit_paid(thread_id, Decimal("477.00"), idempotency_key="paid-1")
    with pytest.raises(IdempotencyConflict, match="'paid-1'"):
        desk.mark_deposit_paid(thread_id, Decimal("500.00"), idempotency_key="paid-1")


def test_marking_paid_an_event_without_a_deposit_is_refused(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id, room=NO_CATERING)
    accept(desk, thread_id)
    with pytest.raises(DecisionError, match="requires no deposit"):
        desk.mark_deposit_paid(thread_id, Decimal("225.00"))


def test_marking_paid_before_acceptance_is_refused(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    with pytest.raises(DecisionError, match="is at step 5, not step 6"):
        desk.mark_deposit_paid(thread_id, Decimal("477.00"))


def test_marking_paid_a_zero_amount_is_refused(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    with pytest.raises(InputError, match="amount must be more than 0"):
        desk.mark_deposit_paid(thread_id, Decimal("0"))


def test_the_deposit_due_date_counts_from_acceptance(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    assert event(desk, thread_id)["deposit"]["due"] == date(2026, 2, 28).isoformat()


def test_a_message_for_the_team_while_the_team_has_the_thread_opens_no_second_task(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    desk.handle_message(thread_id, "Could you send the invoice to our accounting department instead?")
    reply = desk.handle_message(thread_id, "And could you add our PO number to the invoice?")
    assert [t[1] for t in tasks_of(engine, thread_id) if t[2] == "open"] == ["manual_review"]
    assert DEPOSIT_REQUEST in reply.body_markdown


def test_a_client_turn_cannot_mark_the_deposit_paid(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        assert state is not None
        turn = Turn(uow=uow, venue=desk.venue, now=desk.clock.now(), state=state, facts=Understanding(),
                    executor=desk.executor, turn_id="turn-x")
        with pytest.raises(ToolFailed, match="manager only"):
            turn.call("deposit_mark_paid", DepositMarkPaidArgs(amount=477.0, reference=None))


def test_a_restated_billing_address_is_acknowledged_and_written_once(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    offer_sent(desk, thread_id, f"{INQUIRY} {ADDRESS}", NO_CATERING)
    reply = desk.handle_message(thread_id, ADDRESS)
    assert "we have noted your billing address" in reply.body_markdown and desk.hil_open(thread_id) == 0
    with engine.connect() as connection:
        calls = connection.execute(select(func.count()).select_from(ToolCallRow)
                                   .where(ToolCallRow.name == "billing_update")).scalar_one()
    assert calls == 1


def test_the_manager_sees_a_payment_claim_as_a_deposit_to_check(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    desk.handle_message(thread_id, "we already transferred it on 15.1.")
    [task] = desk.open_tasks(thread_id)
    assert task["reason"].startswith("The deposit needs checking against the account")
    assert "we already transferred it on 15.1." in task["reason"]
