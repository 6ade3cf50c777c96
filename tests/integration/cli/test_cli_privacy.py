"""`venuedesk privacy` (docs/privacy.md): export prints the client's data as JSON; erase asks first unless --yes,
erases every thread of the client and reports 0 the second time."""

from __future__ import annotations

import json
import os
from datetime import datetime

from typer.testing import CliRunner

from venuedesk.cli import app
from venuedesk.clock import FrozenClock
from venuedesk.store.db import ensure_ready, seed
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

CLOCK = "2026-02-02T09:00:00+01:00"  # the CLI fixtures' frozen clock
EMAIL = "annelie@brunnschweiler.ch"
INQUIRY = f"Hi, Annelie Brunnschweiler here ({EMAIL}): a workshop for 30 people on 10 March 2026, 9 to 5."


def _client_thread() -> str:
    engine = ensure_ready(os.environ["VENUEDESK_DATABASE_URL"])
    try:
        seed(engine, load_catalogue_documents())
        desk = Desk(engine, FrozenClock(datetime.fromisoformat(CLOCK)))
        thread_id = desk.open_thread().thread_id
        desk.handle_message(thread_id, INQUIRY)
        return thread_id
    finally:
        engine.dispose()


def test_export_prints_the_clients_threads_as_json(runner: CliRunner) -> None:
    thread_id = _client_thread()
    result = runner.invoke(app, ["privacy", "export", "--email", EMAIL.upper()])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert [thread["thread_id"] for thread in exported["threads"]] == [thread_id]
    assert "Brunnschweiler" in result.stdout


def test_erase_without_yes_asks_and_a_no_erases_nothing(runner: CliRunner) -> None:
    _client_thread()
    result = runner.invoke(app, ["privacy", "erase", "--email", EMAIL], input="n\n")
    assert result.exit_code == 1 and "nothing erased" in result.output
    assert "Brunnschweiler" in runner.invoke(app, ["privacy", "export", "--email", EMAIL]).stdout


def test_erase_with_yes_erases_once_and_reports_zero_the_second_time(runner: CliRunner) -> None:
    thread_id = _client_thread()
    first = runner.invoke(app, ["privacy", "erase", "--email", EMAIL, "--yes"])
    assert first.exit_code == 0 and f"erased 1 thread(s): {thread_id}" in first.output, first.output
    second = runner.invoke(app, ["privacy", "erase", "--email", EMAIL, "--yes"])
    assert second.exit_code == 0 and "erased 0 thread(s)" in second.output
