"""Over HTTP: a button from a superseded table is answered (200) with why nothing changed and the current
options; the ref travels in the action's args and is validated like any argument."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import INQUIRY, SENDER, assert_error, ok, open_thread


def _row_action(reply: dict, name: str, **args: str) -> dict:
    actions = [a for table in reply["table_blocks"] for a in table.get("row_actions") or []] + reply["actions"]
    return next(a for a in actions if a["name"] == name and args.items() <= a["args"].items())


def test_a_date_button_after_the_room_is_held_is_refused_with_the_current_options(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    url = f"/api/threads/{thread_id}"
    dates = ok(client.post(f"{url}/messages", json={"text": INQUIRY, "from": SENDER}, headers=headers))
    first, later = [a for t in dates["table_blocks"] for a in t["row_actions"]][:2]
    rooms = ok(client.post(f"{url}/actions", json={"name": first["name"], "args": first["args"]}, headers=headers))
    room_b = _row_action(rooms, "select_room", room_id="room-b")
    products = ok(client.post(f"{url}/actions", json={"name": "select_room", "args": room_b["args"]},
                              headers=headers))
    refused = ok(client.post(f"{url}/actions", json={"name": later["name"], "args": later["args"]}, headers=headers))
    assert "that date button no longer applies; nothing was changed" in refused["body_markdown"]
    assert refused["table_blocks"] == products["table_blocks"]
    assert {a["name"] for a in refused["actions"]} == {"no_products"}
    event = ok(client.get(url, headers=headers))["event"]
    assert (event["chosen_date"], event["locked_room_id"]) == (first["args"]["date"], "room-b")


def test_a_ref_that_is_not_a_short_string_is_refused_as_invalid(client: TestClient) -> None:
    thread_id, headers = open_thread(client)
    for ref in ("x" * 65, 7, ["dates-1"]):
        response = client.post(f"/api/threads/{thread_id}/actions",
                               json={"name": "select_date", "args": {"date": "2026-03-10", "ref": ref}},
                               headers=headers)
        assert "ref" in assert_error(response, 422, "invalid_action")["message"]
