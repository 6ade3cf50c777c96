"""`GET /api/pipeline` and `GET /api/pipeline.csv` (docs/pipeline.md) over a seeded pipeline of five real threads
driven through the API and the jobs (`pipeline_helpers.py` lists them)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accounts_helpers import account
from api_helpers import MANAGER, MANAGER_TOKEN, NOW, assert_error, ok
from pipeline_helpers import Scenario, build
from venuedesk.clock import FrozenClock
from venuedesk.store.db import make_engine
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk


@pytest.fixture(scope="module")
def seeded(seeded_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient,
                                                                                                       Scenario]]:
    """The five threads, played once for the module on its own copy of the seeded database."""
    folder = tmp_path_factory.mktemp("pipeline")
    shutil.copyfile(seeded_sqlite_template, folder / "seeded.sqlite3")
    engine = make_engine(f"sqlite:///{folder / 'seeded.sqlite3'}")
    clock = FrozenClock(NOW)
    desk = Desk(engine, clock)
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=folder / "home"))
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, build(client, desk, clock, engine)
    finally:
        engine.dispose()


def figures(seeded: tuple[TestClient, Scenario], **params: str) -> dict[str, Any]:
    client, _ = seeded
    return ok(client.get("/api/pipeline", params=params, headers=MANAGER))


def csv_rows(seeded: tuple[TestClient, Scenario], **params: str) -> list[dict[str, str]]:
    client, _ = seeded
    response = client.get("/api/pipeline.csv", params=params, headers=MANAGER)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_funnel_counts_every_lead_and_the_furthest_stage_each_reached(seeded) -> None:
    body = figures(seeded)
    assert body["stages"] == {"leads": 5, "options": 4, "confirmed": 1}
    assert body["conversion"]["lead_to_option"] == {"ratio": 0.8, "text": "80%"}
    assert body["conversion"]["option_to_confirmed"] == {"ratio": 0.25, "text": "25%"}


def test_lost_reasons_count_the_decline_the_lapsed_option_and_the_managers_reason(seeded) -> None:
    body = figures(seeded)
    assert body["lost"] == {"declined": 1, "expired": 1, "cancelled": 0, "marked_lost": 1}
    assert body["lost_reasons"] == {"price": 1}


def test_revenue_is_the_offer_totals_per_month_of_the_events_day_in_swiss_francs(seeded) -> None:
    march, april = figures(seeded)["revenue"]
    assert (march["month"], march["label"], march["confirmed"], march["on_option"]) == (
        "2026-03", "March 2026", {"amount": 1590.0, "text": "CHF 1'590.00"}, {"amount": 750.0, "text": "CHF 750.00"})
    assert (april["month"], april["confirmed"]["amount"], april["on_option"]["text"]) == ("2026-04", 0.0, "CHF 500.00")


def test_the_figures_speak_the_managers_language(seeded) -> None:
    client, _ = seeded
    body = ok(client.get("/api/pipeline", headers={**MANAGER, "Accept-Language": "de"}))
    assert body["revenue"][0]["label"] == "März 2026"
    assert body["revenue_total"]["confirmed"]["text"] == "CHF 1'590.00"
    assert body["response_times"]["tasks"]["average_text"] == "21 Min."


def test_the_month_filter_keeps_the_leads_that_came_in_that_month(seeded) -> None:
    february, march = figures(seeded, month="2026-02"), figures(seeded, month="2026-03")
    assert (february["stages"], february["lost"]["marked_lost"]) == ({"leads": 4, "options": 4, "confirmed": 1}, 0)
    assert (march["stages"], march["lost_reasons"]) == ({"leads": 1, "options": 0, "confirmed": 0}, {"price": 1})
    assert [item["month"] for item in march["revenue"]] == ["2026-03"]


def test_the_open_leads_and_options_are_those_of_the_month_and_room_shown(seeded) -> None:
    _, threads = seeded
    assert set(figures(seeded)["open_threads"]) == {threads.lapsed, threads.option}
    assert set(figures(seeded, month="2026-02")["open_threads"]) == {threads.lapsed, threads.option}
    assert figures(seeded, month="2026-03")["open_threads"] == []
    assert figures(seeded, month="2026-02", room="room-a")["open_threads"] == [threads.option]


def test_the_room_filter_keeps_that_rooms_threads(seeded) -> None:
    body = figures(seeded, room="room-a")
    assert body["stages"] == {"leads": 1, "options": 1, "confirmed": 0}
    assert [(item["month"], item["on_option"]["amount"]) for item in body["revenue"]] == [("2026-04", 500.0)]


def test_task_waits_average_opened_to_decided_per_month(seeded) -> None:
    february = figures(seeded, month="2026-02")["response_times"]["tasks"]
    march = figures(seeded, month="2026-03")["response_times"]["tasks"]
    assert (february["count"], february["average_seconds"], february["average_text"]) == (6, 1200, "20 mins")
    assert (march["count"], march["average_seconds"], march["waiting"]) == (1, 1800, 0)


def test_client_waits_pair_each_message_with_the_desks_next_reply(seeded) -> None:
    waits = figures(seeded)["response_times"]["client"]
    assert (waits["count"], waits["waiting"], waits["average_seconds"]) == (12, 0, 0)


def test_the_choices_list_the_months_and_the_venues_rooms(seeded) -> None:
    body = figures(seeded)
    assert [item["month"] for item in body["months"]] == ["2026-02", "2026-03", "2026-04"]
    assert {"room_id": "room-a", "name": "Room A"} in body["rooms"]


def test_a_viewer_may_read_the_pipeline(seeded) -> None:
    client, _ = seeded
    viewer = account(client, "vera@venue.example", "viewer")
    assert ok(client.get("/api/pipeline", headers=viewer))["stages"]["leads"] == 5
    assert client.get("/api/pipeline.csv", headers=viewer).status_code == 200


def test_the_pipeline_needs_the_manager_token(seeded) -> None:
    client, _ = seeded
    assert_error(client.get("/api/pipeline"), 401)
    assert_error(client.get("/api/pipeline.csv"), 401)


@pytest.mark.parametrize("month", ["2026-3", "2026-13", "March", "2026-03-01"])
def test_a_month_not_written_yyyy_mm_is_a_422_naming_month(seeded, month: str) -> None:
    client, _ = seeded
    error = assert_error(client.get("/api/pipeline", params={"month": month}, headers=MANAGER), 422, "invalid_input")
    assert error["field"] == "month" and "YYYY-MM" in error["message"]


def test_a_room_the_venue_does_not_have_is_a_422_naming_the_rooms(seeded) -> None:
    client, _ = seeded
    error = assert_error(client.get("/api/pipeline.csv", params={"room": "room-z"}, headers=MANAGER), 422)
    assert error["field"] == "room" and "room-a" in error["message"]


def test_the_csv_lists_each_thread_of_the_funnel_with_its_stage_total_and_exit(seeded) -> None:
    _, scenario = seeded
    rows = {row["thread_id"]: row for row in csv_rows(seeded)}
    assert set(rows) == {scenario.lapsed, scenario.confirmed, scenario.option, scenario.declined, scenario.marked}
    assert rows[scenario.confirmed] | {"thread_id": ""} == {
        "thread_id": "", "lead_month": "2026-02", "stage": "confirmed", "status": "Confirmed", "room_id": "room-b",
        "event_date": "2026-03-10", "offer_total_chf": "1590.00", "exit_kind": "", "exit_reason": "", "exit_at": ""}
    assert (rows[scenario.lapsed]["status"], rows[scenario.lapsed]["exit_kind"]) == ("Option", "expired")
    assert (rows[scenario.marked]["exit_kind"], rows[scenario.marked]["exit_reason"]) == ("marked_lost", "price")


def test_the_csv_carries_no_client_data_nor_the_managers_note(seeded) -> None:
    client, _ = seeded
    text = client.get("/api/pipeline.csv", headers=MANAGER).text
    for personal in ("anna@example.com", "Alpenglühn", "Sara Frei", "Dorfstrasse", "chose a hotel"):
        assert personal not in text


def test_the_csv_is_a_named_attachment_filtered_like_the_figures(seeded) -> None:
    client, _ = seeded
    response = client.get("/api/pipeline.csv", params={"month": "2026-03", "room": "room-b"}, headers=MANAGER)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="pipeline-2026-03-room-b.csv"'
    assert csv_rows(seeded, month="2026-02", room="room-a")[0]["room_id"] == "room-a"
    assert len(csv_rows(seeded, month="2026-02", room="room-a")) == 1
