"""`venuedesk calendars feeds` (docs/calendar-view.md): one signed feed address per room; `--rotate` replaces them
all, and refuses while the secret comes from the environment."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app


def _addresses(output: str) -> dict[str, str]:
    return dict(line.split("\t") for line in output.splitlines() if "\t" in line)


def test_feeds_prints_a_signed_address_per_room_under_the_public_url(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENUEDESK_PUBLIC_URL", "https://desk.example.com")
    result = runner.invoke(app, ["calendars", "feeds"])
    assert result.exit_code == 0, result.output
    addresses = _addresses(result.output)
    assert "room-b" in addresses
    assert addresses["room-b"].startswith("https://desk.example.com/calendar/room-b.ics?token=")


def test_the_addresses_stay_the_same_until_the_secret_is_rotated(runner: CliRunner) -> None:
    first = _addresses(runner.invoke(app, ["calendars", "feeds"]).output)
    assert _addresses(runner.invoke(app, ["calendars", "feeds"]).output) == first
    rotated = runner.invoke(app, ["calendars", "feeds", "--rotate"])
    assert rotated.exit_code == 0, rotated.output
    assert set(_addresses(rotated.output).values()).isdisjoint(first.values())


def test_rotate_refuses_while_the_secret_comes_from_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENUEDESK_FEED_SECRET", "a secret set by the operator")
    result = runner.invoke(app, ["calendars", "feeds", "--rotate"])
    assert result.exit_code == 2
    assert "VENUEDESK_FEED_SECRET is set" in result.output
