"""The payment webhook's workflow (docs/design.md §4.13): signature over the raw body, one record per reference,
applied only when it matches the deposit; a mismatch is recorded, not applied, and checked by a manager."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from billing_helpers import ADDRESS, at_step_6, awaiting_deposit, offer_sent
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DecisionError
from venuedesk.workflow.payments import BadSignature, PaymentResult, PaymentsNotConfigured, UnknownOffer, sign
from workflow_helpers import outbox_replies, tasks_of

SECRET = "test-payment-secret"
OFFER = "evt_thr-1-v1"


def body(amount: float = 477.0, reference: str = "PAY-1", currency: str = "CHF", offer_id: str = OFFER) -> bytes:
    return json.dumps({"offer_id": offer_id, "amount": amount, "currency": currency,
                       "reference": reference}).encode()


def post(desk: Desk, raw: bytes) -> PaymentResult:
    return desk.payment_webhook(raw, sign(SECRET, raw), SECRET)


def test_a_matching_payment_pays_the_deposit_tells_the_client_and_moves_to_step_7(
    desk: Desk, thread_id: str
) -> None:
    awaiting_deposit(desk, thread_id)
    result = post(desk, body())
    event = desk.event_view(thread_id)
    assert result.status == "applied" and event is not None
    assert event["deposit"]["paid_at"] is not None and event["current_step"] == 7
    assert result.reply is not None and "received your deposit of CHF 477.00" in result.reply.body_markdown


def test_a_webhook_redelivered_three_times_is_one_payment_and_one_message(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    sent_before = len(outbox_replies(engine, thread_id))
    results = [post(desk, body()) for _ in range(3)]
    assert [r.status for r in results] == ["applied", "duplicate", "duplicate"]
    assert len(outbox_replies(engine, thread_id)) == sent_before + 1
    with desk.uow() as uow:
        assert len(uow.payments.for_thread(thread_id)) == 1


def test_a_wrong_amount_is_recorded_not_applied_and_opens_a_manual_review(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    result = post(desk, body(amount=400.0))
    event = desk.event_view(thread_id)
    assert result.status == "recorded" and not result.applied and event is not None
    assert event["deposit"]["paid_at"] is None and event["current_step"] == 6
    assert ("manual_review", "open") in [t[1:] for t in tasks_of(engine, thread_id)]
    assert "CHF 400.00" in result.reason


def test_a_wrong_currency_is_recorded_not_applied(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    result = post(desk, body(currency="EUR"))
    assert result.status == "recorded" and not result.applied
    with desk.uow() as uow:
        [row] = uow.payments.for_thread(thread_id)
        assert row.currency == "EUR" and not row.applied


def test_a_payment_for_an_offer_not_yet_accepted_is_recorded_not_applied(desk: Desk, thread_id: str) -> None:
    offer_sent(desk, thread_id)
    result = post(desk, body())
    assert result.status == "recorded" and "not the accepted live offer" in result.reason


def test_a_manager_marking_paid_after_a_wrong_amount_closes_its_review(
    desk: Desk, thread_id: str, engine: Engine
) -> None:
    awaiting_deposit(desk, thread_id)
    post(desk, body(amount=400.0))
    desk.mark_deposit_paid(thread_id, Decimal("477.00"))
    assert [t[2] for t in tasks_of(engine, thread_id) if t[1] == "manual_review"] == ["superseded"]


def test_an_unknown_offer_is_refused_and_not_recorded(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    with pytest.raises(UnknownOffer):
        post(desk, body(offer_id="evt_nobody-v1"))
    with desk.uow() as uow:
        assert uow.payments.by_reference("PAY-1") is None


def test_a_bad_signature_is_refused(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    with pytest.raises(BadSignature):
        desk.payment_webhook(body(), sign("another-secret", body()), SECRET)


def test_without_a_configured_secret_no_payment_is_accepted(desk: Desk, thread_id: str) -> None:
    with pytest.raises(PaymentsNotConfigured, match="VENUEDESK_PAYMENT_SECRET"):
        desk.payment_webhook(body(), sign(SECRET, body()), None)


def test_a_signature_with_non_ascii_characters_is_refused_not_a_crash(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    with pytest.raises(BadSignature):
        desk.payment_webhook(body(), "ü" * 64, SECRET)


def test_a_payment_before_billing_is_complete_is_applied_and_billing_is_still_asked_for(
    desk: Desk, thread_id: str
) -> None:
    at_step_6(desk, thread_id)
    result = post(desk, body())
    event = desk.event_view(thread_id)
    assert result.applied and event is not None and event["current_step"] == 6
    assert result.reply is not None and "we still need your billing address" in result.reply.body_markdown


def test_the_manager_marking_a_deposit_the_webhook_already_paid_is_told_so(desk: Desk, thread_id: str) -> None:
    at_step_6(desk, thread_id)
    post(desk, body())
    with pytest.raises(DecisionError, match="already marked paid"):
        desk.mark_deposit_paid(thread_id, Decimal("477.00"))


def test_one_reference_sent_at_once_for_two_offers_is_recorded_once(desk: Desk, thread_id: str) -> None:
    awaiting_deposit(desk, thread_id)
    other = desk.open_thread(thread_id="thr-2").thread_id
    at_step_6(desk, other, f"Hi, we'd like a workshop for 30 people on 11 March 2026, 9 to 5. {ADDRESS}")
    bodies = [body(reference="SAME-REF"), body(reference="SAME-REF", offer_id="evt_thr-2-v1")]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda raw: post(desk, raw), bodies))
    assert sorted(result.status for result in results) == ["applied", "duplicate"]
    with desk.uow() as uow:
        assert len(uow.payments.for_thread(thread_id)) + len(uow.payments.for_thread(other)) == 1
