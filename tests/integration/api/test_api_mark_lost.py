"""`POST /api/threads/{id}/lost` (docs/pipeline.md): a manager ends an open lead or option as Lost with a reason,
once however often it is clicked, audited under the account that decided."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from accounts_helpers import account
from api_helpers import MANAGER, INQUIRY, SENDER, assert_error, ok, open_thread, to_offer
from venuedesk.store.pipeline_models import LostReasonRow
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import InputError

PRICE = {"reason": "price", "note": "went with a hotel"}


def lost_rows(engine: Engine, thread_id: str) -> list[tuple[str, str, str | None, str | None, str]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(  # type: ignore[misc]
            select(LostReasonRow.kind, LostReasonRow.from_status, LostReasonRow.reason, LostReasonRow.room_id,
                   LostReasonRow.actor).where(LostReasonRow.thread_id == thread_id))]


def test_an_option_marked_lost_frees_the_room_closes_its_tasks_and_the_thread(client: TestClient, desk: Desk) -> None:
    thread_id, _, task = to_offer(client)
    body = ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER))
    assert (body["from_status"], body["status"], body["reason"], body["note"]) == ("Option", "Lost", "price",
                                                                                  "went with a hotel")
    view = desk.event_view(thread_id)
    assert (view["status"], view["thread_state"], view["locked_room_id"]) == ("Lost", "Closed", None)
    tasks = ok(client.get("/api/hil/tasks", params={"status": "all"}, headers=MANAGER))
    assert next(t for t in tasks if t["task_id"] == task["task_id"])["status"] == "superseded"


def test_the_lost_reason_is_recorded_with_the_room_it_held(client: TestClient, engine: Engine) -> None:
    thread_id, _, _ = to_offer(client)
    ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER))
    assert lost_rows(engine, thread_id) == [("marked_lost", "Option", "price", "room-b", "bootstrap")]


def test_the_decision_is_audited_under_the_account_that_made_it(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    max_ = account(client, "max@venue.example", "manager")
    ok(client.post(f"/api/threads/{thread_id}/lost", json={"reason": "competitor"}, headers=max_))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=MANAGER))
    [entry] = [e for e in audit if e["kind"] == "manager_decision"]
    assert (entry["actor"], entry["detail"]["decision"], entry["detail"]["reason"]) == (
        "max@venue.example", "mark_lost", "competitor")


def test_a_double_click_with_one_key_marks_it_lost_once(client: TestClient, engine: Engine) -> None:
    thread_id, _, _ = to_offer(client)
    headers = {**MANAGER, "Idempotency-Key": "lost-1"}
    first = ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=headers))
    again = ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=headers))
    assert again == first
    assert len(lost_rows(engine, thread_id)) == 1


def test_a_second_click_without_a_key_answers_the_first_result(client: TestClient, engine: Engine) -> None:
    thread_id, _, _ = to_offer(client)
    first = ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER))
    assert ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER)) == first
    assert len(lost_rows(engine, thread_id)) == 1


def test_a_key_reused_for_another_reason_is_a_422_and_changes_nothing(client: TestClient, engine: Engine) -> None:
    thread_id, _, _ = to_offer(client)
    headers = {**MANAGER, "Idempotency-Key": "lost-2"}
    ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=headers))
    assert_error(client.post(f"/api/threads/{thread_id}/lost", json={"reason": "date"}, headers=headers), 422,
                 "idempotency_conflict")
    assert [row[2] for row in lost_rows(engine, thread_id)] == ["price"]


def test_a_lead_without_a_room_can_be_marked_lost(client: TestClient, engine: Engine) -> None:
    thread_id, headers = open_thread(client)
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    ok(client.post(f"/api/threads/{thread_id}/lost", json={"reason": "no_reply"}, headers=MANAGER))
    assert lost_rows(engine, thread_id) == [("marked_lost", "Lead", "no_reply", None, "bootstrap")]


def test_a_thread_already_lost_is_a_409_with_a_new_key(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers={**MANAGER, "Idempotency-Key": "a"}))
    error = assert_error(client.post(f"/api/threads/{thread_id}/lost", json=PRICE,
                                     headers={**MANAGER, "Idempotency-Key": "b"}), 409)
    assert "Lost" in error["message"]


def test_a_thread_without_a_booking_is_a_409(client: TestClient) -> None:
    thread_id, _ = open_thread(client)
    assert_error(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER), 409)


def test_an_unknown_reason_is_a_422_naming_the_field(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    error = assert_error(client.post(f"/api/threads/{thread_id}/lost", json={"reason": "weather"}, headers=MANAGER),
                         422)
    assert error["field"] == "reason"


def test_an_unknown_thread_is_a_404(client: TestClient) -> None:
    assert_error(client.post("/api/threads/thr_nope/lost", json=PRICE, headers=MANAGER), 404)


def test_a_viewer_may_not_mark_a_thread_lost(client: TestClient, engine: Engine) -> None:
    thread_id, _, _ = to_offer(client)
    viewer = account(client, "vera@venue.example", "viewer")
    assert_error(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=viewer), 403)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(LostReasonRow)).scalar_one() == 0


def test_a_thread_already_lost_is_refused_in_the_managers_language(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    ok(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=MANAGER))
    german = {**MANAGER, "Accept-Language": "de", "Idempotency-Key": "de-1"}
    error = assert_error(client.post(f"/api/threads/{thread_id}/lost", json=PRICE, headers=german), 409,
                         "not_markable")
    assert error["message"] == (f"Thread '{thread_id}' ist «Verloren»; nur eine Anfrage oder eine Option kann als "
                                "verloren markiert werden (er ist bereits beendet)")


def test_a_thread_without_a_booking_is_refused_in_the_managers_language(client: TestClient) -> None:
    thread_id, _ = open_thread(client)
    error = assert_error(client.post(f"/api/threads/{thread_id}/lost", json=PRICE,
                                     headers={**MANAGER, "Accept-Language": "de"}), 409, "not_markable")
    assert error["message"] == f"Thread '{thread_id}' hat noch keine Buchung; es gibt nichts als verloren zu markieren"


def test_an_unknown_thread_is_refused_in_the_managers_language(client: TestClient) -> None:
    error = assert_error(client.post("/api/threads/thr_nope/lost", json=PRICE,
                                     headers={**MANAGER, "Accept-Language": "de"}), 404)
    assert error["message"] == "Den Thread 'thr_nope' gibt es nicht"


def test_an_unknown_reason_and_a_long_note_are_refused_in_every_language(client: TestClient, desk: Desk) -> None:
    thread_id, _, _ = to_offer(client)
    with pytest.raises(InputError) as unknown:
        desk.mark_lost(thread_id, "weather")
    assert unknown.value.message_in("de").startswith("reason: 'weather' ist kein Verlustgrund; verwenden Sie")
    with pytest.raises(InputError) as long_note:
        desk.mark_lost(thread_id, "price", note="x" * 2001)
    assert (long_note.value.field, long_note.value.message_in("de")) == ("note",
                                                                          "note: höchstens 2000 Zeichen; erhalten: 2001")
    assert str(long_note.value) == "note: at most 2000 characters; got 2001"
