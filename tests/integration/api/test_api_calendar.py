"""The calendar view's API: `GET /api/calendar` (rooms × days for any manager account), the signed feed addresses
and each room's `.ics` feed (holds TENTATIVE, confirmed CONFIRMED, no client data; a wrong signature is 403)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from accounts_helpers import account
from api_helpers import MANAGER, assert_error, ok, open_thread
from step_seven import confirmed
from venuedesk.transports.feed_tokens import FEED_SECRET_FILE, rotate_feed_secret
from venuedesk.workflow.desk import Desk

BOOKING = "Please book Room B for a workshop with 30 people on {day} March 2026, 09:00-17:00, no catering."
WEEK = {"from": "2026-03-09", "days": 7}


def hold_room_b(desk: Desk, day: int = 10, sender: str = "anna@example.com") -> str:
    """A thread holding Room B on `day` March 2026 (its offer waits for the manager); its id."""
    thread_id = desk.open_thread().thread_id
    reply = desk.handle_message(thread_id, BOOKING.format(day=day), sender=sender)
    assert reply.footer.state == "Waiting on HIL", reply.body_markdown
    return thread_id


def queue_behind(desk: Desk, day: int = 10, sender: str = "ben@example.com") -> str:
    """A thread that asked for Room B while it is held and took the 2nd option; its id."""
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, BOOKING.format(day=day), sender=sender)
    desk.handle_action(thread_id, "take_second_option", {"room_id": "room-b"})
    return thread_id


def cell(grid: dict[str, Any], room_id: str, day: str) -> dict[str, Any]:
    room = next(room for room in grid["rooms"] if room["room_id"] == room_id)
    return next(item for item in room["cells"] if item["date"] == day)


def feed_of(client: TestClient, room_id: str) -> str:
    """The signed path of a room's feed, as the manager gets it."""
    feeds = ok(client.get("/api/calendar/feeds", headers=MANAGER))
    return next(feed["path"] for feed in feeds if feed["room_id"] == room_id)


def test_a_hold_shows_on_its_room_and_day_with_its_expiry_and_the_2nd_option_waiting(
    client: TestClient, desk: Desk
) -> None:
    holder = hold_room_b(desk)
    second = queue_behind(desk)
    grid = ok(client.get("/api/calendar", params=WEEK, headers=MANAGER))
    [entry] = cell(grid, "room-b", "2026-03-10")["entries"]
    assert (entry["kind"], entry["thread_id"], entry["start"], entry["end"]) == ("option", holder, "09:00", "17:00")
    assert entry["expires_at"] == "2026-02-09T09:00:00+01:00"
    assert entry["client"] == "anna@example.com" and entry["participants"] == 30
    assert [(w["thread_id"], w["place"]) for w in entry["waiting"]] == [(second, 2)]
    assert cell(grid, "room-a", "2026-03-10")["entries"] == []


def test_a_confirmed_booking_shows_as_confirmed(client: TestClient, desk: Desk) -> None:
    thread_id = desk.open_thread().thread_id
    confirmed(desk, thread_id)
    [entry] = cell(ok(client.get("/api/calendar", params=WEEK, headers=MANAGER)), "room-b", "2026-03-10")["entries"]
    assert (entry["kind"], entry["thread_id"], entry["expires_at"]) == ("confirmed", thread_id, None)


def test_the_grid_starts_today_and_spans_a_week_by_default(client: TestClient) -> None:
    grid = ok(client.get("/api/calendar", headers=MANAGER))
    assert (grid["from"], grid["to"]) == ("2026-02-02", "2026-02-08")
    assert [day["today"] for day in grid["days"]] == [True] + [False] * 6


def test_closed_days_carry_their_reason(client: TestClient) -> None:
    grid = ok(client.get("/api/calendar", params={"from": "2026-12-24", "days": 2}, headers=MANAGER))
    assert [day["closed"]["kind"] for day in grid["days"]] == ["blackout", "holiday"]
    assert cell(grid, "room-a", "2026-12-25")["closed"] is True


def test_a_viewer_account_may_read_the_calendar(client: TestClient) -> None:
    viewer = account(client, "viewer@example.com", "viewer")
    account(client, "owner@example.com", "owner")
    assert ok(client.get("/api/calendar", params=WEEK, headers=viewer))["from"] == "2026-03-09"


def test_a_client_token_may_not_read_the_calendar(client: TestClient) -> None:
    _, headers = open_thread(client)
    assert_error(client.get("/api/calendar", params=WEEK, headers=headers), 403, "forbidden")


