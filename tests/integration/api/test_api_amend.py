"""`POST /api/events/{id}/amend` (docs/amendments.md): a manager amends a booking confirmed through the real
workflow; the engine reprices it by docs/venue.md, the client is told once through the outbox, the account is in
the audit and the function sheet gets its next version with the change marked."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accounts_helpers import account
from amend_helpers import WORKED_EXAMPLE, amend, confirmed_event, outbox_of
from api_helpers import MANAGER, assert_error, ok, open_thread
from venuedesk.workflow.desk import Desk

def test_the_new_total_is_the_worked_example_of_venue_md(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, WORKED_EXAMPLE))
    assert (out["previous_total"], out["total"], out["vat"]) == (1590.0, 2090.0, 156.6)
    event = ok(client.get("/api/events", params={"status": "Confirmed"}, headers=MANAGER))[0]
    assert event["offer"]["offer_id"] == out["offer_id"] == f"{event_id}-v{out['version']}"
    assert event["offer"]["status"] == "Accepted" and event["offer"]["total"] == 2090.0


def test_the_deposit_paid_counts_and_the_rest_is_due_now(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, WORKED_EXAMPLE))
    assert out["deposit"] == {"paid": 477.0, "asked": 627.0, "due_now": 150.0, "due": "2026-02-28", "excess": 0.0}
    assert "CHF 150.00 is due now" in out["reply"]["body_markdown"]


def test_the_client_is_told_once_through_the_outbox_with_what_changed(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    before = len(outbox_of(desk, thread_id))
    ok(amend(client, event_id, WORKED_EXAMPLE))
    ok(amend(client, event_id, WORKED_EXAMPLE))  # the same key again
    sent = outbox_of(desk, thread_id)[before:]
    assert len(sent) == 1
    body = sent[0]["body_markdown"]
    assert "Coffee & snacks: added (30)" in body and "Wireless microphone: added (2)" in body
    assert "New total: CHF 2'090.00 (before: CHF 1'590.00)" in body


def test_a_german_client_is_told_in_german(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk, "de")
    ok(amend(client, event_id, {"participants": 32}))
    body = outbox_of(desk, thread_id)[-1]["body_markdown"]
    assert "Gäste: 30 → 32" in body and "Neuer Gesamtbetrag" in body


def test_the_same_key_returns_the_same_answer_and_amends_once(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    first = ok(amend(client, event_id, WORKED_EXAMPLE))
    again = ok(amend(client, event_id, WORKED_EXAMPLE))
    assert again == first
    offers = (desk.event_view(thread_id) or {})["offers"]
    assert [offer["status"] for offer in offers].count("Accepted") == 1 and len(offers) == first["version"]


def test_the_same_key_with_another_body_is_refused(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    ok(amend(client, event_id, WORKED_EXAMPLE))
    assert_error(amend(client, event_id, {"participants": 31}), 422, "idempotency_conflict")


def test_the_audit_attributes_the_amendment_to_the_account(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    account(client, "olga@venue.example", "owner")
    manager = account(client, "max@venue.example", "manager")
    ok(amend(client, event_id, WORKED_EXAMPLE, manager))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=manager))
    amended = [entry for entry in audit if entry["reason"].startswith("booking amended")]
    assert [entry["actor"] for entry in amended] == ["max@venue.example"]
    assert "CHF 1'590.00 → CHF 2'090.00" in amended[0]["reason"]


def test_the_function_sheet_version_2_marks_the_change(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    out = ok(amend(client, event_id, {"participants": 32, "notes": "Four vegan lunches"}))
    assert out["function_sheet_version"] == 2
    sheet = client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER)
    assert sheet.headers["x-function-sheet-version"] == "2" and "Changed since version 1" in sheet.text
    assert "<td>32</td>" in sheet.text and "Four vegan lunches" in sheet.text


def test_a_viewer_is_refused_with_403(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    account(client, "olga@venue.example", "owner")
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(amend(client, event_id, {"participants": 31}, viewer), 403, "forbidden")


def test_a_client_token_is_refused_with_403(client: TestClient, desk: Desk) -> None:
    event_id, _, headers = confirmed_event(client, desk)
    assert_error(amend(client, event_id, {"participants": 31}, headers), 403, "forbidden")


def test_a_head_count_over_capacity_is_422_naming_the_field(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, _ = confirmed_event(client, desk)
    before = len(outbox_of(desk, thread_id))
    error = assert_error(amend(client, event_id, {"participants": 33}), 422, "over_capacity")
    assert error["field"] == "participants" and "(32)" in error["message"]
    assert len(outbox_of(desk, thread_id)) == before


def test_a_price_in_the_request_is_refused(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    error = assert_error(amend(client, event_id, {"participants": 31, "total": 1.0}), 422)
    assert error["field"] == "total"


def test_an_unknown_product_is_422(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    error = assert_error(amend(client, event_id, {"products": [{"product_id": "caviar", "quantity": 1}]}), 422,
                         "unknown_product")
    assert error["field"] == "products[0].product_id"


def test_a_booking_not_confirmed_is_409(client: TestClient, desk: Desk) -> None:
    thread_id, headers = open_thread(client)
    client.post(f"/api/threads/{thread_id}/messages", json={"text": "Hello", "from": "a@example.com"},
                headers=headers)
    assert_error(amend(client, "evt_" + thread_id.removeprefix("thr_"), {"participants": 31}), 409, "not_confirmed")


def test_an_unknown_event_is_404(client: TestClient) -> None:
    assert_error(amend(client, "evt_nope", {"participants": 31}), 404, "not_found")


def test_the_amendment_resolves_the_clients_change_request(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    asked = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": "We will be 32 people now."},
                           headers=headers))
    assert asked["hil"]["type"] == "manual_review"
    out = ok(amend(client, event_id, {"participants": 32, "resolves_task": asked["hil"]["task_id"]}))
    assert out["resolved_task"] == asked["hil"]["task_id"]
    tasks = ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
    assert all(task["thread_id"] != thread_id for task in tasks)
    assert out["reply"]["footer"]["state"] == "Awaiting Client"


def test_a_task_of_another_kind_is_not_resolved(client: TestClient, desk: Desk) -> None:
    event_id, _, _ = confirmed_event(client, desk)
    error = assert_error(amend(client, event_id, {"participants": 32, "resolves_task": "nope"}), 422, "unknown_task")
    assert error["field"] == "resolves_task"


def test_notes_alone_reach_the_sheet_but_not_the_client(client: TestClient, desk: Desk) -> None:
    event_id, thread_id, headers = confirmed_event(client, desk)
    before = len(outbox_of(desk, thread_id))
    out = ok(amend(client, event_id, {"notes": "Guest of honour arrives 08:45"}))
    assert (out["offer_id"], out["reply"], out["function_sheet_version"]) == (None, None, 2)
    assert len(outbox_of(desk, thread_id)) == before
    sheet = client.get(f"/api/events/{event_id}/function-sheet", headers=MANAGER)
    assert "Guest of honour arrives 08:45" in sheet.text
    assert "Guest of honour" not in client.get(f"/api/threads/{thread_id}", headers=headers).text
