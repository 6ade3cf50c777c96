"""The pipeline of one month reads only that month's rows in SQL (docs/pipeline.md) and gives the same figures as
the pipeline computed from every row, on SQLite and PostgreSQL, over the seeded threads of `pipeline_helpers.py`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from api_helpers import MANAGER_TOKEN, NOW
from pipeline_helpers import Scenario, build
from venuedesk.clock import FrozenClock
from venuedesk.domain.pipeline import Filters, Month, compute_pipeline
from venuedesk.store.db import ensure_ready
from venuedesk.store.pipeline_reads import pipeline_rows
from venuedesk.transports.app import create_app
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.pipeline_report import compute

MONTHS = [Month(2026, 1), Month(2026, 2), Month(2026, 3), Month(2026, 4), Month(2026, 5)]


def _played(database_url: str, home: Path) -> tuple[Desk, Scenario]:
    engine = ensure_ready(database_url)
    clock = FrozenClock(NOW)
    desk = Desk(engine, clock)
    app = create_app(desk, manager_token=MANAGER_TOKEN, settings=ServerSettings(home=home))
    with TestClient(app, raise_server_exceptions=False) as client:
        return desk, build(client, desk, clock, engine)


def test_one_months_read_gives_the_figures_of_every_row(database_url: str, tmp_path: Path) -> None:
    desk, _ = _played(database_url, tmp_path / "home")
    try:
        with desk.uow() as uow:
            every = pipeline_rows(uow.session)
        for month in MONTHS:
            for room in (None, "room-a", "room-b"):
                filters = Filters(month=month, room_id=room)
                whole = compute_pipeline(every.threads, every.exits, every.exchanges, every.tasks, filters)
                assert replace(compute(desk.uow, filters), rooms=[]) == replace(whole, rooms=[]), (month, room)
    finally:
        desk.engine.dispose()


def test_one_months_read_leaves_the_other_months_threads_out(database_url: str, tmp_path: Path) -> None:
    desk, scenario = _played(database_url, tmp_path / "home")
    try:
        with desk.uow() as uow:
            april = pipeline_rows(uow.session, Month(2026, 4))
            january = pipeline_rows(uow.session, Month(2026, 1))
        assert [thread.thread_id for thread in april.threads] == [scenario.option]
        assert (january.threads, january.exits, january.exchanges, january.tasks) == ([], [], [], [])
        assert january.months == [Month(2026, 2), Month(2026, 3), Month(2026, 4)]
    finally:
        desk.engine.dispose()
