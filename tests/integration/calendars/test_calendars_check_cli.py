"""`venuedesk calendars check` against a real CalDAV server: each room's calendars with ok and their busy events or
the failure and what to do, exit 1 when one fails, no secret printed; `venuedesk --help` stays light."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from caldav_helpers import new_calendar
from typer.testing import CliRunner

from venuedesk.cli import app

CLOCK = "2026-02-02T09:00:00+01:00"
MEETING = "UID:m1\nDTSTART;TZID=Europe/Zurich:20260204T090000\nDTEND;TZID=Europe/Zurich:20260204T110000"
WORKSHOP = "UID:w1\nDTSTART;VALUE=DATE:20260210"


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VENUEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VENUEDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("VENUEDESK_CLOCK", CLOCK)
    monkeypatch.delenv("VENUEDESK_CATALOGUE_DIR", raising=False)
    return tmp_path


def catalogue_with_calendars(folder: Path, calendars: dict[str, list[dict[str, Any]]]) -> Path:
    """The demo catalogue copied to `folder`, its rooms given these calendars (by room id)."""
    demo = resources.files("venuedesk.venue").joinpath("data")
    for name in ("venue.yaml", "rooms.yaml", "products.yaml"):
        shutil.copyfile(str(demo.joinpath(name)), folder / name)
    rooms = yaml.safe_load((folder / "rooms.yaml").read_text(encoding="utf-8"))
    for room in rooms["rooms"]:
        if room["id"] in calendars:
            room["calendars"] = calendars[room["id"]]
    (folder / "rooms.yaml").write_text(yaml.safe_dump(rooms, allow_unicode=True), encoding="utf-8")
    return folder


def test_the_check_lists_each_calendar_with_its_busy_events_or_its_failure(
    caldav: Any, environment: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = new_calendar(caldav, MEETING, WORKSHOP)
    folder = catalogue_with_calendars(environment, {
        "room-a": [{"id": "room-a-cloud", "kind": "caldav", "url": url, "username_env": "ROOM_A_USER",
                    "password_env": "ROOM_A_PASSWORD"}],
        "room-b": [{"id": "room-b-google", "kind": "ics", "url_env": "ROOM_B_ICS_URL"}],
    })
    monkeypatch.setenv("VENUEDESK_CATALOGUE_DIR", str(folder))
    monkeypatch.setenv("ROOM_A_USER", "venue")
    monkeypatch.setenv("ROOM_A_PASSWORD", "cli-secret-5521")
    monkeypatch.delenv("ROOM_B_ICS_URL", raising=False)

    result = CliRunner().invoke(app, ["calendars", "check"])

    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Calendars of The Atelier, 2026-02-02 to 2026-02-15 (timeout 2 s per calendar, 4 s in all):"
    assert "room-a  room-a-cloud (caldav)  ok, 2 busy events" in lines
    assert ("room-b  room-b-google (ics)  FAILED (not_configured): ROOM_B_ICS_URL is not set; set it in the "
            "server's environment (docs/calendars.md)") in lines
    assert "cli-secret-5521" not in result.output


def test_a_venue_without_calendars_is_told_how_to_add_one(environment: Path) -> None:
    result = CliRunner().invoke(app, ["calendars", "check"])
    assert result.exit_code == 0, result.output
    assert "no room of The Atelier names a calendar" in result.output


def test_a_malformed_calendar_setting_stops_the_check_naming_it(
    environment: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = catalogue_with_calendars(environment, {
        "room-a": [{"id": "room-a-feed", "kind": "ics", "url": "https://calendar.example.com/feed.ics"}]})
    monkeypatch.setenv("VENUEDESK_CATALOGUE_DIR", str(folder))
    monkeypatch.setenv("VENUEDESK_CALENDAR_TIMEOUT", "soon")
    result = CliRunner().invoke(app, ["calendars", "check"])
    assert result.exit_code == 2
    assert "VENUEDESK_CALENDAR_TIMEOUT='soon' is not a number of seconds" in result.output


def test_the_cli_and_the_desk_import_no_calendar_library_until_a_venue_has_calendars() -> None:
    heavy = ("caldav", "httpx", "radicale", "recurring_ical_events", "niquests")
    probe = ("import sys, venuedesk.cli, venuedesk.calendars.wiring, venuedesk.workflow.desk; "
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
