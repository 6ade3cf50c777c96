"""`venuedesk chat` shows who spoke, tables, actions and footers and lets the terminal act as the manager;
`venuedesk demo` plays a whole booking to Confirmed; both follow VENUEDESK_CLOCK."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app

CONVERSATION = "\n".join([
    "Hi, we'd like a workshop for 30 people on 10 March 2026, 9 to 5.",
    "/action select_room room_id=room-b",
    "no catering",
    "/approve",
    "/state",
]) + "\n"


@pytest.fixture
def chat_output(runner: CliRunner) -> str:
    result = runner.invoke(app, ["chat", "--from", "anna@example.com"], input=CONVERSATION)
    assert result.exit_code == 0, result.output
    return result.stdout


def _state(output: str) -> dict:
    """The JSON printed by /state (the last top-level JSON object in the output)."""
    start = output.rindex("\n{\n") + 1
    return json.loads(output[start:])


def test_chat_greets_with_the_venue_name(chat_output: str) -> None:
    assert chat_output.startswith("venuedesk chat — The Atelier")


def test_chat_shows_who_spoke(chat_output: str) -> None:
    for speaker in ("[rooms_agent]", "[offer_agent]", "[manager] approved"):
        assert speaker in chat_output


def test_chat_shows_the_rooms_table_and_its_actions(chat_output: str) -> None:
    assert "## Rooms" in chat_output
    assert "/action select_room room_id=room-b" in chat_output


def test_chat_shows_a_footer_after_every_reply(chat_output: str) -> None:
    assert "Step: 3 Room · Next: choose a room · State: Awaiting Client" in chat_output
    assert "State: Waiting on HIL" in chat_output
    assert "Step: 5 Negotiation · Next: " in chat_output
    assert chat_output.count("Step: ") == 4


def test_chat_shows_the_held_draft_then_the_approved_offer_total(chat_output: str) -> None:
    held, _, approved = chat_output.partition("[manager] approved")
    assert "(held for the venue: task " in held
    assert "Total: CHF" not in held
    assert "Total: CHF 750.00" in approved


def test_chat_state_shows_the_sent_offer(chat_output: str) -> None:
    state = _state(chat_output)
    assert state["locked_room_id"] == "room-b"
    assert state["requirements"]["participants"] == 30
    assert state["requirements"]["start_time"] == "09:00" and state["requirements"]["end_time"] == "17:00"
    assert state["offer"]["total"] == 750.0 and state["offer"]["status"] == "Sent"


def test_chat_reports_a_bad_action_and_goes_on(runner: CliRunner) -> None:
    lines = "/action select_room room_id=room-z\n/action select_date date=31.02.\n/tasks\n"
    result = runner.invoke(app, ["chat"], input=lines)
    assert result.exit_code == 0, result.output
    assert "error: room_id: unknown room 'room-z'" in result.stdout
    assert "error: action 'select_date' has invalid arguments: date:" in result.stdout
    assert "no open tasks" in result.stdout


def test_chat_follows_the_venue_clock(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_CLOCK", "2027-02-01T09:00:00+01:00")
    message = "Hi, we'd like a workshop for 30 people in March, ideally a Tuesday, 9 to 5.\n"

    result = runner.invoke(app, ["chat", "--from", "anna@example.com"], input=message)

    assert result.exit_code == 0, result.output
    assert "2027-03-02" in result.stdout
    assert "2026-03" not in result.stdout


def test_demo_plays_a_whole_booking_to_confirmed_with_its_invite(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "ended with a Confirmed booking" in result.stdout
    for played in (">>> manager: approve offer_approval", ">>> client clicks: accept_offer",
                   ">>> manager: deposit of CHF", ">>> manager: approve confirmation_approval"):
        assert played in result.stdout
    assert "BEGIN:VEVENT" in result.stdout and "STATUS:CONFIRMED" in result.stdout


def test_chat_refuses_a_line_holding_a_nul_and_goes_on(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chat"], input="Anna\x00 Muster, 30 people\n/tasks\n")
    assert result.exit_code == 0, result.output
    assert "error: text: contains a NUL character; remove it" in result.stdout
    assert "no open tasks" in result.stdout
