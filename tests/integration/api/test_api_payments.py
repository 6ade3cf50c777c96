"""The deposit over HTTP (docs/design.md §4.13): the signed payment webhook and the manager's deposit-paid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api_helpers import MANAGER, MANAGER_TOKEN, assert_error, ok
from billing_api_helpers import awaiting_deposit
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.payments import SIGNATURE_HEADER, sign

SECRET = "webhook-test-secret"
WEBHOOK = "/api/payments/webhook"


@pytest.fixture
def paying_client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    """The app with a payment secret configured."""
    settings = ServerSettings(home=tmp_path / "home", payment_secret=SECRET)
    with TestClient(create_app(desk, manager_token=MANAGER_TOKEN, settings=settings),
                    raise_server_exceptions=False) as test_client:
        yield test_client


def payment(offer_id: str, amount: float = 477.0, currency: str = "CHF", reference: str = "PAY-1") -> bytes:
    return json.dumps({"offer_id": offer_id, "amount": amount, "currency": currency, "reference": reference}).encode()


def post_signed(client: TestClient, body: bytes, secret: str = SECRET) -> httpx.Response:
    return client.post(WEBHOOK, content=body, headers={SIGNATURE_HEADER: sign(secret, body),
                                                       "Content-Type": "application/json"})


def test_a_matching_payment_is_applied(paying_client: TestClient, desk: Desk) -> None:
    thread_id, offer_id = awaiting_deposit(paying_client)
    assert ok(post_signed(paying_client, payment(offer_id)))["status"] == "applied"
    event = desk.event_view(thread_id)
    assert event is not None and event["deposit"]["paid_at"] and event["current_step"] == 7


def test_a_bad_signature_is_401(paying_client: TestClient) -> None:
    _, offer_id = awaiting_deposit(paying_client)
    error = assert_error(post_signed(paying_client, payment(offer_id), secret="guessed"), 401, "bad_signature")
    assert error["field"] == SIGNATURE_HEADER


def test_a_missing_signature_is_401(paying_client: TestClient) -> None:
    _, offer_id = awaiting_deposit(paying_client)
    assert_error(paying_client.post(WEBHOOK, content=payment(offer_id)), 401, "bad_signature")


def test_a_repeated_notification_is_200_duplicate_and_pays_once(paying_client: TestClient, desk: Desk) -> None:
    thread_id, offer_id = awaiting_deposit(paying_client)
    statuses = [ok(post_signed(paying_client, payment(offer_id)))["status"] for _ in range(3)]
    assert statuses == ["applied", "duplicate", "duplicate"]
    with desk.uow() as uow:
        assert len(uow.payments.for_thread(thread_id)) == 1


def test_a_wrong_currency_is_recorded_not_applied(paying_client: TestClient) -> None:
    thread_id, offer_id = awaiting_deposit(paying_client)
    body = ok(post_signed(paying_client, payment(offer_id, currency="EUR")))
    assert body["status"] == "recorded" and body["applied"] is False and "EUR" in body["reason"]
    tasks = ok(paying_client.get("/api/hil/tasks", headers=MANAGER))
    assert [t["type"] for t in tasks if t["thread_id"] == thread_id] == ["manual_review"]


def test_an_unknown_offer_is_404(paying_client: TestClient) -> None:
    awaiting_deposit(paying_client)
    assert_error(post_signed(paying_client, payment("evt_nobody-v1")), 404, "unknown_offer")


def test_a_malformed_body_is_422_naming_the_field(paying_client: TestClient) -> None:
    _, offer_id = awaiting_deposit(paying_client)
    error = assert_error(post_signed(paying_client, payment(offer_id, amount=-5)), 422)
    assert error["field"] == "amount"


def test_without_a_payment_secret_the_webhook_is_503(client: TestClient) -> None:
    _, offer_id = awaiting_deposit(client)
    error = assert_error(post_signed(client, payment(offer_id)), 503, "payments_not_configured")
    assert "VENUEDESK_PAYMENT_SECRET" in error["message"]


def test_the_manager_marks_the_deposit_paid(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client)
    reply = ok(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": 477.0}, headers=MANAGER))
    assert "received your deposit of CHF 477.00" in reply["body_markdown"] and reply["footer"]["step"] == 7


def test_a_double_click_on_deposit_paid_returns_the_same_reply(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client)
    path = f"/api/threads/{thread_id}/deposit-paid"
    first = ok(client.post(path, json={"amount": 477.0}, headers=MANAGER))
    assert ok(client.post(path, json={"amount": 477.0}, headers=MANAGER)) == first


def test_deposit_paid_needs_the_manager_token(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client)
    assert_error(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": 477.0}), 401)


def test_deposit_paid_with_a_zero_amount_is_422(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client)
    error = assert_error(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": 0}, headers=MANAGER),
                         422)
    assert error["field"] == "amount"


def test_deposit_paid_when_no_deposit_is_required_is_409(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client, room="Room B please, no catering")
    error = assert_error(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": 100.0},
                                     headers=MANAGER), 409)
    assert "requires no deposit" in error["message"]


def test_deposit_paid_with_a_non_numeric_amount_is_422(client: TestClient) -> None:
    thread_id, _ = awaiting_deposit(client)
    error = assert_error(client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": "lots"},
                                     headers=MANAGER), 422)
    assert error["field"] == "amount"


def test_deposit_paid_on_an_unknown_thread_is_404(client: TestClient) -> None:
    assert_error(client.post("/api/threads/thr_unknown/deposit-paid", json={"amount": 477.0}, headers=MANAGER), 404)


def test_a_webhook_body_that_is_not_json_is_422(paying_client: TestClient) -> None:
    assert_error(post_signed(paying_client, b"amount=477"), 422)
