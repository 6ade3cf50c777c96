"""Job fixtures: a migrated, seeded database per backend, a Desk on it with a frozen clock, job deps, and a
thread waiting for the manager."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from jobs_helpers import NOW, waiting_on_manager
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.store.db import make_engine, seed, upgrade
from venuedesk.venue.loader import CatalogueDocuments, load_catalogue_documents
from venuedesk.workflow.desk import Desk


@pytest.fixture(scope="session")
def demo_catalogue() -> CatalogueDocuments:
    return load_catalogue_documents()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, demo_catalogue: CatalogueDocuments) -> Path:
    """A SQLite file migrated and seeded once; each SQLite test starts from a copy."""
    path = tmp_path_factory.mktemp("jobs-template") / "venuedesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed(engine, demo_catalogue)
    engine.dispose()
    return path


@pytest.fixture
def engine(database_url: str, demo_catalogue: CatalogueDocuments, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The database at head with the demo venue."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), str(url.database))
        engine = make_engine(database_url)
    else:
        engine = make_engine(database_url)
        upgrade(engine)
        seed(engine, demo_catalogue)
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
def deps(engine: Engine) -> JobDeps:
    return deps_for_engine(engine)


@pytest.fixture
def waiting_thread(desk: Desk) -> str:
    """A thread whose offer (Room B on 10 March 2026, an option hold placed at NOW) waits for the manager."""
    return waiting_on_manager(desk)
