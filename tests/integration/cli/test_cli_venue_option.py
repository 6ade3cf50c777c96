"""`--venue SLUG` on `venuedesk privacy`, `threads migrate` and `calendars feeds` (docs/tenancy.md): each acts on
the named venue only, `default` without it, and an unknown venue ends the command with one line and exit 2."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pytest
from typer.testing import CliRunner

from venuedesk.cli import app
from venuedesk.clock import FrozenClock
from venuedesk.store.catalogue import seed
from venuedesk.store.db import ensure_ready
from venuedesk.store.uow import UnitOfWork, make_session_factory
from venuedesk.store.venues import add_venue
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

CLOCK = "2026-02-02T09:00:00+01:00"
EMAIL = "annelie@brunnschweiler.ch"
INQUIRY = f"Hi, Annelie Brunnschweiler here ({EMAIL}): a workshop for 30 people on 10 March 2026, 9 to 5."
BETA = "beta"


@pytest.fixture
def beta_thread(runner: CliRunner) -> str:
    """A client thread at venue beta (the default venue has none)."""
    engine = ensure_ready(os.environ["VENUEDESK_DATABASE_URL"])
    try:
        now = datetime.fromisoformat(CLOCK)
        seed(engine, load_catalogue_documents())
        add_venue(engine, BETA, "Beta Hall", now)
        seed(engine, load_catalogue_documents(), venue_id=BETA)
        desk = Desk(engine, FrozenClock(now), venue_id=BETA)
        thread_id = desk.open_thread().thread_id
        desk.handle_message(thread_id, INQUIRY)
        return thread_id
    finally:
        engine.dispose()


def _providers(thread_id: str) -> dict[str, str]:
    engine = ensure_ready(os.environ["VENUEDESK_DATABASE_URL"])
    try:
        with UnitOfWork(make_session_factory(engine, BETA), FrozenClock()) as uow:
            row = uow.threads.get(thread_id)
            assert row is not None
            return dict(row.providers)
    finally:
        engine.dispose()


def test_privacy_export_with_venue_finds_that_venues_client_only(runner: CliRunner, beta_thread: str) -> None:
    at_beta = runner.invoke(app, ["privacy", "export", "--email", EMAIL, "--venue", BETA])
    assert at_beta.exit_code == 0, at_beta.output
    assert [thread["thread_id"] for thread in json.loads(at_beta.stdout)["threads"]] == [beta_thread]
    at_default = runner.invoke(app, ["privacy", "export", "--email", EMAIL])
    assert json.loads(at_default.stdout)["threads"] == []


def test_privacy_erase_with_venue_erases_that_venues_threads(runner: CliRunner, beta_thread: str) -> None:
    assert "erased 0 thread(s)" in runner.invoke(app, ["privacy", "erase", "--email", EMAIL, "--yes"]).output
    erased = runner.invoke(app, ["privacy", "erase", "--email", EMAIL, "--yes", "--venue", BETA])
    assert erased.exit_code == 0 and f"erased 1 thread(s): {beta_thread}" in erased.output, erased.output


def test_threads_migrate_with_venue_moves_that_venues_thread(runner: CliRunner, beta_thread: str) -> None:
    assert runner.invoke(app, ["threads", "migrate", beta_thread, "--provider", "openai_chat"]).exit_code == 2
    moved = runner.invoke(app, ["threads", "migrate", beta_thread, "--provider", "openai_chat", "--venue", BETA])
    assert moved.exit_code == 0, moved.output
    assert set(_providers(beta_thread).values()) == {"openai_chat"}


def test_calendars_feeds_with_venue_prints_that_venues_addresses(runner: CliRunner, beta_thread: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENUEDESK_PUBLIC_URL", "https://desk.example.com")
    result = runner.invoke(app, ["calendars", "feeds", "--venue", BETA])
    assert result.exit_code == 0, result.output
    addresses = dict(line.split("\t") for line in result.output.splitlines() if "\t" in line)
    assert addresses["room-b"].startswith(f"https://desk.example.com/v/{BETA}/calendar/room-b.ics?token=")


@pytest.mark.parametrize("command", [["privacy", "export", "--email", EMAIL], ["threads", "migrate", "thr_x",
                                                                               "--provider", "openai_chat"],
                                     ["calendars", "feeds"]], ids=["privacy", "threads", "feeds"])
def test_an_unknown_venue_ends_the_command_with_one_line(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--venue", "nowhere"])
    assert result.exit_code == 2
    assert "no venue 'nowhere'" in result.output
