"""Dates at the edges of the calendar (year 1, year 9999) are bad input with the reason, never a 500: as a
`select_date` action they are a 422 naming the range that works and change nothing; in a message they get an
ordinary reply; as list filters they simply match nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api_helpers import INQUIRY, MANAGER, SENDER, assert_error, ok, open_thread, row_counts

EDGE_DATES = ["0001-01-01", "0001-01-02", "0001-01-04", "1899-12-31", "3000-01-01", "9999-12-30", "9999-12-31"]


@pytest.fixture
def at_date_step(client: TestClient) -> tuple[str, dict[str, str]]:
    """A thread at step 2 (date), waiting for the client to choose a date."""
    thread_id, headers = open_thread(client)
    reply = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": INQUIRY, "from": SENDER},
                           headers=headers))
    assert reply["footer"]["step"] == 2, reply
    return thread_id, headers


@pytest.mark.parametrize("day", EDGE_DATES)
def test_select_date_at_the_edge_of_the_calendar_is_422_with_the_reason(
        client: TestClient, engine: Engine, at_date_step: tuple[str, dict[str, str]], day: str) -> None:
    thread_id, headers = at_date_step
    counts = row_counts(engine)

    response = client.post(f"/api/threads/{thread_id}/actions", headers=headers,
                           json={"name": "select_date", "args": {"date": day}})

    error = assert_error(response, 422, "invalid_action")
    assert f"{day} is outside the calendar the desk books (1900-01-01 to 2999-12-31)" in error["message"]
    assert row_counts(engine) == counts


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_select_date_at_the_edge_before_any_message_is_422_too(client: TestClient, day: str) -> None:
    thread_id, headers = open_thread(client)
    response = client.post(f"/api/threads/{thread_id}/actions", headers=headers,
                           json={"name": "select_date", "args": {"date": day}})
    assert_error(response, 422, "invalid_action")


@pytest.mark.parametrize("day", ["1900-01-01", "2999-12-31"])
def test_the_first_and_last_day_of_the_calendar_get_an_ordinary_reply(
        client: TestClient, at_date_step: tuple[str, dict[str, str]], day: str) -> None:
    thread_id, headers = at_date_step
    reply = ok(client.post(f"/api/threads/{thread_id}/actions", headers=headers,
                           json={"name": "select_date", "args": {"date": day}}))
    assert reply["footer"]["step"] == 2
    assert "in the past" in reply["body_markdown"] or "too far ahead" in reply["body_markdown"]


@pytest.mark.parametrize("text", [
    "Could we do 1 January 0001 instead?", "Then 2 January 0001 please", "31.12.9999 please",
    "What about 9999-12-30?", "December 9999, a Friday", "in 999 weeks",
])
def test_edge_dates_in_a_message_get_a_reply_not_a_500(
        client: TestClient, at_date_step: tuple[str, dict[str, str]], text: str) -> None:
    thread_id, headers = at_date_step
    reply = ok(client.post(f"/api/threads/{thread_id}/messages", json={"text": text}, headers=headers))
    assert reply["body_markdown"] and reply["footer"]["step"] == 2


@pytest.mark.parametrize("params", [
    {"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}, {"date_from": "0001-01-01", "date_to": "9999-12-31"},
])
def test_event_filters_at_the_edges_of_the_calendar_are_fine(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/events", params=params, headers=MANAGER)
    assert response.status_code == 200, response.text
