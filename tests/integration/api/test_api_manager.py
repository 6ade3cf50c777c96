"""Manager endpoints: tasks, approve / edit / reject over HTTP, events and the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import INQUIRY, MANAGER, SENDER, assert_error, ok, open_thread, row_counts, to_offer
from venuedesk.workflow.desk import Desk


def test_task_list_shape(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    assert {"task_id", "thread_id", "type", "status", "draft", "created_at"} <= set(task)
    assert task["type"] == "offer_approval" and task["status"] == "open" and task["draft"]
    assert task["created_at"].startswith("2026-02-02T09:00:00")
    assert ok(client.get("/api/hil/tasks", params={"status": "approved"}, headers=MANAGER)) == []
    assert len(ok(client.get("/api/hil/tasks", params={"status": "all"}, headers=MANAGER))) == 1


def test_approve_twice_sends_once(client: TestClient, desk: Desk, engine: Engine) -> None:
    thread_id, headers, task = to_offer(client)
    with desk.uow() as uow:
        before = len(uow.outbox.for_thread(thread_id))
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert sent["footer"]["step"] == 5 and "750.00" in sent["body_markdown"]
    assert sent["hil"] == {"task_id": task["task_id"], "type": "offer_approval", "status": "approved"}
    counts = row_counts(engine)
    again = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=MANAGER))
    assert again == sent
    assert row_counts(engine) == counts
    with desk.uow() as uow:
        assert len(uow.outbox.for_thread(thread_id)) == before + 1
    view = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert view["replies"][-1] == sent and view["event"]["offer"]["status"] == "Sent"
    assert ok(client.get("/api/hil/tasks", headers=MANAGER)) == []


def test_edit_sends_the_edited_message_with_the_computed_table_and_terms(client: TestClient) -> None:
    thread_id, headers, task = to_offer(client)
    text = "Dear Anna, Room B is yours on 10 March for CHF 750.00."
    sent = ok(client.post(f"/api/hil/tasks/{task['task_id']}/edit", json={"text": text}, headers=MANAGER))
    assert sent["body_markdown"] == f"{text}\n\n{task['edit']['fixed']}" and sent["hil"]["status"] == "edited"
    assert sent["table_blocks"] == task["draft"]["table_blocks"]
    assert "**Total: CHF 750.00**" in sent["body_markdown"] and "Cancellation:" in sent["body_markdown"]
    assert ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"][-1] == sent


def test_edit_naming_a_price_not_in_the_offer_is_refused_and_sends_nothing(client: TestClient) -> None:
    thread_id, headers, task = to_offer(client)
    before = ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"]
    response = client.post(f"/api/hil/tasks/{task['task_id']}/edit",
                           json={"text": "Dear Anna, as agreed the total is now CHF 600.00."}, headers=MANAGER)
    error = assert_error(response, 422, "invalid_input")
    assert "CHF 600.00" in error["message"] and "discount" in error["message"] and error["field"] == "text"
    assert ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"] == before
    assert [t["task_id"] for t in ok(client.get("/api/hil/tasks", headers=MANAGER))] == [task["task_id"]]


def test_edit_offering_a_percentage_off_is_refused(client: TestClient) -> None:
    _, _, task = to_offer(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/edit",
                           json={"text": "Dear Anna, we give you 10% off."}, headers=MANAGER)
    assert "10%" in assert_error(response, 422, "invalid_input")["message"]


def test_task_view_offers_the_editable_message_and_the_fixed_terms(client: TestClient) -> None:
    _, _, task = to_offer(client)
    edit = task["edit"]
    assert edit["message"].startswith("Here is your offer for Tuesday, 10 March 2026")
    assert edit["fixed"].startswith("**Total: CHF 750.00**") and "discount" in edit["rule"]
    assert task["draft"]["body_markdown"] == f"{edit['message']}\n\n{edit['fixed']}"


def test_reject_sends_nothing_and_opens_a_new_task_carrying_the_note(client: TestClient, desk: Desk) -> None:
    thread_id, headers, task = to_offer(client)
    replies_before = len(ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"])
    notice = ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Mention parking."},
                            headers=MANAGER))
    assert notice["agent"] == "manager" and notice["hil"]["task_id"] != task["task_id"]
    assert len(ok(client.get(f"/api/threads/{thread_id}", headers=headers))["replies"]) == replies_before
    tasks = ok(client.get("/api/hil/tasks", headers=MANAGER))
    assert [t["task_id"] for t in tasks] == [notice["hil"]["task_id"]]
    assert tasks[0]["previous_note"] == "Mention parking." and "Mention parking." in tasks[0]["reason"]
    rejected = ok(client.get("/api/hil/tasks", params={"status": "rejected"}, headers=MANAGER))
    assert [(t["task_id"], t["note"]) for t in rejected] == [(task["task_id"], "Mention parking.")]


def test_offline_redraft_claims_no_change_it_did_not_make(client: TestClient) -> None:
    _, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Offer the projector for free."},
                   headers=MANAGER))
    redraft = ok(client.get("/api/hil/tasks", headers=MANAGER))[0]
    assert redraft["draft"]["body_markdown"] == task["draft"]["body_markdown"]
    assert redraft["draft"]["table_blocks"] == task["draft"]["table_blocks"]
    assert "cannot follow a note" in redraft["reason"]


def test_reject_without_a_note_is_refused_and_changes_nothing(client: TestClient, engine: Engine) -> None:
    _, _, task = to_offer(client)
    counts = row_counts(engine)
    for body in (None, {}, {"note": None}, {"note": ""}, {"note": "  \n "}):
        response = client.post(f"/api/hil/tasks/{task['task_id']}/reject", json=body, headers=MANAGER)
        error = assert_error(response, 422, "invalid_input")
        assert error["field"] == "note" and "needs a note" in error["message"]
    assert row_counts(engine) == counts
    assert ok(client.get("/api/hil/tasks", headers=MANAGER))[0]["status"] == "open"


def test_task_view_shows_the_client_the_request_and_the_conversation(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    assert task["client"] == {"name": None, "email": SENDER, "company": None}
    assert task["first_request"] == INQUIRY
    assert [line["role"] for line in task["conversation"]] == ["client", "desk"] * 3
    assert task["conversation"][-2]["text"] == "Room B please, no catering"
    assert task["conversation_total"] == 6
    assert task["event"]["participants"] == 30 and task["event"]["chosen_date"] == "2026-03-10"
    assert task["event"]["room_id"] == "room-b" and task["event"]["total"] == 750.0
    assert task["reason"].startswith("Every offer is reviewed") and "CHF 750.00" in task["reason"]
    assert task["note"] is None


def test_manager_decision_idempotency_key(client: TestClient, engine: Engine) -> None:
    _, _, task = to_offer(client)
    keyed = {**MANAGER, "Idempotency-Key": "decide-1"}
    first = ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=keyed))
    counts = row_counts(engine)
    assert ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=keyed)) == first
    assert row_counts(engine) == counts


def test_a_manager_key_reused_on_another_task_is_a_422_naming_the_key(client: TestClient, engine: Engine) -> None:
    _, _, first = to_offer(client)
    other, headers = open_thread(client)
    ok(client.post(f"/api/threads/{other}/messages", json={"text": INQUIRY, "from": "ben@example.com"},
                   headers=headers))
    ok(client.post(f"/api/threads/{other}/actions", json={"name": "select_date", "args": {"date": "2026-03-17"}},
                   headers=headers))
    ok(client.post(f"/api/threads/{other}/messages", json={"text": "Room B please, no catering"}, headers=headers))
    second = next(t for t in ok(client.get("/api/hil/tasks", params={"status": "open"}, headers=MANAGER))
                  if t["thread_id"] == other)
    keyed = {**MANAGER, "Idempotency-Key": "decide-1"}
    ok(client.post(f"/api/hil/tasks/{first['task_id']}/approve", headers=keyed))
    counts = row_counts(engine)
    error = assert_error(client.post(f"/api/hil/tasks/{second['task_id']}/approve", headers=keyed), 422,
                         "idempotency_conflict")
    assert error["field"] == "Idempotency-Key" and "'decide-1'" in error["message"]
    assert row_counts(engine) == counts
    assert next(t for t in ok(client.get("/api/hil/tasks", headers=MANAGER))
                if t["task_id"] == second["task_id"])["status"] == "open"


def test_a_manager_key_reused_for_another_decision_is_a_422(client: TestClient, engine: Engine) -> None:
    _, _, task = to_offer(client)
    keyed = {**MANAGER, "Idempotency-Key": "decide-2"}
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/approve", headers=keyed))
    response = client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "no"}, headers=keyed)
    assert_error(response, 422, "idempotency_conflict")


def test_events_filters(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    other, headers = open_thread(client)
    ok(client.post(f"/api/threads/{other}/messages", json={"text": INQUIRY}, headers=headers))
    everything = ok(client.get("/api/events", headers=MANAGER))
    assert {event["thread_id"] for event in everything} == {thread_id, other}
    options = ok(client.get("/api/events", params={"status": "Option"}, headers=MANAGER))
    assert [event["thread_id"] for event in options] == [thread_id]
    assert options[0]["offer"]["total"] == 750.0
    march = ok(client.get("/api/events", params={"date_from": "2026-03-01", "date_to": "2026-03-31"},
                          headers=MANAGER))
    assert [event["thread_id"] for event in march] == [thread_id]
    assert ok(client.get("/api/events", params={"date_from": "2026-04-01"}, headers=MANAGER)) == []


def test_audit_trail_lists_steps_actions_decisions_effects_and_sent_messages(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Mention parking."}, headers=MANAGER))
    redraft = ok(client.get("/api/hil/tasks", headers=MANAGER))[0]
    ok(client.post(f"/api/hil/tasks/{redraft['task_id']}/approve", headers=MANAGER))
    audit = ok(client.get(f"/api/threads/{thread_id}/audit", headers=MANAGER))
    steps = [(e["from_step"], e["to_step"]) for e in audit if e["kind"] == "step"]
    assert steps[-1] == (4, 5)
    actions = [e for e in audit if e["kind"] == "client_action"]
    assert [e["reason"] for e in actions] == ["select_date date=2026-03-10"]
    decisions = [(e["actor"], e["detail"]["decision"], e["detail"].get("note"))
                 for e in audit if e["kind"] == "manager_decision"]
    assert decisions == [("bootstrap", "reject", "Mention parking."), ("bootstrap", "approve", None)]
    effects = [e["detail"]["tool"] for e in audit if e["kind"] == "tool"]
    assert effects == ["room_hold", "hil_create", "hil_create"]
    sent = [e["detail"]["review"] for e in audit if e["kind"] == "message"]
    assert sent == ["auto", "auto", "auto", "approved"]
    assert {"at", "actor", "kind", "from_step", "to_step", "reason", "detail"} == set(audit[0])
    fresh, _ = open_thread(client)
    assert ok(client.get(f"/api/threads/{fresh}/audit", headers=MANAGER)) == []


def test_a_client_never_reads_the_managers_notes_in_its_thread(client: TestClient) -> None:
    thread_id, headers, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Client haggles; hold firm."},
                   headers=MANAGER))
    as_client = ok(client.get(f"/api/threads/{thread_id}", headers=headers))
    assert "hold firm" not in str(as_client)
    assert {entry["kind"] for entry in as_client["event"]["audit"]} <= {"step", "client_action", "message"}
    as_manager = ok(client.get(f"/api/threads/{thread_id}", headers=MANAGER))
    assert "hold firm" in str(as_manager)


def test_events_name_the_client_head_count_date_room_status_and_total(client: TestClient) -> None:
    thread_id, _, _ = to_offer(client)
    [event] = ok(client.get("/api/events", headers=MANAGER))
    assert (event["client_email"], event["client_name"], event["billing"]["company"]) == (SENDER, None, None)
    assert event["requirements"]["participants"] == 30
    assert (event["chosen_date"], event["locked_room_id"], event["status"]) == ("2026-03-10", "room-b", "Option")
    assert event["offer"]["total"] == 750.0 and event["thread_id"] == thread_id


def test_task_view_gives_a_quoted_mail_its_new_text_and_the_quoted_part(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    new_text = "Workshop for 30 people on 10 March 2026, 9 to 5, in Room B please, no catering."
    mail = f"{new_text}\n\nBest regards\nAnna\n\nOn Fri, 30 Jan 2026, The Atelier wrote:\n> 80 people on 5 May?"
    ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": mail, "from": SENDER}, headers=headers))
    task = next(t for t in ok(client.get("/api/hil/tasks", headers=MANAGER)) if t["thread_id"] == thread_id)
    first, answer = task["conversation"][:2]
    assert first["text"] == mail and first["body"] == new_text
    assert first["quoted"].startswith("Best regards\nAnna") and "80 people on 5 May?" in first["quoted"]
    assert answer["quoted"] is None and answer["body"] is None
