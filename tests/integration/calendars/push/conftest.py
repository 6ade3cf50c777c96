"""The push tests' world: a local Radicale with one calendar per room, the demo venue whose rooms B and C push into
them, a frozen clock, a desk, and job dependencies whose CalDAV writer counts its writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from push_fixtures import NOW, CountingWriter, make_calendars, with_push_calendars
from venuedesk.calendars.local_server import LocalCalDAV
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalCalDAV]:
    with LocalCalDAV(tmp_path / "caldav") as running:
        yield running


@pytest.fixture
def calendars(server: LocalCalDAV) -> dict[str, str]:
    return make_calendars(server)


@pytest.fixture
def engine(database_url: str, calendars: dict[str, str]) -> Iterator[Engine]:
    """The demo venue whose rooms B and C push into their calendars on the local server."""
    engine = make_engine(database_url)
    upgrade(engine)
    seed(engine, with_push_calendars(load_catalogue_documents(), calendars))
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock, id_seed=0)


@pytest.fixture
def writer() -> CountingWriter:
    return CountingWriter()


@pytest.fixture
def deps(engine: Engine, writer: CountingWriter) -> JobDeps:
    return dataclasses.replace(deps_for_engine(engine), calendar_writer=writer)