def test_more_than_six_weeks_is_refused_naming_days(client: TestClient) -> None:
    error = assert_error(client.get("/api/calendar", params={"from": "2026-03-01", "days": 43}, headers=MANAGER),
                         422, "invalid_input")
    assert error["field"] == "days" and "between 1 and 42" in error["message"]


@pytest.mark.parametrize("first", ["9999-12-30", "0001-01-01"])
def test_a_span_past_the_calendar_the_desk_books_is_refused_naming_from_and_the_range(
        client: TestClient, first: str) -> None:
    error = assert_error(client.get("/api/calendar", params={"from": first, "days": 7}, headers=MANAGER),
                         422, "invalid_input")
    assert error["field"] == "from"
    assert "between 1900-01-01 and 2999-12-25" in error["message"], error


def test_a_from_that_is_no_date_is_refused(client: TestClient) -> None:
    assert_error(client.get("/api/calendar", params={"from": "10.03.2026"}, headers=MANAGER), 422, "invalid_input")


def test_each_room_has_a_signed_feed_address(client: TestClient, desk: Desk) -> None:
    feeds = ok(client.get("/api/calendar/feeds", headers=MANAGER))
    assert [feed["room_id"] for feed in feeds] == [room.id for room in desk.venue.rooms]
    room_b = next(feed for feed in feeds if feed["room_id"] == "room-b")
    assert room_b["path"].startswith("/calendar/room-b.ics?token=")
    assert room_b["url"].endswith(room_b["path"])
    tokens = {parse_qs(urlsplit(feed["path"]).query)["token"][0] for feed in feeds}
    assert len(tokens) == len(feeds)


def test_a_viewer_may_not_get_the_feed_addresses(client: TestClient) -> None:
    viewer = account(client, "viewer@example.com", "viewer")
    account(client, "owner@example.com", "owner")
    assert_error(client.get("/api/calendar/feeds", headers=viewer), 403, "forbidden")


def test_the_feed_has_holds_as_tentative_and_confirmed_bookings_as_confirmed(client: TestClient, desk: Desk) -> None:
    hold_room_b(desk, day=12, sender="carla@example.com")
    confirmed(desk, desk.open_thread().thread_id)
    response = client.get(feed_of(client, "room-b"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    events = {str(e["DTSTART"].dt.date()): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert str(events["2026-03-10"]["STATUS"]) == "CONFIRMED"
    assert str(events["2026-03-12"]["STATUS"]) == "TENTATIVE"
    assert str(events["2026-03-12"]["SUMMARY"]) == "Option: Workshop (30 guests) – venuedesk"
    assert events["2026-03-12"]["DTSTART"].dt.isoformat() == "2026-03-12T09:00:00+01:00"
    assert "until 2026-02-09 09:00" in str(events["2026-03-12"]["DESCRIPTION"])


def test_the_feed_holds_no_client_data(client: TestClient, desk: Desk) -> None:
    confirmed(desk, desk.open_thread().thread_id)
    body = client.get(feed_of(client, "room-b")).text
    for private in ("anna@example.com", "Sara Frei", "Alpenglühn", "Dorfstrasse"):
        assert private not in body


def test_a_room_feed_shows_only_that_rooms_bookings(client: TestClient, desk: Desk) -> None:
    hold_room_b(desk)
    assert Calendar.from_ical(client.get(feed_of(client, "room-a")).content).walk("VEVENT") == []


def test_a_wrong_signature_is_403_with_a_clear_message(client: TestClient) -> None:
    error = assert_error(client.get("/calendar/room-b.ics", params={"token": "A" * 43}), 403, "forbidden")
    assert "not valid for room room-b" in error["message"] and "rotated the feed secret" in error["message"]


def test_a_feed_address_without_a_token_is_403(client: TestClient) -> None:
    assert_error(client.get("/calendar/room-b.ics"), 403, "forbidden")


def test_one_rooms_token_does_not_open_another_rooms_feed(client: TestClient) -> None:
    token = parse_qs(urlsplit(feed_of(client, "room-a")).query)["token"][0]
    assert_error(client.get("/calendar/room-b.ics", params={"token": token}), 403, "forbidden")


def test_rotating_the_feed_secret_revokes_the_addresses_given_out(client: TestClient, tmp_path: Path) -> None:
    old = feed_of(client, "room-b")
    home = tmp_path / "home"
    assert (home / FEED_SECRET_FILE).exists()
    rotate_feed_secret(home, environ={})
    assert_error(client.get(old), 403, "forbidden")
    new = feed_of(client, "room-b")
    assert new != old and client.get(new).status_code == 200
