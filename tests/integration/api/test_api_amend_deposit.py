"""The deposit after an amendment (docs/amendments.md "The deposit"): a raised total leaves a top-up outstanding on
the event, paid once by the manager's deposit-paid or by the signed payment webhook; a lowered total records what
was paid in excess and tells the client. The booking: Room B, 30 guests with lunch, CHF 1,590, deposit 477 paid."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from amend_helpers import WORKED_EXAMPLE, amend, confirmed_event, outbox_of
from api_helpers import MANAGER, MANAGER_TOKEN, assert_error, ok
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.payments import SIGNATURE_HEADER, sign

SECRET = "webhook-test-secret"
NO_LUNCH = {"products": [{"product_id": "lunch", "quantity": 0}]}  # Room B alone: CHF 750, no deposit asked


@pytest.fixture
def paying_client(desk: Desk, tmp_path: Path) -> Iterator[TestClient]:
    """The app with a payment secret configured."""
    settings = ServerSettings(home=tmp_path / "home", payment_secret=SECRET)
    with TestClient(create_app(desk, manager_token=MANAGER_TOKEN, settings=settings),
                    raise_server_exceptions=False) as test_client:
        yield test_client


def pay(client: TestClient, offer_id: str, amount: float, reference: str = "PAY-TOPUP-1") -> httpx.Response:
    body = json.dumps({"offer_id": offer_id, "amount": amount, "currency": "CHF", "reference": reference}).encode()
    return client.post("/api/payments/webhook", content=body,
                       headers={SIGNATURE_HEADER: sign(SECRET, body), "Content-Type": "application/json"})


def mark_paid(client: TestClient, thread_id: str, amount: float, key: str = "paid-1") -> httpx.Response:
    return client.post(f"/api/threads/{thread_id}/deposit-paid", json={"amount": amount},
                       headers={**MANAGER, "Idempotency-Key": key})


def deposit_of(desk: Desk, thread_id: str) -> dict[str, Any]:
    return (desk.event_view(thread_id) or {})["deposit"]


def test_a_raised_total_leaves_the_top_up_outstanding_with_its_due_date(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, WORKED_EXAMPLE))
    [topup] = deposit_of(desk, thread_id)["topups"]
    assert (topup["amount"], topup["due"], topup["offer_id"], topup["paid_at"]) == (
        150.0, "2026-02-28", out["offer_id"], None)


def test_the_events_list_shows_the_top_up(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    [event] = ok(client.get("/api/events", params={"status": "Confirmed"}, headers=MANAGER))
    assert [topup["amount"] for topup in event["deposit"]["topups"]] == [150.0]


def test_the_manager_marks_the_top_up_paid_and_the_client_is_told_once(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    before = len(outbox_of(desk, thread_id))
    first = ok(mark_paid(client, thread_id, 150.0))
    assert ok(mark_paid(client, thread_id, 150.0)) == first  # a double click
    assert "received your deposit top-up of CHF 150.00; you have now paid CHF 627.00" in first["body_markdown"]
    assert len(outbox_of(desk, thread_id)) == before + 1
    [topup] = deposit_of(desk, thread_id)["topups"]
    assert topup["paid_at"] is not None and topup["reference"] == f"manager:{topup['offer_id']}"


def test_marking_another_amount_than_the_top_up_is_refused_and_nothing_changes(
    client: TestClient, desk: Desk
) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    error = assert_error(mark_paid(client, thread_id, 100.0), 422)
    assert error["field"] == "amount" and "CHF 150.00" in error["message"]
    assert deposit_of(desk, thread_id)["topups"][0]["paid_at"] is None


def test_a_paid_top_up_cannot_be_marked_paid_again(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    ok(mark_paid(client, thread_id, 150.0))
    assert_error(mark_paid(client, thread_id, 150.0, key="paid-2"), 409)


def test_the_payment_webhook_pays_the_top_up_once_per_reference(paying_client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(paying_client, desk)
    offer_id = ok(amend(paying_client, event_id, WORKED_EXAMPLE))["offer_id"]
    before = len(outbox_of(desk, thread_id))
    assert ok(pay(paying_client, offer_id, 150.0))["status"] == "applied"
    assert ok(pay(paying_client, offer_id, 150.0))["status"] == "duplicate"
    [topup] = deposit_of(desk, thread_id)["topups"]
    assert topup["paid_at"] is not None and topup["reference"] == "PAY-TOPUP-1"
    assert len(outbox_of(desk, thread_id)) == before + 1


def test_a_webhook_with_the_wrong_amount_is_recorded_not_applied_and_opens_a_review(
    paying_client: TestClient, desk: Desk
) -> None:
    event_id, thread_id, _ = confirmed_event(paying_client, desk)
    offer_id = ok(amend(paying_client, event_id, WORKED_EXAMPLE))["offer_id"]
    out = ok(pay(paying_client, offer_id, 627.0))
    assert out["status"] == "recorded" and "the top-up is CHF 150.00" in out["reason"]
    assert deposit_of(desk, thread_id)["topups"][0]["paid_at"] is None
    tasks = ok(paying_client.get("/api/hil/tasks", headers=MANAGER))
    assert [task["type"] for task in tasks if task["thread_id"] == thread_id] == ["manual_review"]


def test_a_second_raise_replaces_the_open_top_up(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    out = ok(amend(client, event_id, {"participants": 32}, key="amend-2"))
    [topup] = deposit_of(desk, thread_id)["topups"]
    assert (topup["offer_id"], topup["amount"]) == (out["offer_id"], out["deposit"]["due_now"])


def test_a_paid_top_up_counts_as_paid_for_the_next_amendment(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    ok(mark_paid(client, thread_id, 150.0))
    out = ok(amend(client, event_id, NO_LUNCH, key="amend-2"))  # CHF 2,090 − lunch 840 = 1,250: deposit 375
    assert (out["deposit"]["paid"], out["deposit"]["asked"], out["deposit"]["excess"]) == (627.0, 375.0, 252.0)


def test_a_lowered_total_records_the_excess_and_tells_the_client(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, NO_LUNCH))
    assert out["deposit"]["excess"] == 477.0
    deposit = deposit_of(desk, thread_id)
    assert (deposit["excess"], deposit["topups"]) == (477.0, [])
    body = outbox_of(desk, thread_id)[-1]["body_markdown"]
    assert "you have paid CHF 477.00, so CHF 477.00 is owed to you" in body
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=MANAGER))
    assert any("CHF 477.00 paid in excess, to refund or credit" in entry["reason"] for entry in audit)
