"""`GET/PUT /api/settings/autonomy` (docs/design.md §4.13 Autonomy): manager only, validated, stored, audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import MANAGER, assert_error, bearer, ok, open_thread
from venuedesk.clock import FrozenClock
from venuedesk.workflow.desk import Desk

DEFAULTS = {"offer": "review", "counter": "review", "confirmation": "review", "cancellation": "review",
            "general": "auto"}
URL = "/api/settings/autonomy"


def test_the_settings_start_at_the_venue_catalogues_defaults(client: TestClient) -> None:
    assert ok(client.get(URL, headers=MANAGER)) == DEFAULTS


def test_reading_the_settings_without_a_token_is_401(client: TestClient) -> None:
    assert_error(client.get(URL), 401, "unauthorized")


def test_changing_the_settings_with_a_clients_token_is_403(client: TestClient) -> None:
    _, headers = open_thread(client)
    assert_error(client.put(URL, json={"offer": "auto"}, headers=headers), 403, "forbidden")


def test_changing_the_settings_with_a_wrong_token_is_401(client: TestClient) -> None:
    assert_error(client.put(URL, json={"offer": "auto"}, headers=bearer("nope")), 401, "unauthorized")


def test_a_partial_change_returns_the_effective_settings(client: TestClient) -> None:
    assert ok(client.put(URL, json={"offer": "auto"}, headers=MANAGER)) == {**DEFAULTS, "offer": "auto"}


def test_an_unknown_message_type_is_422_naming_the_types(client: TestClient) -> None:
    error = assert_error(client.put(URL, json={"newsletter": "auto"}, headers=MANAGER), 422, "invalid_input")
    assert "offer, counter, confirmation, cancellation, general" in error["message"]


def test_an_unknown_value_is_422_naming_the_choices_and_changes_nothing(client: TestClient) -> None:
    error = assert_error(client.put(URL, json={"offer": "auto", "counter": "yes"}, headers=MANAGER), 422)
    assert "use one of review, auto" in error["message"]
    assert ok(client.get(URL, headers=MANAGER)) == DEFAULTS


def test_a_body_that_is_not_a_map_is_422(client: TestClient) -> None:
    assert_error(client.put(URL, json=["offer", "auto"], headers=MANAGER), 422, "invalid_input")


def test_an_empty_map_is_422_with_an_example(client: TestClient) -> None:
    error = assert_error(client.put(URL, json={}, headers=MANAGER), 422, "invalid_input")
    assert '{"offer": "auto"}' in error["message"]


def test_a_change_is_stored_in_the_database_for_a_new_desk(client: TestClient, engine: Engine) -> None:
    ok(client.put(URL, json={"confirmation": "auto"}, headers=MANAGER))
    fresh = Desk(engine, FrozenClock(client.app.state.desk.clock.now()))  # type: ignore[attr-defined]
    assert fresh.autonomy()["confirmation"] == "auto"


def test_the_change_history_says_who_changed_what_and_when(client: TestClient) -> None:
    ok(client.put(URL, json={"offer": "auto"}, headers=MANAGER))
    ok(client.put(URL, json={"offer": "review", "general": "review"}, headers=MANAGER))
    changes = ok(client.get(f"{URL}/changes", headers=MANAGER))
    assert [(c["changed_by"], c["before"], c["after"]) for c in changes] == [
        ("bootstrap", {}, {"offer": "auto"}),
        ("bootstrap", {"offer": "auto"}, {"offer": "review", "general": "review"}),
    ]
    assert changes[0]["changed_at"] == "2026-02-02T09:00:00+01:00"
